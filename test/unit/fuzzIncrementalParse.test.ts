/**
 * The incremental parser must never disagree with a full parse: an author who
 * edits a plan for an hour has to see exactly the plan a cold open of the same
 * text shows. One PlanParser follows random edits to seed-based documents;
 * after every edit its plan is compared with a fresh block-by-block parse, and
 * that with parsePlan, which parses the whole text in one piece: the
 * block-by-block split must reproduce it (references, lists across blank
 * lines, tables, fenced code and HTML that cross block boundaries), and the
 * CLI, which checks in one piece, must find what the editor finds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Plan } from '../../server/src/okr/model/plan';
import type { PlanDocument } from '../../server/src/okr/parse/parser';
import { PlanParser, parseDocument, parsePlan } from '../../server/src/okr/parse/parser';
import { computeDiagnostics, findDiagnostics, RuleMemory } from '../../server/src/okr/check/engine';
import { RULES } from '../../server/src/okr/check/rules/index';
import { computeDocumentSymbols } from '../../server/src/lsp/features/documentSymbols';
import { Roster, teammateFromName } from '../../server/src/okr/model/roster';
import { applyEdit, fuzzRuns, fuzzSeed, SEEDS, sectionedDocument, seedDocument, tabledDocument, textEdit } from '../support/edits';

/** With 120 documents in `npm test`, about 1,100 edits are checked; `npm run fuzz` checks many more (FUZZ_RUNS). */
const EDITS_PER_DOCUMENT = 16;

/** A fresh block-by-block parse, as the editor's first parse of a document does it. */
function blockWisePlan(text: string): Plan {
  return new PlanParser().parse(text).plan;
}

/** A status table of 60 rows, with ids as `id` gives them. */
function tableText(id: (index: number) => string): string {
  const rows = Array.from({ length: 60 }, (_, index) => `| ${id(index)} | ${index % 3 ? 'Done' : 'In progress'} | Warren | Task ${index} |`);
  return ['## Status', '', '| # | Status | Responsible | Project |', '| --- | --- | --- | --- |', ...rows, '', '### 6 Task 5', '', 'Notes.', ''].join('\n');
}

/** Constructs that cross block boundaries, each once found by the random edits below. */
const CROSS_BLOCK_CASES: Record<string, string> = {
  'an ordered list that continues after a blank line': '# Plan\n\n1. CEO KR: Key result\n1. CEO KR: Key result\n\n1. VP Eng: Build a team.\n',
  'a shortcut reference defined in a later block': '1. **CEO: Grow.** \\\n   KR: Reach [n1] WAU.\n\n[n1]: https://example.com/n1\n',
  'a shortcut reference defined in an earlier block': '[n1]: https://example.com/n1\n\n1. **CEO: Grow.** \\\n   KR: Reach [n1] WAU.\n',
  'a full reference defined in a later block': '1. **CEO: Grow.** \\\n   KR: Reach [the target][n1] this quarter.\n\n[n1]: https://example.com/n1\n',
  'a long table whose rows without an id are numbered on across groups of rows': tableText((index) => (index % 5 === 0 ? '' : String(index + 1))),
  'table-like lines inside fenced code': `# Plan\n\n\`\`\`\n${tableText(String).trimEnd()}\n\`\`\`\n\n- KR: Reach X%.\n`,
  'rows of pipes without a delimiter row, which are a paragraph': tableText(String).replace(/^\| --- .*\n/m, ''),
  'a long run of definitions, with titles on their own lines and a paragraph that definitions cannot interrupt': `# Plan\n\n1. **CEO: Grow.** \\\n   KR: Reach [_N<sub>1</sub>_][n1] and [the target][n40].\n\n${Array.from({ length: 60 }, (_, index) => (index % 17 === 5 ? `[n${index}]: https://example.com/${index}\n"Title ${index}"` : index % 23 === 9 ? `See [n${index}] below.\n${Array.from({ length: 20 }, (_, lazy) => `[lazy${lazy}]: https://example.com/lazy`).join('\n')}\n` : `[n${index}]: https://example.com/${index}`)).join('\n')}\n`,
  'a marker indented past the limit, in a block much shorter than the document': `# FY23Q1 OKR Plan\n\n${'Intro. '.repeat(200)}\n\n1. **CEO: Grow.** \\\n${' '.repeat(60)}1.  Peer reviews\n`,
};

for (const [name, text] of Object.entries(CROSS_BLOCK_CASES)) {
  test(`block-wise parsing equals a whole-document parse: ${name}`, () => {
    assert.deepStrictEqual(blockWisePlan(text), parsePlan(text));
  });
}

test('a key result after a stray bracket and an autolinked URL keeps its own line, block-wise and whole', () => {
  const text = '\n## 4 TBD\n[\n   KR: Grow sales by 5% => wrote [a](https://x.io/a \\\n   KR: Street capacity.\n';
  const [first] = parsePlan(text).objectives[0].keyResults;
  assert.deepStrictEqual([first.line, first.column], [4, 8]);
  assert.deepStrictEqual(blockWisePlan(text), parsePlan(text));
});

