/**
 * A plan's versions from git, read with the git command. git is spawned
 * without a shell and every argument is passed as it is; the repository's
 * hooks, pager, external diff, text conversion, signature checks and
 * file-system monitor are turned off and the system config is not read, so
 * nothing from the workspace runs. The log names each version's blob and its
 * parent's, and the blobs stream through one `git cat-file --batch`, so a
 * history of thousands of commits costs two processes and little memory.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** Why git could not give a history, in words for the user. */
export class GitError extends Error {}

/** Where a file is in its repository, and the commit HEAD names. */
export interface FileLocation {
  root: string;
  /** The file's path relative to the root, with `/`. */
  relative: string;
  /** The commit HEAD names, or null on a branch with no commits yet. */
  head: string | null;
  /** The shallow clone's boundary commits (empty when the clone is complete): the oldest check-ins are not there. */
  shallow: string[];
}

/** One commit that touched a file, and the file's path and blob in it. */
export interface FileVersion {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  author: string;
  /** The path in that commit, relative to the repository root: renames are followed. */
  path: string;
  /** The file's blob in that commit. */
  blob: string;
  /** The file's blob in the commit's first parent (under its old name where the commit renamed it), or null where the commit added it. */
  parentBlob: string | null;
}

const SAFE_CONFIG = [
  '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'diff.external=', '-c', 'core.quotePath=false',
  '-c', 'log.showSignature=false', '-c', 'color.ui=false', '-c', 'i18n.logOutputEncoding=UTF-8', '--no-pager',
];

/** The environment git runs in: no system config, no prompts, no pager, no locks taken for reading. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', GIT_EXTERNAL_DIFF: '' };
}

/** Starts git in `cwd`; a signal that aborts kills it. */
function start(cwd: string, args: readonly string[], signal: AbortSignal | undefined): ChildProcessWithoutNullStreams {
  return spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnv(), shell: false, stdio: ['pipe', 'pipe', 'pipe'], signal });
}

/** What a git process failed with, as a GitError (or the abort, as it came). */
function failure(error: NodeJS.ErrnoException, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new GitError('the history was cancelled');
  return new GitError(error.code === 'ENOENT' ? 'git is not installed: the history needs the git command' : `git could not start: ${error.message}`);
}

/** git's first line of complaint, without its `fatal:` prefix. */
function complaint(stderr: Buffer[], code: number | null): string {
  return Buffer.concat(stderr).toString('utf8').split('\n').find((line) => line.trim() !== '')?.replace(/^(?:fatal|error): /, '') ?? `git exited with ${code}`;
}

/** Runs git in `cwd` and resolves to its output. */
function git(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = start(cwd, args, signal);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(failure(error, signal)));
    child.on('close', (code) => {
      if (signal?.aborted) reject(failure(new Error('aborted'), signal));
      else if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(complaint(err, code)));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end();
  });
}

/** Finds `file`'s repository, its path there, HEAD and whether the clone is shallow: one git process. */
export async function locate(file: string, signal?: AbortSignal): Promise<FileLocation> {
  const absolute = path.resolve(file);
  const folder = path.dirname(absolute);
  const ask = async (withHead: boolean): Promise<string[]> => (await git(folder, ['rev-parse', '--show-toplevel', '--git-path', 'shallow', ...(withHead ? ['--verify', '--end-of-options', 'HEAD'] : [])], signal)).toString('utf8').split('\n');
  let answer: string[];
  try {
    answer = await ask(true);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (/not a git repository/i.test(error.message)) throw new GitError(`${file} is not in a git repository: its history needs a clone`);
    if (!/needed a single revision|unknown revision|ambiguous argument/i.test(error.message)) throw error;
    // A branch with no commits yet: HEAD names nothing.
    answer = [...(await ask(false)).slice(0, 2), ''];
  }
  const [root, shallowFile, head] = answer;
  const real = (target: string): string => {
    try {
      return realpathSync(target);
    } catch {
      return target;
    }
  };
  let shallow: string[] = [];
  try {
    shallow = readFileSync(path.resolve(folder, shallowFile), 'utf8').split('\n').filter(Boolean);
  } catch {
    // No shallow file: the clone is complete.
  }
  return { root, relative: path.relative(real(root), real(absolute)).split(path.sep).join('/'), head: /^[0-9a-f]{40,64}$/.test(head ?? '') ? head : null, shallow };
}

