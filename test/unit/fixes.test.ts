import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PlanParser, parsePlan } from '../../server/src/okr/parse/parser';
import { computeDiagnostics } from '../../server/src/okr/check/engine';
import { type Diagnostic, type Edit, type Fix } from '../../server/src/okr/check/types';
import { applyEdits, plainEdits, snippetToText } from '../../server/src/okr/check/edits';
import { compatibleSafeFixes, fixAll } from '../../server/src/okr/check/fixAll';
import { FIXTURES, fixtureOptions, readFixture } from '../fixtures/rules/loadFixtures';

const seedsDir = join(__dirname, '..', 'fixtures', 'seeds');
const check = (text: string): Diagnostic[] => computeDiagnostics(new PlanParser().parse(text), fixtureOptions());

/** Every fixture and seed, by name. */
const DOCUMENTS: Array<{ name: string; text: string }> = [
  ...FIXTURES.map((name) => ({ name, text: readFixture(name).text })),
  ...readdirSync(seedsDir)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(seedsDir, name), 'utf8') })),
];

/** Offsets of 1-based positions, computed independently of the code under test (lines end at `\n`). */
function offset(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  if (line > lines.length) return text.length;
  let at = 0;
  for (let index = 0; index < line - 1; index++) at += lines[index].length + 1;
  return at + Math.min(column - 1, lines[line - 1].length);
}

/** Asserts that `after` is `before` with exactly the edited ranges replaced by their new text. */
function assertOnlyRangesChanged(before: string, after: string, edits: readonly Edit[], label: string): void {
  const spans = edits.map((edit) => ({ start: offset(before, edit.line, edit.column), end: offset(before, edit.endLine, edit.endColumn), newText: edit.newText })).sort((a, b) => a.start - b.start);
  let cursorBefore = 0;
  let cursorAfter = 0;
  for (const span of spans) {
    const kept = before.slice(cursorBefore, span.start);
    assert.equal(after.slice(cursorAfter, cursorAfter + kept.length), kept, `${label}: text before an edit changed`);
    cursorAfter += kept.length;
    assert.equal(after.slice(cursorAfter, cursorAfter + span.newText.length), span.newText, `${label}: the edit's text is not where the edit says`);
    cursorAfter += span.newText.length;
    cursorBefore = span.end;
  }
  assert.equal(after.slice(cursorAfter), before.slice(cursorBefore), `${label}: text after the edits changed`);
}

/** Where an old line ends up after the edits: lines after an edit move by the lines it adds or removes. */
function mapLine(line: number, edits: readonly Edit[]): number {
  let moved = line;
  for (const edit of edits) {
    if (edit.endLine < line || (edit.endLine === line && edit.endColumn === 1 && edit.line < line) || (edit.line === line && edit.column === 1 && edit.endLine === line && edit.endColumn === 1 && edit.newText.endsWith('\n'))) {
      moved += (edit.newText.match(/\n/g) ?? []).length - (edit.endLine - edit.line);
    }
  }
  return moved;
}

/** Diagnostics of `after` with no counterpart (same rule, same mapped line) in `before`. */
function newDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[], edits: readonly Edit[]): string[] {
  const remaining = new Map<string, number>();
  for (const diagnostic of before) {
    const key = `${diagnostic.code}@${mapLine(diagnostic.line, edits)}`;
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const fresh: string[] = [];
  for (const diagnostic of after) {
    const key = `${diagnostic.code}@${diagnostic.line}`;
    const count = remaining.get(key) ?? 0;
    if (count > 0) remaining.set(key, count - 1);
    else fresh.push(`${key}: ${diagnostic.message}`);
  }
  return fresh;
}

/** Applies one fix and checks the three promises a fix makes. */
function checkFix(name: string, text: string, before: readonly Diagnostic[], diagnostic: Diagnostic, fix: Fix): string {
  const label = `${name}:${diagnostic.line} ${diagnostic.code} "${fix.title}"`;
  const edits = plainEdits(fix);
  const after = applyEdits(text, edits);
  // A snippet that only selects a placeholder for typing inserts its own text again.
  if (!fix.snippet) assert.notEqual(after, text, `${label}: the fix changes nothing`);
  assertOnlyRangesChanged(text, after, edits, label);
  assert.deepEqual(newDiagnostics(before, check(after), edits), [], `${label}: new diagnostics`);
  return after;
}

test('every fix offered on every fixture and seed changes only its ranges and adds no diagnostic', () => {
  let fixes = 0;
  for (const { name, text } of DOCUMENTS) {
    const before = check(text);
    for (const diagnostic of before) {
      for (const fix of diagnostic.fixes ?? []) {
        checkFix(name, text, before, diagnostic, fix);
        fixes++;
      }
    }
  }
  assert.ok(fixes > 100, `only ${fixes} fixes were tried`);
});

test('any set of compatible fixes applied together keeps those promises (seeded)', () => {
  const withFixes = DOCUMENTS.map(({ name, text }) => ({ name, text, before: check(text) })).filter(({ before }) => before.some((d) => d.fixes?.length));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: withFixes.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (index, picks) => {
      const { name, text, before } = withFixes[index];
      const offered = before.flatMap((diagnostic) => (diagnostic.fixes ?? []).map((fix) => ({ diagnostic, fix })));
      const chosen: Edit[] = [];
      for (const pick of picks) {
        const edits = plainEdits(offered[pick % offered.length].fix);
        if (edits.some((edit) => chosen.some((other) => overlapsOrTouches(edit, other)))) continue;
        chosen.push(...edits);
      }
      const after = applyEdits(text, chosen);
      assertOnlyRangesChanged(text, after, chosen, name);
      assert.deepEqual(newDiagnostics(before, check(after), chosen), [], name);
    }),
    { seed: 4242, numRuns: 150 },
  );
});

