import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../server/src/okr/parse/parser';
import type { Plan } from '../../server/src/okr/model/plan';
import { buildProgressModel, CHECK_IN_LIMIT, historyView, overviewOf, statusBarText, type LineProblem } from '../../client/src/views/progressModel';
import type { PlanHistoryResult } from '../../server/src/protocol';
import { validatePanelMessage } from '../../client/src/views/panelMessages';

const seeds = join(__dirname, '..', 'fixtures', 'seeds');
const seed = (prefix: string): Plan =>
  parsePlan(readFileSync(join(seeds, readdirSync(seeds).find((name) => name.startsWith(prefix))!), 'utf8'));
const problem = (code: string, line: number, text = 'TBD'): LineProblem => ({ code, message: `${code} here`, line, column: 1, text });

test('tasks are counted by canonical status, with the share done rounded', () => {
  const model = buildProgressModel('file:///q3.md', seed('002'), [], []);
  assert.equal(model.tasks.total, 11);
  assert.equal(model.tasks.done, 5);
  assert.equal(model.tasks.byStatus.dropped, 6);
  assert.equal(model.tasks.percentDone, 45);
});

test('a placeholder counts for the objective that owns its line, not for the parents above it', () => {
  const plan = seed('003');
  const parent = plan.objectives.find((objective) => objective.children.length > 0)!;
  const child = parent.children[0];
  const kr = child.keyResults[0];
  const model = buildProgressModel('file:///tree.md', plan, [problem('placeholder-value', kr.line, 'X')], []);
  const rows = new Map(model.objectives.map((row) => [row.line, row]));
  assert.equal(rows.get(child.line)?.keyResultsToFill, 1);
  assert.equal(rows.get(child.line)?.placeholders, 1);
  assert.equal(rows.get(child.line)?.depth, 1);
  assert.equal(rows.get(parent.line)?.placeholders, 0);
  assert.equal(rows.get(parent.line)?.depth, 0);
});

test('placeholders and unknown teammates are listed apart, in line order; other diagnostics are left out', () => {
  const problems = [problem('placeholder-tbd', 30), problem('unknown-teammate', 12, 'Zed'), problem('mojibake', 5), problem('placeholder-empty-field', 8, '')];
  const model = buildProgressModel('file:///q4.md', seed('001'), problems, []);
  assert.deepEqual(model.placeholders.map((p) => p.line), [8, 30]);
  assert.deepEqual(model.unknownTeammates.map((p) => p.text), ['Zed']);
});

test('the status bar says how many tasks are done and how much is left to fill', () => {
  const model = buildProgressModel('file:///q3.md', seed('002'), [problem('placeholder-value', 3), problem('placeholder-tbd', 9)], []);
  assert.equal(statusBarText(model), 'OKR 5/11 done · 2 to fill');
  assert.equal(statusBarText(buildProgressModel('file:///q3.md', seed('002'), [], [])), 'OKR 5/11 done');
});

test('the workspace overview names untitled plans by their file', () => {
  const overview = overviewOf('file:///handbook/eng/plan%20q1.md', { ...seed('000'), title: null });
  assert.equal(overview.title, 'plan q1.md');
  assert.equal(overview.tasks, 3);
  assert.equal(overview.keyResults, 3);
});

test('the page may only ask to reveal a positive line of a plan it was given', () => {
  const known = new Set(['file:///q3.md']);
  assert.deepEqual(validatePanelMessage({ type: 'reveal', uri: 'file:///q3.md', line: 4 }, known), { type: 'reveal', uri: 'file:///q3.md', line: 4 });
  assert.deepEqual(validatePanelMessage({ type: 'ready', extra: '<script>' }, known), { type: 'ready' });
  assert.deepEqual(validatePanelMessage({ type: 'checkIn', uri: 'file:///q3.md' }, known), { type: 'checkIn', uri: 'file:///q3.md' });
  for (const hostile of [
    { type: 'checkIn', uri: 'file:///elsewhere.md' },
    { type: 'checkIn' },
    { type: 'reveal', uri: 'file:///etc/passwd', line: 1 },
    { type: 'reveal', uri: 'file:///q3.md', line: 0 },
    { type: 'reveal', uri: 'file:///q3.md', line: 2.5 },
    { type: 'reveal', uri: 'file:///q3.md', line: '4' },
    { type: 'command', command: 'workbench.action.terminal.new' },
    '{"type":"reveal"}',
    null,
    [],
  ]) {
    assert.equal(validatePanelMessage(hostile, known), undefined, JSON.stringify(hostile));
  }
});

