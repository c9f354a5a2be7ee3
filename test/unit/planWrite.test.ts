/**
 * The check-in and authoring edits over the seed plans and the examples:
 * each writes in the plan's dialect, changes only the lines it targets, and
 * the plan read again holds the new values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../server/src/okr/check/edits';
import { allObjectives, type Plan } from '../../server/src/okr/model/plan';
import { parseDocument } from '../../server/src/okr/parse/parser';
import { checkInItems, composeProgressNote, computeCheckIn, progressSection, splitProgressNote, statusOptions } from '../../server/src/okr/write/checkIn';
import { addKeyResultEdit, addObjectiveEdit, addTaskEdit } from '../../server/src/okr/write/structure';
import { displayWidth, replaceCellEdit } from '../../server/src/okr/write/tableCell';

const root = path.resolve(__dirname, '../..');
const seed = (name: string): string => readFileSync(path.join(root, 'test/fixtures/seeds', `${name}.txt`), 'utf8');
const ENGINEERING = readFileSync(path.join(root, 'examples/handbook/engineering/2026-Q1-OKR-Plan.md'), 'utf8');
const SEED_002 = seed('002_31f0bcaf8382ca47');
const SEED_003 = seed('003_f6da9e41b6b58373');
const SEED_000 = seed('000_69fd8793c6f93951');

const keyResults = (plan: Plan) => [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults).sort((a, b) => a.line - b.line);

/** The 1-based numbers of the lines that differ between two texts of equal line count. */
function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, 'no line was added or removed');
  return a.flatMap((line, index) => (line === b[index] ? [] : [index + 1]));
}

describe('table cells', () => {
  it('keeps the column width of an aligned table and the compactness of a compact one', () => {
    const aligned = '| 2   | In-progress | Kelvin |';
    const edit = replaceCellEdit(aligned, { text: 'In-progress', line: 1, column: 9, endColumn: 20 }, 'Done');
    assert.equal(applyEdits(aligned, [edit]), '| 2   | Done        | Kelvin |');
    const compact = '|2|In-progress|Kelvin|';
    assert.equal(applyEdits(compact, [replaceCellEdit(compact, { text: 'In-progress', line: 1, column: 4, endColumn: 15 }, 'Done')]), '|2|Done|Kelvin|');
    const empty = '| 3   |             | TBD |';
    assert.equal(applyEdits(empty, [replaceCellEdit(empty, { text: '', line: 1, column: 21, endColumn: 21 }, 'Blocked')]), '| 3   | Blocked     | TBD |');
  });

  it('escapes pipes and counts emoji as two columns', () => {
    const row = '| 1 | Done | x |';
    assert.equal(applyEdits(row, [replaceCellEdit(row, { text: 'Done', line: 1, column: 7, endColumn: 11 }, 'a|b')]), '| 1 | a\\|b | x |');
    assert.equal(displayWidth('🚫'), 2);
    assert.equal(displayWidth('Done'), 4);
  });
});

describe('progress notes', () => {
  it('round-trips progress, confidence and note', () => {
    const note = composeProgressNote('60%', 'high', 'CI fix landed');
    assert.equal(note, '60% (confidence high; CI fix landed)');
    assert.deepEqual(splitProgressNote(note), { progress: '60%', confidence: 'high', note: 'CI fix landed' });
    assert.deepEqual(splitProgressNote('Hired +1 CE so far.'), { progress: 'Hired +1 CE so far.', confidence: null, note: null });
    assert.equal(composeProgressNote('Done', null, 'shipped'), 'Done (shipped)');
  });
});