test('fixes that add lines keep a CRLF file CRLF', () => {
  let added = 0;
  for (const { name, text } of DOCUMENTS) {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    for (const diagnostic of check(crlf)) {
      for (const fix of diagnostic.fixes ?? []) {
        const edits = plainEdits(fix);
        if (!edits.some((edit) => edit.newText.includes('\n'))) continue;
        added++;
        const after = applyEdits(crlf, edits);
        assert.doesNotMatch(after.replace(/\r\n/g, ''), /[\r\n]/, `${name}: ${fix.title}`);
      }
    }
  }
  assert.ok(added > 5, `only ${added} fixes add lines`);
});

/** True when two edits share any position (a conservative test for the property above). */
function overlapsOrTouches(a: Edit, b: Edit): boolean {
  const key = (line: number, column: number): number => line * 1e6 + column;
  return key(a.line, a.column) <= key(b.endLine, b.endColumn) && key(b.line, b.column) <= key(a.endLine, a.endColumn);
}

test('fix-all applies every safe fix in one pass; a second pass changes nothing', () => {
  let applied = 0;
  for (const { name, text } of DOCUMENTS) {
    const chosen = compatibleSafeFixes(check(text));
    const fixed = applyEdits(text, chosen.flatMap(({ fix }) => plainEdits(fix)));
    applied += chosen.length;
    assert.deepEqual(compatibleSafeFixes(check(fixed)).map(({ diagnostic }) => `${diagnostic.code}@${diagnostic.line}`), [], name);
    assert.equal(fixAll(fixed, check).text, fixed, name);
  }
  assert.ok(applied > 20);
});

test('fix-all repairs the garbled statuses of a real plan exactly', () => {
  const text = readFileSync(join(seedsDir, readdirSync(seedsDir).find((name) => name.startsWith('002'))!), 'utf8');
  const { text: fixed, fixed: applied } = fixAll(text, check);
  assert.equal(applied.filter((d) => d.code === 'mojibake').length, 15);
  assert.ok(!/ðŸš«|âœ…|â€/.test(fixed));
  assert.match(fixed, /\| 1 {3}\| 🚫 {5}\| Warren/);
  assert.match(fixed, /And the pièce de résistance/);
  assert.deepEqual(parsePlan(fixed).tasks.map((task) => task.status), parsePlan(text).tasks.map((task) => task.status));
});

test('re-indenting mis-nested items nests them in the outline', () => {
  const text = readFileSync(join(seedsDir, readdirSync(seedsDir).find((name) => name.startsWith('004'))!), 'utf8');
  const { text: fixed } = fixAll(text, check);
  assert.equal(fixed.split('\n')[26], '   1. VP Eng KR: Grow team to plan (+1 code intel, +2 distribution, +2 web, +1 core services).');
  assert.ok(!check(fixed).some((d) => d.code === 'list-nesting'));
});

test('trimming a padded item brings its text back next to the marker', () => {
  const text = readFileSync(join(seedsDir, readdirSync(seedsDir).find((name) => name.startsWith('001'))!), 'utf8');
  const { text: fixed } = fixAll(text, check);
  assert.equal(fixed.split('\n')[32], '  1.  Peer reviews (similar to the idea of code reviews)');
});

test('a missing details section is inserted in numeric order, prefilled from the row', () => {
  const { text } = readFixture('tasks.md');
  const diagnostic = check(text).find((d) => d.code === 'task-missing-details')!;
  const fixed = applyEdits(text, plainEdits(diagnostic.fixes![0]));
  const section = fixed.slice(fixed.indexOf('### 2'), fixed.indexOf('### 3'));
  assert.equal(section, '### 2 Healthy habits\n\n- Workgroup: Tamar\n- Facilitator: Tamar\n- Details: Healthy habits\n\n');
  assert.ok(fixed.indexOf('### 1 Case reviews') < fixed.indexOf('### 2 Healthy habits'));
  assert.equal(parsePlan(fixed).tasks.find((task) => task.id === '2')?.detailsLine, fixed.split('\n').indexOf('### 2 Healthy habits') + 1);
});

