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
import { parseDocument } from '../../server/src/okr/parse/parser';
import { scanText } from '../../server/src/okr/parse/scan';
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

test('the scan keeps every seed, fixture and real page that the parse calls a plan', () => {
  const pages = [
    ...filesUnder(join(root, 'test', 'fixtures'), (name) => name.endsWith('.md') || name.endsWith('.txt')),
    ...filesUnder(corpus, (name) => name.endsWith('.md') || name.endsWith('.txt')),
  ];
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