/** True when `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(root: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await git(root, ['merge-base', '--is-ancestor', ancestor, descendant], signal);
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}

/**
 * The commits from `head` back that changed the file at `relative`,
 * following renames, newest first, or only those not reachable from `since`.
 * A commit that deleted the file is left out, and so is a merge: it lists
 * no change of its own.
 */
export async function fileVersions(location: FileLocation, head: string, since: string | null, signal?: AbortSignal): Promise<FileVersion[]> {
  const range = since ? [`^${since}`, head] : [head];
  const log = (await git(location.root, ['log', '-z', '--follow', '--no-ext-diff', '--no-textconv', '--raw', '--no-abbrev', '--format=%x1e%H%x00%aI%x00%an%x00', ...range, '--', location.relative], signal)).toString('utf8');
  const versions: FileVersion[] = [];
  for (const record of log.split('\x1e').slice(1)) {
    const [commit, date, author, ...raw] = record.split('\x00');
    // A raw entry: `:mode mode blob blob status`, then one path, or two for a rename or copy.
    const at = raw.findIndex((field) => field.trimStart().startsWith(':'));
    if (at < 0) continue;
    const [, , oldBlob, newBlob, status] = raw[at].trimStart().split(' ');
    if (status.startsWith('D')) continue;
    const renamed = /^[RC]/.test(status);
    versions.push({ commit, date, author, path: raw[at + (renamed ? 2 : 1)], blob: newBlob, parentBlob: /^0+$/.test(oldBlob) ? null : oldBlob });
  }
  return versions;
}

/** A blob's text, or null when it is binary, larger than the limit, or missing. */
export type BlobText = string | null;

/**
 * Reads blobs by id through one `git cat-file --batch`, in the order asked,
 * yielding each as it arrives: the output is never held whole, and git
 * waits while the caller works on a blob. Ending the loop early stops git.
 */
export async function* readBlobs(root: string, ids: readonly string[], maxBytes: number, signal?: AbortSignal): AsyncGenerator<BlobText> {
  if (ids.length === 0) return;
  const child = start(root, ['cat-file', '--batch'], signal);
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => reject(failure(error, signal)));
    child.on('close', resolve);
  });
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  child.stdin.end(ids.map((id) => `${id}\n`).join(''));
  let pending: Buffer = Buffer.alloc(0);
  /** The body being read: its size, and its parts so far (none when it is too large to keep). */
  let body: { size: number; read: number; parts: Buffer[] | null } | null = null;
  let given = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      const texts: BlobText[] = [];
      while (at < pending.length) {
        if (body) {
          // The body, then the newline after it.
          const part = pending.subarray(at, Math.min(pending.length, at + body.size + 1 - body.read));
          body.parts?.push(part);
          body.read += part.length;
          at += part.length;
          if (body.read < body.size + 1) break;
          const bytes = body.parts ? Buffer.concat(body.parts).subarray(0, body.size) : null;
          body = null;
          texts.push(bytes && !bytes.includes(0) ? bytes.toString('utf8') : null);
          continue;
        }
        const end = pending.indexOf(0x0a, at);
        if (end < 0) break;
        const found = /^[0-9a-f]+ blob (\d+)$/.exec(pending.subarray(at, end).toString('utf8'));
        at = end + 1;
        if (found) body = { size: Number(found[1]), read: 0, parts: Number(found[1]) > maxBytes ? null : [] };
        // `<id> missing`, or another kind of object: no text.
        else texts.push(null);
      }
      // Keep only what is left unread, copied, so the chunk it came from can go.
      pending = at >= pending.length ? Buffer.alloc(0) : Buffer.from(pending.subarray(at));
      for (const text of texts) {
        given++;
        yield text;
      }
    }
  } finally {
    if (given < ids.length) child.kill();
  }
  const code = await exited;
  if (signal?.aborted) throw failure(new Error('aborted'), signal);
  if (code !== 0 || given < ids.length) throw new GitError(complaint(err, code));
}
