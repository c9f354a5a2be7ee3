/**
 * Committing a plan after a check-in, in fixture repositories built here:
 * the plan alone is committed, nothing from the repository runs, and a
 * commit refused for a moment by another git's index lock goes through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitPlan, CommitError } from '../../client/src/git/commitPlan';

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'ana@example.com' };

/** A repository with a plan and a note committed, and the plan and note both changed since, the note staged. */
function repository(): { dir: string; plan: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'okr-commit-'));
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'support'));
  const plan = join(dir, 'support', 'FY26Q4-OKR-Plan.md');
  writeFileSync(plan, '# FY26Q4 OKR Plan\n\n- KR: Reply within a day => 10%\n');
  writeFileSync(join(dir, 'notes.md'), 'Notes\n');
  git('add', '.');
  git('commit', '-q', '-m', 'The handbook');
  writeFileSync(plan, '# FY26Q4 OKR Plan\n\n- KR: Reply within a day => 40%\n');
  writeFileSync(join(dir, 'notes.md'), 'Notes, staged\n');
  git('add', 'notes.md');
  return { dir, plan, git };
}

test('a check-in commits the plan alone, leaving what else was staged, and runs no hook of the repository', async () => {
  const { dir, plan, git } = repository();
  mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\ntouch ${JSON.stringify(join(dir, 'hook-ran'))}\nexit 1\n`, { mode: 0o755 });
  const hash = await commitPlan(plan, 'Check in on FY26Q4: KR 10% → 40%');
  assert.equal(git('rev-parse', '--short', 'HEAD').trim(), hash);
  assert.equal(git('log', '-1', '--format=%s').trim(), 'Check in on FY26Q4: KR 10% → 40%');
  assert.equal(git('show', '--name-only', '--format=', 'HEAD').trim(), 'support/FY26Q4-OKR-Plan.md');
  assert.equal(git('diff', '--cached', '--name-only').trim(), 'notes.md', 'the note stays staged');
  assert.equal(existsSync(join(dir, 'hook-ran')), false, 'no hook ran');
  rmSync(dir, { recursive: true, force: true });
});

test('a commit refused while another git holds the index lock goes through once the lock is released', async () => {
  const { dir, plan, git } = repository();
  const lock = join(dir, '.git', 'index.lock');
  // The editor's git extension holds the lock for a moment, as it does on each refresh.
  writeFileSync(lock, '');
  const released = setTimeout(() => unlinkSync(lock), 300);
  const hash = await commitPlan(plan, 'Check in on FY26Q4');
  clearTimeout(released);
  assert.equal(existsSync(lock), false, 'the commit was made after the lock was released');
  assert.equal(git('rev-parse', '--short', 'HEAD').trim(), hash);
  assert.equal(git('show', '--name-only', '--format=', 'HEAD').trim(), 'support/FY26Q4-OKR-Plan.md');
  rmSync(dir, { recursive: true, force: true });
});

test('a lock that is never released gives up in a few seconds and says why', async () => {
  const { dir, plan, git } = repository();
  writeFileSync(join(dir, '.git', 'index.lock'), '');
  const head = git('rev-parse', 'HEAD');
  const started = Date.now();
  await assert.rejects(commitPlan(plan, 'Check in on FY26Q4'), (error: unknown) => error instanceof CommitError && /index\.lock': File exists/.test(error.message));
  assert.ok(Date.now() - started < 10_000, 'it does not wait long');
  assert.equal(git('rev-parse', 'HEAD'), head, 'nothing was committed');
  rmSync(dir, { recursive: true, force: true });
});
