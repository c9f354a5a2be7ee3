/**
 * The line scan that rejects pages before a parse must never reject a page
 * the full decision calls a plan: over every seed, fixture and real page,
 * and over generated plans and edits of them. It should also reject most
 * pages that are not plans, or it saves nothing; the count is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseDocument, PlanParser } from '../../server/src/okr/parse/parser';
import { splitLines } from '../../server/src/okr/parse/markdown';
import { scanLines, scanText } from '../../server/src/okr/parse/scan';
import { StatusSet } from '../../server/src/okr/model/statuses';
import { generatePlan } from '../../bench/generatePlan';
import { applyEdit, fuzzAssert, sectionedDocument, seedDocument, tabledDocument, textEdit } from '../support/edits';

const root = join(import.meta.dirname, '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');

function filesUnder(folder: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(name) ? [path] : [];
  });
}

const isPlan = (text: string): boolean => {
  const plan = parseDocument(text).plan;
  return plan.objectives.length > 0 || plan.tasks.length > 0;
};

/** A page the parse calls a plan that the scan rejects, named for the failure message. */
function dropped(text: string): string | null {
  const verdict = scanText(text);
  return !verdict.maybePlan && isPlan(text) ? verdict.reason : null;
}

/** Every seed, fixture and real page. */
const allPages = (): string[] => [
  ...filesUnder(join(root, 'test', 'fixtures'), (name) => name.endsWith('.md') || name.endsWith('.txt')),
  ...filesUnder(corpus, (name) => name.endsWith('.md') || name.endsWith('.txt')),
];

test('the scan keeps every seed, fixture and real page that the parse calls a plan', () => {
  const pages = allPages();
  assert.ok(pages.length > 250, `only ${pages.length} pages found`);
  let plans = 0;
  let nonPlans = 0;
  let rejected = 0;
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    const plan = isPlan(text);
    const verdict = scanText(text);
    if (plan) {
      plans++;
      assert.ok(verdict.maybePlan, `${relative(root, page)} is a plan, but the scan says ${verdict.reason}`);
    } else {
      nonPlans++;
      if (!verdict.maybePlan) rejected++;
    }
  }
  const handbook = filesUnder(join(corpus, 'non-plans'), (name) => name.endsWith('.md'));
  const handbookRejected = handbook.filter((page) => !scanText(readFileSync(page, 'utf8')).maybePlan).length;
  console.log(`scan: ${plans} plans kept; ${rejected} of ${nonPlans} non-plans rejected before a parse (${handbookRejected} of ${handbook.length} handbook non-plans)`);
  if (handbook.length > 0) assert.ok(handbookRejected > handbook.length / 2, `the scan rejects only ${handbookRejected} of ${handbook.length} handbook pages`);
});

test('the scan keeps pages that opt out only when the parse reads them as plans, which it never does', () => {
  assert.equal(scanText('<!-- okr-disable-file -->\n# FY21-Q1 OKRs\n\n- KR: one\n- KR: two\n').maybePlan, false);
});

test('the scan keeps a plan whose heading hides its words in markup, references or a setext underline', () => {
  for (const heading of ['# **FY21-Q1** *OKRs*', '# FY21-Q1 O<b>KR</b>s', '# FY21-Q1 &#79;KRs', 'FY21-Q1\nOKRs\n=====', '> ## FY21-Q1 OKRs']) {
    const text = `${heading}\n\n**Objective: Grow.**\n\n- Sell more\n- Hire two\n`;
    assert.ok(scanText(text).maybePlan, heading);
  }
});

test('the scan keeps every page the editor reads as a plan: parsed by its own parser with a team\'s statuses, whole or cut to its first slice', () => {
  // The editor parses an open document's lines, cut to okr.maxLines or to the first slice of a long one, with the statuses its project names.
  const statuses = new StatusSet([
    { text: 'Shipped', state: 'done' },
    { text: 'Blocked', state: 'blocked' },
  ]);
  let checked = 0;
  for (const page of allPages()) {
    const lines = splitLines(readFileSync(page, 'utf8'));
    for (const cut of lines.length > 300 ? [lines.length, 300] : [lines.length]) {
      const kept = lines.slice(0, cut);
      const plan = new PlanParser({ statuses }).parseLines(kept).plan;
      if (plan.objectives.length === 0 && plan.tasks.length === 0) continue;
      checked++;
      const verdict = scanLines(kept);
      assert.ok(verdict.maybePlan, `${relative(root, page)} cut to ${cut} lines is a plan, but the scan says ${verdict.reason}`);
    }
  }
  assert.ok(checked > 25, `only ${checked} plans checked`);
});

test('the scan counts a heading that may describe a task by number, whatever markup hides its number, and not a step or a date', () => {
  const page = (first: string, second: string): string =>
    ['| # | Status | Task |', '| - | - | - |', '| 1 | Done | Write |', '| 2 | Open | Ship |', '', 'Our objective this quarter is to:', '', '**Grow sales.**', '', 'We will measure this via the following key results:', '', '- Sell more', '- Hire two', '', `### ${first}`, '', 'Text.', '', `### ${second}`, '', 'Text.', ''].join('\n');
  const kept = [
    ['1 Write', '2 Ship'],
    ['**1.** Write', '_2)_ Ship'],
    ['Task 1: Write', 'task #2 – Ship'],
    ['[1 Write](https://example.com)', '[2 Ship][ref]'],
    ['[](https://example.com) 1 Write', '![](logo.png) 2 Ship'],
    ['&#49; Write', '<span>2</span> Ship'],
    ['[^note] 1 Write', '`2` Ship'],
  ];
  for (const [first, second] of kept) {
    const text = page(first, second);
    assert.ok(scanText(text).maybePlan, `${first} / ${second}`);
  }
  // The parse agrees where the scan's answer matters: these pages are plans.
  assert.ok(parseDocument(page('1 Write', '2 Ship')).plan.tasks.length > 0);
  for (const [first, second] of [['Step 1: Write', 'Step 2: Ship'], ['Retro for FY22', 'Session 2 (8 minutes)'], ['[Watch 1](https://example.com/2)', 'Day 2 - Ship']]) {
    const text = page(first, second).replace(/\| Status /, '| Note ').replace(/Done|Open/g, 'x');
    assert.equal(scanText(text).maybePlan, false, `${first} / ${second}`);
    assert.equal(isPlan(text), false);
  }
});

const generatedPlan = fc.record({ lines: fc.integer({ min: 5, max: 200 }), seed: fc.nat() }).map(({ lines, seed }) => generatePlan({ lines }, seed));

test('the scan keeps every generated plan, and every edit of one, that the parse calls a plan', () => {
  const documents = fc.oneof(generatedPlan, seedDocument, sectionedDocument, tabledDocument);
  fuzzAssert(
    fc.property(documents, fc.array(textEdit, { maxLength: 4 }), (document, edits) => {
      let text = document;
      for (const edit of edits) {
        text = applyEdit(text, edit);
        assert.equal(dropped(text), null, text);
      }
      assert.equal(dropped(document), null, document);
    }),
    300,
  );
});
