/**
 * The stale-plan rule: off unless a number of days is set; notes only a plan
 * whose period contains today and whose last check-in is that old, on its
 * title line. Dates and "today" are fixed. Also the periods it reads, and
 * `okr check` reading the last check-in from git only when the rule is on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/okr/parse/parser';
import { computeDiagnostics } from '../../server/src/okr/check/engine';
import { periodRange } from '../../server/src/okr/model/period';
import { parseProjectConfig } from '../../server/src/okr/project/projectConfig';

const plan = (period: string): string => `# ${period} OKR Plan

**Objective: Answer every customer within a day.**

- KR: 90% of first replies within 4 hours => 40%
`;

const stale = (text: string, options: { today: string; lastCheckIn?: { date: string; author: string } | null; staleAfterDays?: number | null }) =>
  computeDiagnostics(parseDocument(text), options).filter((diagnostic) => diagnostic.code === 'stale-plan');

test('periods as titles write them cover their quarters, halves and (fiscal) years', () => {
  assert.deepEqual(periodRange('2026-Q4'), { start: '2026-10-01', end: '2026-12-31' });
  assert.deepEqual(periodRange('Q3 2024'), { start: '2024-07-01', end: '2024-09-30' });
  assert.deepEqual(periodRange('2024-H1'), { start: '2024-01-01', end: '2024-06-30' });
  assert.deepEqual(periodRange('FY27-Q1'), { start: '2026-02-01', end: '2026-04-30' });
  assert.deepEqual(periodRange('FY22Q4'), { start: '2021-11-01', end: '2022-01-31' });
  assert.deepEqual(periodRange("FY'23"), { start: '2022-02-01', end: '2023-01-31' });
  assert.deepEqual(periodRange('H1 FY23'), { start: '2022-02-01', end: '2022-07-31' });
  assert.deepEqual(periodRange('FY2025 Q2', 1), { start: '2025-04-01', end: '2025-06-30' }, 'a fiscal year that starts in January is the calendar year');
  assert.equal(periodRange('H3 2024'), null);
  assert.equal(periodRange('sometime soon'), null);
});

test('a current plan without a check-in for the set number of days is noted on its title line', () => {
  const found = stale(plan('2026-Q4'), { today: '2026-12-01', lastCheckIn: { date: '2026-11-16T10:00:00+01:00', author: 'Ana Souza' }, staleAfterDays: 14 });
  assert.deepEqual(found.map(({ line, column, endLine, endColumn, severity, message }) => ({ line, column, endLine, endColumn, severity, message })), [
    { line: 1, column: 1, endLine: 1, endColumn: 19, severity: 'information', message: 'No check-in for 15 days: 2026-Q4 is under way and this plan was last committed on 2026-11-16 by Ana Souza. Update its progress and commit it.' },
  ]);
});

test('the rule is silent when it is off, the check-in is recent, the period is not current, or the history is unknown', () => {
  const last = { date: '2026-11-16T10:00:00Z', author: 'Ana' };
  assert.deepEqual(stale(plan('2026-Q4'), { today: '2026-12-01', lastCheckIn: last }), [], 'off by default');
  assert.deepEqual(stale(plan('2026-Q4'), { today: '2026-12-01', lastCheckIn: last, staleAfterDays: 16 }), [], '15 days is under 16');
  assert.deepEqual(stale(plan('2026-Q3'), { today: '2026-12-01', lastCheckIn: last, staleAfterDays: 14 }), [], 'a past quarter');
  assert.deepEqual(stale(plan('2027-Q1'), { today: '2026-12-01', lastCheckIn: last, staleAfterDays: 14 }), [], 'a future quarter');
  assert.deepEqual(stale(plan('2026-Q4'), { today: '2026-12-01', lastCheckIn: null, staleAfterDays: 14 }), [], 'no clone, or never committed');
  assert.equal(stale(plan('FY27-Q4'), { today: '2026-12-01', lastCheckIn: last, staleAfterDays: 14 }).length, 1, 'FY27-Q4 runs from November 2026 to January 2027');
  assert.deepEqual(stale('# Notes\n\nNothing to plan here, just a page.\n', { today: '2026-12-01', lastCheckIn: last, staleAfterDays: 1 }), [], 'a page that is not a plan');
});

test('the project file sets the days, and says what is wrong with a bad value', () => {
  assert.equal(parseProjectConfig('{ "staleAfterDays": 14 }').staleAfterDays, 14);
  assert.equal(parseProjectConfig('{ "staleAfterDays": null }').staleAfterDays, null);
  const bad = parseProjectConfig('{ "staleAfterDays": "two weeks" }');
  assert.equal(bad.staleAfterDays, null);
  assert.deepEqual(bad.problems, ['"staleAfterDays" must be a whole number of days from 1 to 3660, or null.']);
});

test('okr check notes a stale current plan from its git history when .okr.json turns the rule on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-stale-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Ana Souza', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana Souza', GIT_COMMITTER_EMAIL: 'ana@example.com' };
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, env });
  git('init', '-q', '-b', 'main');
  // A quarter that holds today, whenever the test runs, and a check-in 40 days before today.
  const today = new Date();
  const period = `${today.getUTCFullYear()}-Q${Math.floor(today.getUTCMonth() / 3) + 1}`;
  const then = new Date(today.getTime() - 40 * 86_400_000).toISOString();
  writeFileSync(join(dir, 'plan.md'), plan(period));
  git('add', '-A');
  execFileSync('git', ['commit', '-q', '-m', 'Plan'], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: then, GIT_COMMITTER_DATE: then } });
  const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
  const check = (): string => spawnSync(process.execPath, [cli, 'check', 'plan.md'], { cwd: dir, encoding: 'utf8' }).stdout;
  assert.doesNotMatch(check(), /stale-plan/, 'off without the setting');
  writeFileSync(join(dir, '.okr.json'), '{ "staleAfterDays": 30 }');
  assert.match(check(), new RegExp(`^plan\\.md:1:1: information stale-plan: No check-in for 40 days: ${period} is under way and this plan was last committed on ${then.slice(0, 10)} by Ana Souza\\.`, 'm'));
});
