/**
 * The incremental parser must never disagree with a full parse: an author who
 * edits a plan for an hour has to see exactly the plan a cold open of the same
 * text shows. One PlanParser follows random edits to seed-based documents;
 * after every edit its plan, diagnostics, fixes and outline are compared with
 * those of the whole text parsed and checked in one piece, as the CLI does:
 * every reuse mechanism (blocks, sections, rule and outline memory) must
 * reproduce it. The block-by-block split of a fresh open must too
 * (references, lists across blank lines, tables, fenced code and HTML that
 * cross block boundaries): it is compared on each document's last text, and
 * on any text where the incremental answer differs, to name the mechanism.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Plan } from '../../server/src/okr/model/plan';
import type { PlanDocument } from '../../server/src/okr/parse/parser';
import { PlanParser, parseDocument, parsePlan } from '../../server/src/okr/parse/parser';
import { completeFixes, computeDiagnostics, findDiagnostics, RuleMemory } from '../../server/src/okr/check/engine';
import { RULES } from '../../server/src/okr/check/rules/index';
import { computeDocumentSymbols } from '../../server/src/lsp/features/documentSymbols';
import { Roster, teammateFromName } from '../../server/src/okr/model/roster';
import { applyEdit, fuzzAssert, SEEDS, sectionedDocument, seedDocument, tabledDocument, textEdit } from '../support/edits';

/** The most edits one generated document receives. */
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

/** The rule options of the checks below: a fixed day, and a roster so that the name rules speak. */
const CHECK_OPTIONS = { today: '2026-11-25', roster: new Roster(['Warren', 'Nonso', 'Brielle Okafor'].map(teammateFromName), ['CS leadership']) };

test('checking the seed plans in one pass finds what checking them block by block finds', () => {
  const check = (doc: PlanDocument): string => JSON.stringify(computeDiagnostics(doc, CHECK_OPTIONS));
  for (const text of [...SEEDS, SEEDS.join('\n\n')]) assert.equal(check(parseDocument(text)), check(new PlanParser().parse(text)));
});

/** Checked as a page the settings declare a plan, as the server checks one: what was read, whatever the evidence. */
function declared(parsed: PlanDocument): PlanDocument {
  return { ...parsed, plan: parsed.structure };
}

/** Equal as the editor sends them, in JSON; compared in depth only when they are not, for the message. */
function assertSame<T>(actual: T, expected: T, message: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) assert.deepStrictEqual(actual, expected, message);
}

/**
 * An editor session: one parser, rule memory and outline memory that follow
 * the edits, as the language server keeps them for an open document.
 */
class Session {
  private readonly parser = new PlanParser();
  private readonly memory = new RuleMemory();
  private previous: { plan: Plan; snapshot: string } | null = null;

  /**
   * Checks every reused answer for `text` against the whole-document parse
   * and check, which reuse nothing. A fresh block-wise parse (a document's
   * first open) is compared too when `fresh` is set, and whenever the
   * incremental answer differs, so that a failure names the mechanism: the
   * reuse of what an edit left, or the cut into blocks.
   */
  check(text: string, when: string, fresh: boolean): void {
    const doc = this.parser.parse(text);
    const whole = parseDocument(text);
    if (this.previous) assert.equal(JSON.stringify(this.previous.plan), this.previous.snapshot, `a parse changed the plan it returned before, ${when}`);
    const agrees = JSON.stringify([doc.plan, doc.structure]) === JSON.stringify([whole.plan, whole.structure]);
    if (fresh || !agrees) this.compareWithFresh(text, doc, whole, when);
    assertSame(doc.plan, whole.plan, `incremental parsing differs from a whole-document parse ${when}`);
    assertSame(doc.structure, whole.structure, `the incremental structure differs from a whole-document parse's ${when}`);
    const found = findDiagnostics(declared(whole), CHECK_OPTIONS);
    const kept = findDiagnostics(declared(doc), CHECK_OPTIONS, RULES, this.memory);
    assertSame(kept, found, `a check that keeps findings differs from a fresh check in one pass ${when}`);
    assertSame(completeFixes(declared(doc), kept), completeFixes(declared(whole), found), `the fixes of an incremental check differ from those of a check in one pass ${when}`);
    assertSame(computeDocumentSymbols(doc), computeDocumentSymbols(whole), `the outline differs from the outline of a whole-document parse ${when}`);
    this.previous = { plan: doc.structure, snapshot: JSON.stringify(doc.structure) };
  }

  /** A fresh block-wise parse and check of `text` against the incremental and the whole-document ones. */
  private compareWithFresh(text: string, doc: PlanDocument, whole: PlanDocument, when: string): void {
    const fresh = new PlanParser().parse(text);
    assertSame(doc.plan, fresh.plan, `incremental parsing differs from a fresh parse ${when}`);
    assertSame(fresh.plan, whole.plan, `block-wise parsing differs from a whole-document parse ${when}`);
    assertSame(doc.structure, fresh.structure, `the incremental structure differs from a fresh parse's ${when}`);
    assertSame(fresh.structure, whole.structure, `the block-wise structure differs from a whole-document parse's ${when}`);
    const found = findDiagnostics(declared(fresh), CHECK_OPTIONS);
    assertSame(computeDiagnostics(declared(whole), CHECK_OPTIONS), completeFixes(declared(fresh), found), `checking in one pass differs from checking block by block ${when}`);
  }
}

/**
 * Random edits on small seed windows, on longer plans whose edits move,
 * merge and split sections, and on plans with a table read in groups of rows.
 * `npm test` runs a few documents of each, on a seed that changes daily;
 * `npm run fuzz` runs many more (FUZZ_RUNS).
 */
const editedPlans = [
  { name: 'after every random edit', documents: seedDocument, runs: 40 },
  { name: 'while edits move, merge and split sections', documents: sectionedDocument, runs: 30 },
  { name: 'while edits change a table read in groups of rows', documents: tabledDocument, runs: 20 },
];

for (const { name, documents, runs } of editedPlans) {
  test(`parsing, checking and the outline, each reusing what an edit left, equal a fresh parse and check ${name}`, () => {
    fuzzAssert(
      fc.property(documents, fc.array(textEdit, { minLength: 4, maxLength: EDITS_PER_DOCUMENT }), (initial, edits) => {
        const session = new Session();
        let text = initial;
        // The first parse of a session is itself a fresh one; the last edit's text is also opened afresh.
        session.check(text, 'in the initial document', false);
        edits.forEach((edit, index) => {
          text = applyEdit(text, edit);
          session.check(text, `after edit ${index + 1}`, index === edits.length - 1);
        });
      }),
      runs,
    );
  });
}

test('returning to an earlier text gives the same plan as the first time', () => {
  fuzzAssert(
    fc.property(seedDocument, textEdit, (initial, edit) => {
      const parser = new PlanParser();
      const first = parser.parse(initial).plan;
      parser.parse(applyEdit(initial, edit));
      // Undo: the author returns to the original text.
      assert.deepStrictEqual(parser.parse(initial).plan, first);
    }),
    100,
  );
});
