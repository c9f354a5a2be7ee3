/**
 * The Markdown files changed since a git ref, for `okr check --changed-since`:
 * what a pull request touched, plus uncommitted and untracked changes. Git is
 * run without a shell, its arguments passed as they are, and with hooks,
 * file-system monitors, external diff tools, pagers and the system config
 * turned off, so a repository's own settings cannot run anything.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** Why the changed files could not be listed, in one line. */
export class ChangedFilesError extends Error {}

const HARDENING = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=', '-c', 'diff.external=', '-c', 'core.pager=cat', '--no-pager'];

/** Runs git in `cwd` and returns its output; rejects with git's first line of complaint. */
function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...HARDENING, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: false, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout, stderr) => {
      if (!error) resolve(stdout);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new ChangedFilesError('git is not installed or not on the PATH'));
      else reject(new ChangedFilesError(stderr.split('\n').find((line) => line.trim() !== '')?.replace(/^(?:fatal|error): /, '') ?? error.message));
    });
  });
}

/** The files of a NUL-separated list from git, relative to the repository's top. */
const listed = (output: string): string[] => output.split('\0').filter((file) => file !== '');

/** Markdown and text files, as `okr check` reads from a folder. */
const CHECKED = /\.(?:md|markdown|txt)$/i;

/**
 * The Markdown files under `cwd`'s repository changed since `ref` (on this
 * branch since it forked from `ref`, and not yet committed), that still
 * exist, as paths relative to `cwd`, sorted.
 */
export async function changedFilesSince(ref: string, cwd: string = process.cwd()): Promise<string[]> {
  let top: string;
  try {
    top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new ChangedFilesError(`${cwd} is not in a git repository (${(error as Error).message})`);
  }
  try {
    await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new ChangedFilesError(`--changed-since: "${ref}" is not a known git ref`);
  }
  const [committed, uncommitted, untracked] = await Promise.all([
    git(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', '--no-ext-diff', '--end-of-options', `${ref}...HEAD`, '--']),
    git(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', '--no-ext-diff', 'HEAD', '--']),
    git(top, ['ls-files', '-z', '--others', '--exclude-standard']),
  ]);
  const files = new Set([...listed(committed), ...listed(uncommitted), ...listed(untracked)].filter((file) => CHECKED.test(file)));
  return [...files].map((file) => path.relative(cwd, path.join(top, file)) || file).sort();
}