describe('check-in', () => {
  it('lists key results with their notes and table tasks with repaired statuses', () => {
    const items = checkInItems(parseDocument(ENGINEERING));
    assert.deepEqual(items.map((item) => item.label), ['KR1', 'KR2', 'KR3', 'KR4', 'KR5', 'task 1', 'task 2', 'task 3', 'task 4']);
    assert.equal(items[3].progress, '2 of 3 weeks so far.');
    const seedItems = checkInItems(parseDocument(SEED_002));
    assert.equal(seedItems.find((item) => item.key === 'task:1')?.status, '🚫');
  });

  it('offers the plan\'s own statuses first, repaired, then one word per state', () => {
    const options = statusOptions(parseDocument(SEED_002).plan).map((option) => option.text);
    assert.deepEqual(options.slice(0, 2), ['🚫', '✅']);
    assert.ok(options.includes('In-progress') && !options.some((text) => text.includes('ð')));
  });

  it('writes a new note after =>, updates an existing one in place, and sets a status cell', () => {
    const doc = parseDocument(ENGINEERING);
    const items = checkInItems(doc);
    const kr1 = items[0];
    const kr4 = items[3];
    const task2 = items.find((item) => item.key === 'task:2')!;
    const outcome = computeCheckIn(doc, [
      { key: kr1.key, text: kr1.text, progress: '60%' },
      { key: kr4.key, text: kr4.text, progress: '3 of 3 weeks', confidence: 'high' },
      { key: task2.key, text: task2.text, status: 'Done' },
    ], '2026-12-01');
    const after = applyEdits(ENGINEERING, outcome.edits);
    assert.ok(after.includes('- KR: A new engineer ships a change to production within 1 day of joining. => 60%\n'));
    assert.ok(after.includes('within 1 day of being found. => 3 of 3 weeks (confidence high)\n'));
    assert.ok(after.includes('| 2   | Done        | Kelvin, Jason   | Parallel CI shards         |'));
    assert.deepEqual(changedLines(ENGINEERING, after), [kr1.line, kr4.line, task2.line]);
    assert.equal(outcome.summary, 'KR1 60%, KR4 2 of 3 weeks so far. → 3 of 3 weeks, task 2 done');
  });

  it('writes nothing when every item keeps its value', () => {
    const doc = parseDocument(ENGINEERING);
    const updates = checkInItems(doc).map((item) => item.kind === 'task'
      ? { key: item.key, text: item.text, status: item.status }
      : { key: item.key, text: item.text, progress: item.progress, confidence: item.confidence, note: item.note });
    assert.deepEqual(computeCheckIn(doc, updates, '2026-12-01').edits, []);
  });

  it('keeps the arrow and the hard break of a company tree', () => {
    const doc = parseDocument(SEED_003);
    const item = checkInItems(doc).find((each) => each.progress === 'AEs ramping ahead of plan.')!;
    const outcome = computeCheckIn(doc, [{ key: item.key, text: item.text, progress: 'Ahead of plan' }], '2026-12-01');
    const after = applyEdits(SEED_003, outcome.edits);
    assert.equal(after.split('\n')[item.line - 1], '   KR: Street capacity ahead of plan. => Ahead of plan \\');
 
    // A literal backslash that ends an item (a hard break with nothing after it) stays at the end of the line.
    const literal = checkInItems(doc).find((each) => each.text.endsWith('\\'))!;
    const written = applyEdits(SEED_003, computeCheckIn(doc, [{ key: literal.key, text: literal.text, progress: '50%' }], '2026-12-01').edits);
    assert.match(written.split('\n')[literal.line - 1], /distributed team\. => 50% \\$/);
  });

  it('adds a dated line to the progress-update section and nowhere else', () => {
    const doc = parseDocument(SEED_002);
    assert.equal(progressSection(doc.lines)?.heading, 'Progress update');
    const task = checkInItems(doc).find((item) => item.key === 'task:7')!;
    const outcome = computeCheckIn(doc, [{ key: task.key, text: task.text, status: '✅' }], '2026-12-01');
    const after = applyEdits(SEED_002, outcome.edits).split('\n');
    const log = after.indexOf('- 2026-12-01: task 7 (Streamline key steps in CS workflow) 🚫 → ✅.');
    assert.ok(log > 0, 'the dated line is written');
    assert.match(after[log - 2], /^Progress update on how we are tracking/);
    assert.equal(after[log + 2], '## Final summary');
    assert.match(after[task.line - 1], /^\| 7   \| ✅     \| Alex/);
  });

  it('adds later check-ins to the same list, in its order', () => {
    const text = ['# 2026-Q1 OKR Plan', '', 'OBJECTIVE: Ship.', '', '- KR: 3 releases.', '', '## Progress updates', '', '- 2026-11-24: KR1 10% → 20%.', '- 2026-11-17: KR1 0% → 10%.', ''].join('\n');
    const doc = parseDocument(text);
    const [kr] = checkInItems(doc);
    const after = applyEdits(text, computeCheckIn(doc, [{ key: kr.key, text: kr.text, progress: '40%' }], '2026-12-01').edits).split('\n');
    assert.deepEqual(after.slice(8, 11), ['- 2026-12-01: KR1 no progress → 40%.', '- 2026-11-24: KR1 10% → 20%.', '- 2026-11-17: KR1 0% → 10%.']);
  });

  it('is lossless: only the targeted lines change, and the plan read again holds the new values', () => {
    const plans = [ENGINEERING, SEED_000, SEED_003];
    const words = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 %.,;:+/-]{0,30}$/).map((text) => text.trim()).filter((text) => text !== '' && !/=>|-->|\(|\)/.test(text));
    fc.assert(fc.property(
      fc.constantFrom(...plans.keys()),
      fc.array(fc.record({ pick: fc.nat(), progress: words, confidence: fc.option(fc.constantFrom('high', 'medium', 'low'), { nil: null }), note: fc.option(words, { nil: null }), status: fc.constantFrom('Done', 'Blocked', 'In-progress', 'Dropped', 'Not started') }), { minLength: 1, maxLength: 5 }),
      (which, picks) => {
        const text = plans[which];
        const doc = parseDocument(text);
        const items = checkInItems(doc);
        const chosen = new Map(picks.map((pick) => [items[pick.pick % items.length], pick]));
        const updates = [...chosen].map(([item, pick]) => item.kind === 'task'
          ? { key: item.key, text: item.text, status: pick.status }
          : { key: item.key, text: item.text, progress: pick.progress, confidence: pick.confidence, note: pick.note });
        const outcome = computeCheckIn(doc, updates, '2026-12-01');
        const after = applyEdits(text, outcome.edits);
        const changed = new Set(changedLines(text, after));
        const targeted = new Set(outcome.changes.map((change) => [...chosen.keys()].find((item) => item.label === change.label)!.line));
        assert.deepEqual([...changed].sort((a, b) => a - b), [...targeted].sort((a, b) => a - b));
        const reread = parseDocument(after).plan;
        for (const [item, pick] of chosen) {
          if (item.kind === 'task') {
            assert.equal(reread.tasks.find((task) => task.id === item.key.slice(5))?.statusText, pick.status);
          } else {
            const keyResult = keyResults(reread).find((each) => each.line === item.line);
            // A backslash that ends an item's last line is read as text, not a hard break; it stays at the line's end.
            const unbroken = (text: string | null | undefined): string | null | undefined => text?.replace(/\s*\\$/, '');
            assert.equal(unbroken(keyResult?.text), unbroken(item.text), 'the key result keeps its text');
            assert.equal(unbroken(keyResult?.progress), composeProgressNote(pick.progress, pick.confidence, pick.note));
          }
        }
      },
    ), { numRuns: 30 });
  });
});

