/**
 * `okr history` on fixture repositories built here, with fixed dates: every
 * commit that changed a plan is a check-in, renames are followed, a merge
 * adds nothing of its own, and what moved is named exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planChanges, summarizeCheckIn, type CheckIn } from '../../server/src/okr/history/checkIns';
import { parsePlan } from '../../server/src/okr/parse/parser';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** A git repository in a temp folder, committing as one author at the dates given. */
function repository(): { dir: string; commit(message: string, date: string): void; git(...args: string[]): string } {
  const dir = mkdtempSync(join(tmpdir(), 'okr-history-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Jane Doe', GIT_AUTHOR_EMAIL: 'jane@example.com', GIT_COMMITTER_NAME: 'Jane Doe', GIT_COMMITTER_EMAIL: 'jane@example.com' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    commit(message, date) {
      git('add', '-A');
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    },
  };
}

const plan = (statuses: [string, string, string?], progress: [string, string]): string => `# FY26Q4 OKR Plan

**Objective: Answer every customer within a day.**

- KR: 90% of first replies within 4 hours => ${progress[0]}
- KR: Backlog under 50 tickets => ${progress[1]}

| # | Status | Responsible | Project |
| - | ------ | ----------- | ------- |
| 1 | ${statuses[0]} | Jane | Triage bot |
| 2 | ${statuses[1]} | Jane | Weekly review |
${statuses[2] ? `| 3 | ${statuses[2]} | Jane | Macro cleanup |\n` : ''}`;

function history(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'history', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('each commit that changed a plan is a check-in, through a rename and a merge, with what moved', () => {
  const repo = repository();
  mkdirSync(join(repo.dir, 'support'));
  writeFileSync(join(repo.dir, 'support', 'OKR-draft.md'), plan(['Not started', 'Not started'], ['10%', '0%']));
  repo.commit('Draft the plan', '2026-10-01T10:00:00Z');
  writeFileSync(join(repo.dir, 'support', 'OKR-draft.md'), plan(['Done', 'Not started'], ['40%', '0%']));
  repo.commit('Weekly check-in', '2026-10-08T10:00:00Z');
  repo.git('mv', 'support/OKR-draft.md', 'support/FY26Q4-OKR-Plan.md');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'Not started', 'Not started'], ['40%', '0%']));
  repo.commit('Name the plan and add a task', '2026-10-15T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'side');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'Not started', 'Not started'], ['40%', '50%']));
  repo.commit('Backlog check-in', '2026-10-20T10:00:00Z');
  repo.git('checkout', '-q', 'main');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'In-progress', 'Not started'], ['40%', '0%']));
  repo.commit('Start the review', '2026-10-22T10:00:00Z');
  repo.git('-c', 'core.hooksPath=/dev/null', 'merge', '-q', '--no-edit', '-s', 'ort', '-X', 'theirs', 'side');

  const result = history(repo.dir, 'support/FY26Q4-OKR-Plan.md', '--json');
  assert.equal(result.stderr, '');
  const checkIns = JSON.parse(result.stdout) as CheckIn[];
  assert.deepEqual(checkIns.map((checkIn) => [checkIn.date.slice(0, 10), checkIn.path, checkIn.author]), [
    ['2026-10-01', 'support/OKR-draft.md', 'Jane Doe'],
    ['2026-10-08', 'support/OKR-draft.md', 'Jane Doe'],
    ['2026-10-15', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
    ['2026-10-20', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
    ['2026-10-22', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
  ]);
  const moved = checkIns.map((checkIn) => checkIn.changes.filter((change) => change.kind !== 'added').map((change) => `${change.kind} ${change.id ?? change.text}: ${change.from} → ${change.to}`));
  assert.deepEqual(moved, [
    [],
    ['status 1: Not started → Done', 'progress 90% of first replies within 4 hours: 10% → 40%'],
    [],
    ['progress Backlog under 50 tickets: 0% → 50%'],
    ['status 2: Not started → In-progress'],
  ]);
  assert.deepEqual(checkIns[2].changes.map((change) => [change.kind, change.item, change.id]), [['added', 'task', '3']], 'the rename commit adds only task 3');
  assert.equal(checkIns[0].changes.filter((change) => change.kind === 'added').length, 5, 'the first version adds its objective, key results and tasks');

  const text = history(repo.dir, 'support/FY26Q4-OKR-Plan.md', '--since', '2026-10-08');
  assert.match(text.stdout, /^2026-10-08 [0-9a-f]{8} Jane Doe {2}1 task status moved · KR "90% of first replies within 4…" 10% → 40%\n {2}task 1 "Triage bot": Not started → Done\n/);
  assert.doesNotMatch(text.stdout, /2026-10-01/);
});

test('outside a repository, with an unborn branch, or a bad date, history says so in one line', () => {
  const loose = mkdtempSync(join(tmpdir(), 'okr-no-git-'));
  writeFileSync(join(loose, 'plan.md'), plan(['Done', 'Done'], ['1%', '2%']));
  const outside = history(loose, 'plan.md');
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /^okr: plan\.md is not in a git repository: its history needs a clone\n$/);

  const empty = repository();
  writeFileSync(join(empty.dir, 'plan.md'), readFileSync(join(loose, 'plan.md')));
  assert.deepEqual(history(empty.dir, 'plan.md'), { code: 0, stdout: 'No check-ins.\n', stderr: '' });
  assert.equal(history(empty.dir, 'plan.md', '--since', 'last week').code, 2);
});

test('a repository cannot make history run its hooks, pager or external diff', () => {
  const repo = repository();
  writeFileSync(join(repo.dir, 'plan.md'), plan(['Done', 'Done'], ['1%', '2%']));
  repo.commit('Plan', '2026-10-01T10:00:00Z');
  const marker = join(repo.dir, 'ran');
  for (const [key, value] of [['core.pager', `touch ${marker}`], ['diff.external', `touch ${marker}`], ['core.fsmonitor', `touch ${marker}`], ['core.hooksPath', repo.dir]]) repo.git('config', key, value);
  writeFileSync(join(repo.dir, 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  const result = history(repo.dir, 'plan.md');
  assert.equal(result.code, 0);
  assert.throws(() => readFileSync(marker), 'nothing from the repository ran');
});

test('a check-in summary names what moved, and the first version adds everything', () => {
  const before = parsePlan(plan(['Not started', 'Done'], ['10%', '0%']));
  const after = parsePlan(plan(['Done', 'Done'], ['40%', '0%']));
  assert.equal(summarizeCheckIn(planChanges(before, after)), '1 task status moved · KR "90% of first replies within 4…" 10% → 40%');
  assert.equal(summarizeCheckIn(planChanges(after, after)), 'no change to objectives, key results or tasks');
  assert.ok(planChanges(null, after).every((change) => change.kind === 'added'));
});
