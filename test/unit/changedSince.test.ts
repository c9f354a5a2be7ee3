/**
 * `okr check --changed-since REF` on a git repository built here, with fixed
 * dates: only the Markdown files changed on the branch since REF, and those
 * not yet committed, are checked; deleted files are not; a folder that is
 * not a repository, or an unknown ref, is one line and exit code 2. Runs the
 * built `okr` command (run `npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

function okr(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const DATE = '2024-01-02T03:04:05Z';
const env = { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/** A plan with one warning: a placeholder (TBD). */
const plan = (title: string): string => [`# FY23Q1 OKR Plan: ${title}`, '', '**Objective: Grow revenue.**', '', '- KR: Reach TBD customers', '- KR: Hire 2 PMs', ''].join('\n');

test('okr check --changed-since checks the files changed on the branch and in the working tree', () => {
  const repo = mkdtempSync(join(tmpdir(), 'okr-changed-'));
  mkdirSync(join(repo, 'plans'));
  for (const name of ['old', 'edited', 'deleted']) writeFileSync(join(repo, 'plans', `${name}.md`), plan(name));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'plans');
  git(repo, 'checkout', '-q', '-b', 'work');
  writeFileSync(join(repo, 'plans', 'edited.md'), plan('edited again'));
  writeFileSync(join(repo, 'plans', 'new.md'), plan('new'));
  writeFileSync(join(repo, 'notes.yml'), 'not: markdown\n');
  rmSync(join(repo, 'plans', 'deleted.md'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'work');
  writeFileSync(join(repo, 'plans', 'uncommitted.md'), plan('uncommitted'));

  const result = okr(['check', '--changed-since', 'main', '--format', 'json'], repo);
  assert.equal(result.code, 0, result.stderr);
  const files = [...new Set((JSON.parse(result.stdout) as Array<{ file: string }>).map((diagnostic) => diagnostic.file))].sort();
  assert.deepEqual(files, ['plans/edited.md', 'plans/new.md', 'plans/uncommitted.md']);

  const within = okr(['check', '--changed-since', 'main', '--format', 'json', 'plans/new.md'], repo);
  assert.deepEqual([...new Set((JSON.parse(within.stdout) as Array<{ file: string }>).map((diagnostic) => diagnostic.file))], ['plans/new.md']);

  const fromFolder = okr(['check', '--changed-since', 'main'], join(repo, 'plans'));
  assert.match(fromFolder.stdout, /^new\.md:/m, 'paths are relative to where okr runs');

  const unknown = okr(['check', '--changed-since', 'no-such-branch'], repo);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);
  assert.match(unknown.stderr, /"no-such-branch" is not a known git ref/);

  const option = okr(['check', '--changed-since', '--output=/tmp/x'], repo);
  assert.equal(option.code, 2, 'a ref that looks like an option is never read as one');
});

test('okr check --changed-since outside a git repository is one line and exit code 2', () => {
  const folder = mkdtempSync(join(tmpdir(), 'okr-not-git-'));
  const result = spawnSync(process.execPath, [cli, 'check', '--changed-since', 'main'], { cwd: folder, encoding: 'utf8', env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } });
  assert.equal(result.status, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /not in a git repository/);
});
