/**
 * Commits one plan file after a check-in, when the author asks. git is
 * spawned without a shell, with fixed arguments: `commit --only -- <file>`
 * commits that file alone, whatever else is staged, which the built-in git
 * extension's API cannot (its commit takes the whole index). Nothing from
 * the repository runs: hooks are off (`core.hooksPath=/dev/null` and
 * `--no-verify`), as are the file-system monitor, the system config, the
 * clean filter of the file's attributes, and signing programs other than
 * the standard ones.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** Why a commit was not made, in words for the author. */
export class CommitError extends Error {}

const SAFE_CONFIG = [
  '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat',
  '-c', 'gpg.program=gpg', '-c', 'gpg.ssh.program=ssh-keygen', '-c', 'gpg.x509.program=gpgsm',
];

/** Runs git in `cwd` with the safe configuration and resolves to its standard output. */
function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, ...args], {
      cwd,
      shell: false,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_PAGER: 'cat' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => reject(new CommitError(error.code === 'ENOENT' ? 'git is not installed.' : `git could not start: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new CommitError(err.split('\n').find((line) => line.trim() !== '')?.replace(/^(?:fatal|error): /, '') ?? `git exited with ${code}`));
    });
  });
}

/** The repository that holds a file, or null when it is in none. */
export async function repositoryOf(file: string): Promise<string | null> {
  try {
    return (await git(path.dirname(file), ['rev-parse', '--show-toplevel'])).trim() || null;
  } catch {
    return null;
  }
}

/** Commits the file alone with the message; resolves to the new commit's short hash. */
export async function commitPlan(file: string, message: string): Promise<string> {
  const root = await repositoryOf(file);
  if (!root) throw new CommitError(`${path.basename(file)} is not in a git repository.`);
  const relative = path.relative(root, file);
  // A clean filter named by the file's attributes would run a program from the repository's config.
  const attribute = /: filter: (.+)$/m.exec(await git(root, ['check-attr', 'filter', '--', relative]))?.[1].trim();
  const filter = attribute && !['unspecified', 'unset', 'set'].includes(attribute) ? attribute : null;
  const noFilter = filter ? ['-c', `filter.${filter}.clean=`, '-c', `filter.${filter}.process=`, '-c', `filter.${filter}.required=false`] : [];
  await whenUnlocked(() => git(root, [...noFilter, 'commit', '--no-verify', '--only', '-m', message, '--', relative]));
  return (await git(root, ['rev-parse', '--short', 'HEAD'])).trim();
}

/** How often, and after how long at first, a commit refused for a held index lock is tried again: about three seconds in all. */
const LOCK_RETRIES = 6;
const LOCK_WAIT_MS = 50;

/**
 * Runs `commit` again while another git holds the repository's index lock:
 * the editor's own git extension takes it for a moment on every refresh, and
 * git itself never waits. A refused commit changed nothing, so it is safe to repeat.
 */
async function whenUnlocked<T>(commit: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await commit();
    } catch (error) {
      if (attempt >= LOCK_RETRIES || !(error instanceof CommitError) || !/index\.lock/.test(error.message)) throw error;
      await new Promise((wake) => setTimeout(wake, LOCK_WAIT_MS * 2 ** attempt));
    }
  }
}