/** Random edits on small seed windows, and on longer plans whose edits move, merge and split sections. */
const editedPlans = [
  { name: 'after every random edit', documents: seedDocument, runs: 120 },
  { name: 'while edits move, merge and split sections', documents: sectionedDocument, runs: 80 },
  { name: 'while edits change a table read in groups of rows', documents: tabledDocument, runs: 60 },
];

for (const { name, documents, runs } of editedPlans) {
  test(`incremental parsing equals a fresh parse ${name}`, () => {
    fc.assert(
      fc.property(documents, fc.array(textEdit, { minLength: 4, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
        const parser = new PlanParser();
        let text = initial;
        assert.deepStrictEqual(parser.parse(text).plan, blockWisePlan(text), 'initial document');
        edits.forEach((edit, index) => {
          text = applyEdit(text, edit);
          assert.deepStrictEqual(parser.parse(text).plan, blockWisePlan(text), `after edit ${index + 1}`);
        });
      }),
      { seed: fuzzSeed(), numRuns: fuzzRuns(runs) },
    );
  });
}

test('a parse never changes a plan it returned before, since plans share what did not change', () => {
  fc.assert(
    fc.property(sectionedDocument, fc.array(textEdit, { minLength: 2, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
      const parser = new PlanParser();
      let text = initial;
      let previous = parser.parse(text).plan;
      let snapshot = JSON.stringify(previous);
      edits.forEach((edit, index) => {
        text = applyEdit(text, edit);
        const plan = parser.parse(text).plan;
        assert.equal(JSON.stringify(previous), snapshot, `the plan before edit ${index + 1} is unchanged`);
        previous = plan;
        snapshot = JSON.stringify(plan);
      });
    }),
    { seed: fuzzSeed(), numRuns: fuzzRuns(60) },
  );
});

for (const { name, documents, runs } of editedPlans) {
  test(`block-wise parsing equals a whole-document parse ${name}`, () => {
    fc.assert(
      fc.property(documents, fc.array(textEdit, { minLength: 4, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
        let text = initial;
        assert.deepStrictEqual(blockWisePlan(text), parsePlan(text), 'initial document');
        edits.forEach((edit, index) => {
          text = applyEdit(text, edit);
          assert.deepStrictEqual(blockWisePlan(text), parsePlan(text), `after edit ${index + 1}`);
        });
      }),
      { seed: fuzzSeed(), numRuns: fuzzRuns(Math.round(runs / 2)) },
    );
  });
}

test('checking a document in one pass finds what checking it block by block finds', () => {
  const check = (doc: PlanDocument): string => JSON.stringify(computeDiagnostics(doc, { today: '2026-11-25' }));
  for (const text of [...SEEDS, SEEDS.join('\n\n')]) assert.equal(check(parseDocument(text)), check(new PlanParser().parse(text)));
  fc.assert(
    fc.property(sectionedDocument, fc.array(textEdit, { maxLength: 4 }), (initial, edits) => {
      const text = edits.reduce(applyEdit, initial);
      assert.equal(check(parseDocument(text)), check(new PlanParser().parse(text)));
    }),
    { seed: fuzzSeed(), numRuns: fuzzRuns(60) },
  );
});

test('a check that keeps the findings of rules whose input did not change equals a fresh check after every edit', () => {
  const options = { today: '2026-11-25', roster: new Roster(['Warren', 'Nonso', 'Brielle Okafor'].map(teammateFromName), ['CS leadership']) };
  fc.assert(
    fc.property(sectionedDocument, fc.array(textEdit, { minLength: 2, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
      const parser = new PlanParser();
      const memory = new RuleMemory();
      let text = initial;
      edits.forEach((edit, index) => {
        text = applyEdit(text, edit);
        const kept = findDiagnostics(parser.parse(text), options, RULES, memory);
        assert.deepStrictEqual(kept, findDiagnostics(new PlanParser().parse(text), options), `after edit ${index + 1}`);
      });
    }),
    { seed: fuzzSeed(), numRuns: fuzzRuns(80) },
  );
});

test('the outline after every edit equals the outline of a fresh parse, though it reuses the symbols of unchanged items', () => {
  fc.assert(
    fc.property(sectionedDocument, fc.array(textEdit, { minLength: 2, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
      const parser = new PlanParser();
      let text = initial;
      computeDocumentSymbols(parser.parse(text));
      edits.forEach((edit, index) => {
        text = applyEdit(text, edit);
        assert.deepStrictEqual(computeDocumentSymbols(parser.parse(text)), computeDocumentSymbols(new PlanParser().parse(text)), `after edit ${index + 1}`);
      });
    }),
    { seed: fuzzSeed(), numRuns: fuzzRuns(60) },
  );
});

test('returning to an earlier text gives the same plan as the first time', () => {
  fc.assert(
    fc.property(seedDocument, textEdit, (initial, edit) => {
      const parser = new PlanParser();
      const first = parser.parse(initial).plan;
      parser.parse(applyEdit(initial, edit));
      // Undo: the author returns to the original text.
      assert.deepStrictEqual(parser.parse(initial).plan, first);
    }),
    { seed: fuzzSeed(), numRuns: fuzzRuns(100) },
  );
});