describe('authoring', () => {
  it('adds a key result after its siblings, in their form', () => {
    const doc = parseDocument(ENGINEERING);
    const result = addKeyResultEdit(doc, doc.plan.objectives[0], 'Onboarding docs get 4/5 in the survey.')!;
    const after = applyEdits(ENGINEERING, result.edits).split('\n');
    assert.equal(after[result.line - 1], '- KR: Onboarding docs get 4/5 in the survey.');
    assert.equal(after[result.line - 2], '- Platform KR: CI for the main repository finishes in under X minutes.');
    const reread = parseDocument(after.join('\n')).plan;
    assert.equal(reread.objectives[0].keyResults.length, 4);
  });

  it('joins a key result to a company tree paragraph with a hard break', () => {
    const doc = parseDocument(SEED_003);
    const objective = doc.plan.objectives[0];
    const result = addKeyResultEdit(doc, objective, 'Win 3 new logos.')!;
    const after = applyEdits(SEED_003, result.edits).split('\n');
    assert.equal(after[result.line - 2], '   KR: Clear value prop for buyer (not just users). \\');
    assert.equal(after[result.line - 1], '   KR: Win 3 new logos.');
    assert.equal(parseDocument(after.join('\n')).plan.objectives[0].keyResults.length, objective.keyResults.length + 1);
  });

  it('adds an objective in the form of the last one', () => {
    const doc = parseDocument(ENGINEERING);
    const result = addObjectiveEdit(doc, 'Make releases boring.')!;
    const after = applyEdits(ENGINEERING, result.edits);
    assert.equal(after.split('\n')[result.line - 1], 'OBJECTIVE: Make releases boring.');
    assert.deepEqual(parseDocument(after).plan.objectives.map((objective) => objective.title).slice(-1), ['Make releases boring.']);
    const tree = parseDocument(SEED_003);
    const treeAfter = applyEdits(SEED_003, addObjectiveEdit(tree, 'Sales: Open two regions.')!.edits);
    const top = parseDocument(treeAfter).plan.objectives;
    assert.equal(top.length, tree.plan.objectives.length + 1);
    assert.deepEqual([top[top.length - 1].owner, top[top.length - 1].title], ['Sales', 'Open two regions.']);
  });

  it('adds a task: a numbered row in the table\'s widths and a details section with the usual fields', () => {
    const doc = parseDocument(ENGINEERING);
    const result = addTaskEdit(doc, { title: 'Release train', responsible: 'Alex', status: 'Not started' })!;
    const after = applyEdits(ENGINEERING, result.edits);
    const lines = after.split('\n');
    assert.equal(lines[result.line - 1], '| 5   | Not started | Alex            | Release train              |');
    const heading = lines.indexOf('### 5 Release train');
    assert.deepEqual(lines.slice(heading, heading + 5), ['### 5 Release train', '', '- Workgroup: Alex', '- Channel:', '- Details:']);
    const plan = parseDocument(after).plan;
    const task = plan.tasks.find((each) => each.id === '5');
    assert.equal(task?.detailsLine, heading + 1);
    assert.equal(task?.statusText, 'Not started');
  });
});