test('a plan without tasks (a company tree) shows its key results scored, not 0/0 tasks done, and each objective its score and band', () => {
  const plan = parsePlan(['# Company OKRs FY24 Q1', '', '## Objective: Grow', '', '- KR: Revenue => 80%', '- KR: Logos => 40%', '- KR: Partners', ''].join('\n'));
  const model = buildProgressModel('file:///company.md', plan, [], []);
  assert.equal(model.tasks.total, 0);
  assert.deepEqual({ ...model.keyResults, average: Math.round(model.keyResults.average! * 100) / 100 }, { total: 3, scored: 2, average: 0.6 });
  assert.equal(statusBarText(model), 'OKR 2/3 KRs scored · avg 0.6');
  assert.deepEqual(model.objectives.map((row) => [Math.round(row.score! * 100) / 100, row.band]), [[0.6, 'yellow']]);
  assert.equal(statusBarText(buildProgressModel('file:///empty.md', parsePlan('# Company OKRs FY24 Q1\n\n## Objective: Grow\n\n- KR: Revenue\n'), [], [])), 'OKR 0/1 KRs scored');
});

test('the page may only ask to open a check-in it was given', () => {
  const commits = new Set(['0123456789abcdef0123456789abcdef01234567']);
  assert.deepEqual(validatePanelMessage({ type: 'openCheckIn', commit: '0123456789abcdef0123456789abcdef01234567' }, new Set(), commits), { type: 'openCheckIn', commit: '0123456789abcdef0123456789abcdef01234567' });
  for (const hostile of [{ type: 'openCheckIn', commit: 'HEAD' }, { type: 'openCheckIn', commit: '--output=/tmp/x' }, { type: 'openCheckIn' }, { type: 'openCheckIn', commit: ['0123456789abcdef0123456789abcdef01234567'] }]) {
    assert.equal(validatePanelMessage(hostile, new Set(), commits), undefined, JSON.stringify(hostile));
  }
});

test("the page's history lists the newest check-ins first, says when the last was, and says why there is none", () => {
  const checkIn = (index: number): PlanHistoryResult['checkIns'][number] => ({ commit: `${index}`.repeat(40).slice(0, 40), date: `2026-10-${String(index + 1).padStart(2, '0')}T10:00:00+00:00`, author: index % 2 ? 'Bo' : 'Ana', path: 'plan.md', previousPath: index ? 'plan.md' : null, summary: `change ${index}` });
  const checkIns = Array.from({ length: 12 }, (_unused, index) => checkIn(index));
  const result: PlanHistoryResult = { uri: 'file:///plan.md', unavailable: null, root: '/repo', checkIns, earlier: 0, series: { objectives: [], points: [] }, last: { commit: checkIns[11].commit, date: checkIns[11].date, author: 'Bo' }, shallow: true };
  const view = historyView(result, true, new Date('2026-10-24T08:00:00Z'));
  assert.equal(view.last, 'last check-in 12 days ago, by Bo');
  assert.deepEqual(view.checkIns.map((row) => [row.day, row.author, row.summary, row.shortCommit]).slice(0, 2), [['2026-10-12', 'Bo', 'change 11', '11111111'], ['2026-10-11', 'Ana', 'change 10', '10101010']]);
  assert.equal(view.checkIns.length, CHECK_IN_LIMIT);
  assert.equal(view.more, 2);
  const latest = historyView({ ...result, checkIns: checkIns.slice(-CHECK_IN_LIMIT), earlier: 9_990 }, true, new Date('2026-10-24T08:00:00Z'));
  assert.deepEqual(latest.checkIns, view.checkIns, 'a history that lists only the latest check-ins shows the same rows');
  assert.equal(latest.more, 9_990, 'and counts the ones the server left out');
  assert.equal(view.shallow, true);
  assert.equal(historyView(result, false, new Date()).unavailable, 'History is off in Restricted Mode.', 'nothing is shown from git in Restricted Mode');
  assert.deepEqual(historyView(result, false, new Date()).checkIns, []);
  assert.equal(historyView(undefined, true, new Date()).loading, true);
  assert.equal(historyView({ ...result, unavailable: 'History needs git, and git is not installed.', checkIns: [] }, true, new Date()).unavailable, 'History needs git, and git is not installed.');
});
