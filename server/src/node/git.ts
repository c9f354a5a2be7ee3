/**
 * A plan's versions from git, read with the git command. git is spawned
 * without a shell and every argument is passed as it is; the repository's
 * hooks, pager, external diff, text conversion and file-system monitor are
 * turned off and the system config is not read, so nothing from the
 * workspace runs. Every blob is read through one `git cat-file --batch`, so
 * a history of thousands of commits costs two processes, not thousands.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/** Why git could not give a history, in words for the user. */
export class GitError extends Error {}

/** One commit that touched a file, and the file's path in it. */
export interface FileVersion {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  author: string;
  /** The path in that commit, relative to the repository root: renames are followed. */
  path: string;
  /** The path in the commit's first parent: the old name where the commit renamed the file. */
  previousPath: string;
}

/** A file's history: its versions, oldest first, and what may be missing from it. */
export interface FileHistory {
  root: string;
  versions: FileVersion[];
  /** The clone is shallow: the oldest check-ins are not there. */
  shallow: boolean;
}

const SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'diff.external=', '-c', 'core.quotePath=false', '--no-pager'];

/** The environment git runs in: no system config, no prompts, no pager, no locks taken for reading. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', GIT_EXTERNAL_DIFF: '' };
}

/** Runs git in `cwd` and resolves to its output; `input` is written to its standard input. */
function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnv(), shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(new GitError(error.code === 'ENOENT' ? 'git is not installed: the history needs the git command' : `git could not start: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(Buffer.concat(err).toString('utf8').split('\n').find((line) => line.trim() !== '')?.replace(/^(?:fatal|error): /, '') ?? `git exited with ${code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Every commit that changed `file`, following renames, oldest first; merges that changed nothing of their own are left out. */
export async function fileHistory(file: string): Promise<FileHistory> {
  const absolute = path.resolve(file);
  const folder = path.dirname(absolute);
  let root: string;
  try {
    root = (await git(folder, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) throw new GitError(`${file} is not in a git repository: its history needs a clone`);
    throw error;
  }
  const real = (target: string): string => {
    try {
      return realpathSync(target);
    } catch {
      return target;
    }
  };
  const relative = path.relative(real(root), real(absolute)).split(path.sep).join('/');
  const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'])).toString('utf8').trim() === 'true';
  let log: string;
  try {
    log = (await git(root, ['log', '--follow', '--no-ext-diff', '--no-textconv', '--name-status', '--format=%x1e%H%x00%aI%x00%an', '--', relative])).toString('utf8');
  } catch (error) {
    // An unborn branch has no commits yet, so no check-ins.
    if (error instanceof GitError && /does not have any commits|unknown revision|bad default revision/i.test(error.message)) return { root, versions: [], shallow };
    throw error;
  }
  const versions: FileVersion[] = [];
  for (const record of log.split('\x1e').slice(1)) {
    const [header, ...rest] = record.split('\n');
    const [commit, date, author] = header.split('\x00');
    const change = rest.map((line) => line.split('\t')).find((fields) => fields.length >= 2);
    // A version that deleted the file has no text; a merge lists no change of its own.
    if (!change || change[0].startsWith('D')) continue;
    versions.push({ commit, date, author, path: change[change.length - 1], previousPath: change[1] });
  }
  return { root, versions: versions.reverse(), shallow };
}

/** A file's content in one commit: its blob id, and its text, or null when it is binary, too large or missing. */
export interface Blob {
  id: string | null;
  text: string | null;
}

/**
 * Each version's text and its first parent's (what the commit changed it
 * from), read through one `git cat-file --batch`. A blob id names a text, so
 * a text read twice (a version, then as the next one's parent) can be parsed once.
 */
export async function versionTexts(root: string, versions: readonly FileVersion[], maxBytes: number): Promise<Array<{ version: Blob; parent: Blob }>> {
  if (versions.length === 0) return [];
  const specs = versions.flatMap((version) => [`${version.commit}:${version.path}`, `${version.commit}^:${version.previousPath}`]);
  const output = await git(root, ['cat-file', '--batch'], specs.map((spec) => `${spec}\n`).join(''));
  const blobs: Blob[] = [];
  let at = 0;
  for (let index = 0; index < specs.length; index++) {
    const end = output.indexOf(0x0a, at);
    if (end < 0) break;
    const header = output.subarray(at, end).toString('utf8');
    at = end + 1;
    const found = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!found) {
      blobs.push({ id: null, text: null });
      continue;
    }
    const bytes = output.subarray(at, at + Number(found[2]));
    at += Number(found[2]) + 1;
    blobs.push({ id: found[1], text: bytes.length > maxBytes || bytes.includes(0) ? null : bytes.toString('utf8') });
  }
  return versions.map((_version, index) => ({ version: blobs[2 * index] ?? { id: null, text: null }, parent: blobs[2 * index + 1] ?? { id: null, text: null } }));
}
