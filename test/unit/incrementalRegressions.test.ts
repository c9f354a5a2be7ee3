/**
 * Plans on which a reuse mechanism once gave a different answer than a fresh
 * parse or check, each found by the fuzz properties of
 * fuzzIncrementalParse.test.ts and kept here as it shrank, trimmed to the
 * lines that matter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanParser, parseDocument, parsePlan, type PlanDocument } from '../../server/src/okr/parse/parser';
import { computeDiagnostics, findDiagnostics, RuleMemory } from '../../server/src/okr/check/engine';
import { type Diagnostic } from '../../server/src/okr/check/types';
import { RULES } from '../../server/src/okr/check/rules/index';

test('a line of many spaces is a blank line when the parser tames long indentation, so a plan cut at it reads as a whole', () => {
  // Taming turned the indentation of a blank line into no-break spaces, which are text: the paragraph above ran on into the item below.
  const text = [
    '# FY23Q1 OKR Plan',
    '',
    '- Details: CS leadership will launch 3 types of case review practices:',
    '',
    '1. **CEO: Scale up pipeline and ARR.** \\',
    ' '.repeat(49),
    'In support of our product objective, one way we will measure our success is to maintain 100% issue resolution within 7 days.',
    `${' '.repeat(9217)}Peer reviews (similar to the idea of code reviews)`,
    '',
    '# FY22Q4 OKR Plan',
    '',
  ].join('\n');
  assert.deepStrictEqual(new PlanParser().parse(text).plan, parsePlan(text));
});

test('a heading right after an item ends its list, so an item under the heading is not mis-nested, in one pass as block by block', () => {
  const text = [
    '1. VP Eng: Create a data driven planning process.',
    '# FY22Q4 OKR Plan',
    ' 1. VP Eng KR: Each item in a tracking issue has an estimate of time or size.',
    '  1. VP Eng KR: Each team commits to a written work plan for each release cycle.',
    '',
  ].join('\n');
  const check = (text: string, whole: boolean): string[] =>
    computeDiagnostics(whole ? parseDocument(text) : new PlanParser().parse(text), { today: '2026-11-25' })
      .filter((diagnostic) => diagnostic.code === 'list-nesting')
      .map((diagnostic) => `${diagnostic.line}:${diagnostic.column}`);
  assert.deepStrictEqual(check(text, true), check(text, false));
  assert.deepStrictEqual(check(text, true), ['4:3']);
});

test('a heading with a tab after its marks ends the list above it too', () => {
  const text = ['# FY23Q1 OKR Plan', '', '1. Distribution: Improve developer productivity', '   1. Lower build times to X', '', '#\t FY# FY23Q1 OKR Plan', '', '  - Hire two engineers', ''].join('\n');
  const nesting = (doc: PlanDocument): Diagnostic[] => computeDiagnostics(doc, { today: '2026-11-25' }).filter((diagnostic) => diagnostic.code === 'list-nesting');
  assert.deepStrictEqual(nesting(parseDocument(text)), nesting(new PlanParser().parse(text)));
});

test('an item with a tab in its text still ends the list above it', () => {
  const text = ['# FY23Q1 OKR Plan', '', '1. Distribution: Improve developer productivity', '   1. Lower build times to X', '- Details:\tMake additions to CSE onboarding.', '  - [Working notes](https://example.com/notes)', ''].join('\n');
  const nesting = (doc: PlanDocument): Diagnostic[] => computeDiagnostics(doc, { today: '2026-11-25' }).filter((diagnostic) => diagnostic.code === 'list-nesting');
  assert.deepStrictEqual(nesting(parseDocument(text)), nesting(new PlanParser().parse(text)));
});

test('a kept finding whose fix appends at the end of the document follows an edit of the last line', () => {
  const options = { today: '2026-11-25' };
  const plan = (last: string): string =>
    ['# FY23Q1 OKR Plan', '', '1. **CEO: Scale up pipeline and ARR.** \\', '   KR: [_N<sub>6</sub>_][n6] WAU of Sourcegraph Cloud', '', '# FY23Q1 OKR Plan', '', last, ''].join('\n');
  const parser = new PlanParser();
  const memory = new RuleMemory();
  findDiagnostics(parser.parse(plan('# FY22Q4 OKR Plan')), options, RULES, memory);
  // The same lines, references and definitions: only the last line's length changes.
  const edited = plan('1. # FY22Q4 OKR Plan');
  const kept = findDiagnostics(parser.parse(edited), options, RULES, memory);
  const fresh = findDiagnostics(new PlanParser().parse(edited), options);
  assert.deepStrictEqual(kept, fresh);
  const missing = fresh.find((diagnostic) => diagnostic.code === 'redacted-missing-definition');
  assert.deepStrictEqual(missing?.fixes?.[0].edits[0], { line: 8, column: 21, endLine: 8, endColumn: 21, newText: '\n\n[n6]: ${1:https://link-to-the-confidential-value}' });
});

test('a reference typed inside a link\'s text, to a label another block defines, ends the link as in the whole document', () => {
  // CommonMark allows no link inside a link: with `n1` defined, the outer brackets stay text. Alone, the block did not know `n1`.
  const before = ['# FY23Q1 OKRs', '', '1. Objective: Live [our guiding principles](index.md#values)', '   1. KR: Ship the review => 50%', '', '## Links', '', '[n1]: https://example.com/n1', ''].join('\n');
  const after = before.replace('[our guiding', '[[n1]our guiding');
  const parser = new PlanParser();
  parser.parse(before);
  const edited = parser.parse(after);
  const whole = parseDocument(after);
  assert.deepStrictEqual(edited.plan, whole.plan);
  assert.deepStrictEqual(new PlanParser().parse(after).plan, whole.plan);
  assert.match(whole.plan.objectives[0].title, /\(index\.md#values\)/);
});

test('emphasis around a reference pairs as in the whole document, whether its label is defined before or after the block', () => {
  // Literal brackets let `_` pair across them; a resolved reference keeps its label's `_` to itself.
  const body = ['# FY23Q1 OKRs', '', '1. Objective: Grow revenue', '   1. KR: _Reach [N0_][n0] in ARR => 40%', ''];
  for (const text of [[...body, '## Links', '', '[n0]: https://example.com/n0', ''].join('\n'), ['## Links', '', '[n0]: https://example.com/n0', '', ...body].join('\n')]) {
    assert.deepStrictEqual(new PlanParser().parse(text).plan, parseDocument(text).plan);
  }
});

test('defining a label re-reads the blocks that use it, and removing it reads them as text again', () => {
  const text = ['# FY23Q1 OKRs', '', '1. Objective: See [the plan][p] and the notes[^1]', '   1. KR: Ship it => 50%', '', '## Links', '', '[p]: plan.md', '', '## Notes', '', '[^1]: A note.', ''].join('\n');
  const parser = new PlanParser();
  const undefinedFirst = text.replace('[p]: plan.md', 'p: plan.md').replace('[^1]: A note.', 'Note 1.');
  for (const version of [undefinedFirst, text, undefinedFirst]) {
    assert.deepStrictEqual(parser.parse(version).plan, parseDocument(version).plan);
  }
});

test('a document whose first line is indented reads the same after the footnotes it uses are known', () => {
  const text = ['    code first', '# FY23Q1 OKRs', '', '1. Objective: Grow[^a]', '   1. KR: Ship => 50%', '', '[^a]: note', ''].join('\n');
  const alone = ['    code first[^a]', '', '[^a]: note', ''].join('\n');
  for (const version of [text, alone]) assert.deepStrictEqual(new PlanParser().parse(version).plan, parseDocument(version).plan);
});

test('code at the margin after a blank line ends the list, so an item after it is not judged against the items before', () => {
  const text = ['# FY23Q1 OKRs', '', '1. VP Eng: Build the team', '', '```', 'notes', '```', '  1. KR: Hire two engineers', ''].join('\n');
  const nesting = (doc: PlanDocument): Diagnostic[] => computeDiagnostics(doc, { today: '2026-11-25' }).filter((diagnostic) => diagnostic.code === 'list-nesting');
  assert.deepStrictEqual(nesting(parseDocument(text)), []);
  assert.deepStrictEqual(nesting(new PlanParser().parse(text)), []);
});

test('trimming a padded top-level item gives one space whichever blocks its siblings were read in', () => {
  // Sibling items at the margin may start blocks of their own, which a block's rules do not see.
  for (const sibling of ['First', 'Grow revenue', 'Hire', 'Ship the review', 'Launch', 'Keep customers', 'Reach X', 'Cut costs']) {
    const text = ['# FY23Q1 OKRs', '', `1.  Objective: ${sibling}`, '    1. KR: Reach 40% => 40%', `1.${' '.repeat(12)}Objective: Second`, '    1. KR: Reach 50% => 10%', ''].join('\n');
    const fix = (doc: PlanDocument) => computeDiagnostics(doc, { today: '2026-11-25' }).find((diagnostic) => diagnostic.code === 'empty-item')?.fixes?.[0].edits;
    assert.deepStrictEqual(fix(parseDocument(text)), [{ line: 5, column: 3, endLine: 5, endColumn: 15, newText: ' ' }]);
    assert.deepStrictEqual(fix(new PlanParser().parse(text)), fix(parseDocument(text)));
  }
});

test('a link in a table\'s header row is counted once, though rows read in later blocks are parsed under that header', () => {
  const rows = Array.from({ length: 24 }, (_, index) => `| ${index + 1} | Done | Warren | Task ${index + 1} |`);
  const text = ['# FY23Q1 OKRs', '', '| # | Status | Responsible | Project ([all OKRs](../goals/2022_q3.md)) |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
  const blockWise = new PlanParser().parse(text);
  assert.ok(blockWise.chunks.length > 2, 'the table is read in several blocks');
  assert.deepStrictEqual(blockWise.structure, parseDocument(text).structure);
  assert.equal(blockWise.structure.links.length, 1);
});