test('a missing table row is added after the row before it', () => {
  const { text } = readFixture('tasks.md');
  const diagnostic = check(text).find((d) => d.code === 'details-missing-task')!;
  const fixed = applyEdits(text, plainEdits(diagnostic.fixes![0]));
  const lines = fixed.split('\n');
  const row = lines.findIndex((line) => line.startsWith('| 7 '));
  assert.equal(lines[row], '| 7   |             | Virginia    | Hard convo enablement |');
  assert.ok(lines[row - 1].startsWith('| 6 '));
  assert.equal(parsePlan(fixed).tasks.find((task) => task.id === '7')?.title, 'Hard convo enablement');
});

test('a placeholder value can be redacted into a numbered reference with its definition', () => {
  const { text } = readFixture('placeholders.md');
  const diagnostic = check(text).find((d) => d.code === 'placeholder-value' && d.message.includes('"$X"'))!;
  const redact = diagnostic.fixes!.find((fix) => fix.title.startsWith('Redact'))!;
  assert.equal(redact.snippet, true);
  const fixed = applyEdits(text, plainEdits(redact));
  assert.match(fixed, /Close \[_\$N<sub>3<\/sub>_\]\[n3\] of expansion revenue/);
  assert.match(fixed, /\[n2\]: https:\/\/example.com\/values#n2\n\[n3\]: https:\/\/link-to-the-confidential-value\n/);
  const plan = parsePlan(fixed);
  assert.ok(plan.references.some((reference) => reference.identifier === 'n3' && reference.labelNumber === '3'));
});

test('a placeholder key result can be replaced by a skeleton or removed', () => {
  const text = readFileSync(join(seedsDir, readdirSync(seedsDir).find((name) => name.startsWith('004'))!), 'utf8');
  const diagnostic = check(text).find((d) => d.code === 'placeholder-template' && d.line === 4)!;
  const [skeleton, remove] = diagnostic.fixes!;
  assert.equal(skeleton.edits[0].newText, '${1:Metric} from ${2:0} to ${3:10} by ${4:the end of the quarter}');
  assert.equal(applyEdits(text, plainEdits(skeleton)).split('\n')[3], '   1. CEO KR: Metric from 0 to 10 by the end of the quarter');
  assert.equal(remove.title, 'Remove the key result');
  const removed = applyEdits(text, plainEdits(remove));
  assert.equal(removed.split('\n').length, text.split('\n').length - 1);
  assert.equal(parsePlan(removed).objectives[0].keyResults.length, 1);
});

test('snippets resolve to their defaults as plain text', () => {
  assert.equal(snippetToText('${1:TBD}'), 'TBD');
  assert.equal(snippetToText('a $1 b ${2|x,y|} \\$5 ${3:${4:nested}}'), 'a  b x $5 nested');
});

test('edits apply to CRLF text, and overlapping edits are refused', () => {
  const text = 'a\r\nbc\r\nd';
  assert.equal(applyEdits(text, [{ line: 2, column: 2, endLine: 2, endColumn: 3, newText: 'X' }]), 'a\r\nbX\r\nd');
  assert.equal(applyEdits(text, [{ line: 2, column: 1, endLine: 3, endColumn: 1, newText: '' }]), 'a\r\nd');
  assert.equal(applyEdits(text, [{ line: 9, column: 1, endLine: 9, endColumn: 1, newText: '!' }]), `${text}!`);
  assert.throws(() => applyEdits(text, [
    { line: 1, column: 1, endLine: 2, endColumn: 2, newText: '' },
    { line: 2, column: 1, endLine: 2, endColumn: 3, newText: '' },
  ]));
});

test('fix-all on a CRLF plan keeps CRLF line endings', () => {
  const text = readFileSync(join(seedsDir, readdirSync(seedsDir).find((name) => name.startsWith('004'))!), 'utf8').replace(/\n/g, '\r\n');
  const { text: fixed, fixed: applied } = fixAll(text, check);
  assert.equal(applied.filter((d) => d.code === 'list-nesting').length, 6);
  assert.equal(fixed.split('\r\n')[26], '   1. VP Eng KR: Grow team to plan (+1 code intel, +2 distribution, +2 web, +1 core services).');
  assert.doesNotMatch(fixed, /[^\r]\n/);
});

test('removing the last line of a file without a final newline stays inside the document', () => {
  const text = '# FY21-Q2 OKRs\n\n1. **CEO: Grow.** \\\n   KR: Reach [_N<sub>1</sub>_][n1] users.\n\n[n1]: https://example.com/1\n[n2]: https://example.com/2';
  const diagnostic = check(text).find((d) => d.code === 'redacted-unused-definition')!;
  const [remove] = diagnostic.fixes!;
  assert.deepEqual(remove.edits[0], { line: 6, column: 28, endLine: 7, endColumn: 28, newText: '' });
  assert.equal(applyEdits(text, remove.edits), text.slice(0, text.lastIndexOf('\n')));
});
