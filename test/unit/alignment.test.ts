/**
 * Alignment between plans: headings get the anchors GitHub gives them, a
 * link resolves to the company objective its anchor names (or to nothing),
 * quotes of an objective's text are recognised, and `KR1` references name
 * the plan's key results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, parsePlan } from '../../server/src/okr/parse/parser';
import { anchorsOf } from '../../server/src/okr/model/anchors';
import { isCompanyPlan, keyResultReferences, linkableObjectives, linkTarget, numberedKeyResults, quotedObjective, quotedSpans } from '../../server/src/okr/model/alignment';
import { allObjectives } from '../../server/src/okr/model/plan';
import { linkedFile, linkedFiles } from '../../server/src/okr/project/links';
import { posixPaths } from '../../server/src/okr/project/paths';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'rules');
const company = parsePlan(readFileSync(join(fixtures, 'linked', 'company-okrs.md'), 'utf8'));
const corpus = join(import.meta.dirname, '../../../shared/corpus');

test('headings get GitHub\'s anchors, numbered when a heading repeats, and kramdown\'s and hand-set ones are known too', () => {
  const plan = parsePlan('# FY26-Q1 OKRs\n\n## Notes\n\n## Notes\n\n### 1. CEO: Grow ARR!\n\n1. CEO KR: Reach $1M.\n\n### Hiring {#hiring-plan}\n');
  assert.deepEqual(plan.headings.map((heading) => heading.anchor), ['fy26-q1-okrs', 'notes', 'notes-1', '1-ceo-grow-arr', 'hiring']);
  assert.deepEqual(anchorsOf(plan.headings[3]), ['1-ceo-grow-arr', 'ceo-grow-arr']);
  assert.ok(anchorsOf(plan.headings[4]).includes('hiring-plan'));
});

test('a link resolves to the objective its anchor names, a heading that is no objective, the page, or nothing', () => {
  assert.equal(isCompanyPlan(company), true);
  const objective = linkTarget(company, 'company-okrs.md#1-ceo-grow-arr');
  assert.equal(objective.kind === 'objective' && objective.objective.title, 'Grow ARR');
  assert.equal(linkTarget(company, 'company-okrs.md#CEO-Great-Team').kind, 'objective', 'anchors match regardless of case, kramdown\'s too');
  assert.equal(linkTarget(company, 'company-okrs.md#hiring-schedule').kind, 'heading');
  assert.equal(linkTarget(company, 'company-okrs.md').kind, 'page');
  assert.deepEqual(linkTarget(company, 'company-okrs.md#3-ceo-lower-churn'), { kind: 'missing', anchor: '3-ceo-lower-churn' });
  assert.deepEqual(linkableObjectives(company).map(({ heading }) => heading.anchor), ['1-ceo-grow-arr', '2-ceo-great-team']);
});

test('GitLab\'s company OKR pages: every objective heading has the anchor its page links use', { skip: !existsSync(corpus) && 'no shared corpus' }, () => {
  const plan = parsePlan(readFileSync(join(corpus, 'gitlab-okrs', 'gitlab-fy21-q1.md'), 'utf8'));
  assert.deepEqual(linkableObjectives(plan).map(({ heading }) => heading.anchor), ['1-ceo-iacv', '2-ceo-popular-next-generation-product', '3-ceo-great-team']);
});

test('a plan keeps its relative links with their places, not links to other sites or inside code', () => {
  const doc = parseDocument('# FY26Q1 OKR Plan\n\nSee [ARR](../company/okrs.md#1-ceo-grow-arr), [site](https://example.com/a.md) and `[code](x.md)`.\n');
  assert.deepEqual(doc.structure.links, [{ text: 'ARR', url: '../company/okrs.md#1-ceo-grow-arr', line: 3, column: 5, endLine: 3, endColumn: 45 }]);
  assert.equal(linkedFile(posixPaths, '/h/team/plan.md', '../company/okrs.md#1-ceo-grow-arr'), '/h/company/okrs.md');
  assert.equal(linkedFile(posixPaths, '/h/team/plan.md', 'my%20plan.md'), '/h/team/my plan.md');
  assert.equal(linkedFile(posixPaths, '/h/team/plan.md', '/handbook/okrs.md'), null, 'a path from the site root depends on the site');
  assert.equal(linkedFile(posixPaths, '/h/team/plan.md', 'notes.txt'), null);
  assert.deepEqual(linkedFiles(posixPaths, '/h/team/plan.md', doc.structure), ['/h/company/okrs.md']);
});

test('a quoted passage aligns to the company objective it repeats, with or without its owner', () => {
  const objectives = [...allObjectives(company.objectives)];
  assert.equal(quotedObjective('Grow ARR', objectives)?.title, 'Grow ARR');
  assert.equal(quotedObjective('CEO: Great team.', objectives)?.title, 'Great team');
  assert.equal(quotedObjective('Grow ARR fast', objectives), undefined);
  assert.deepEqual(quotedSpans('We serve “CEO: Great team” and "a b".', 4), [{ text: 'CEO: Great team', line: 4, column: 11, endColumn: 26 }]);
});

test('KR references name the key results by the number on their line, else by their place', () => {
  const text = '# FY26Q1 OKR Plan\n\n**Grow.**\n\n- KR1: Reach 10 customers.\n- KR3: Ship 2 features.\n\nIn order to impact KR3 and KR 1 we work on it, never on KR9000 alone\n';
  const doc = parseDocument(text);
  assert.deepEqual(numberedKeyResults(doc.plan, doc.lines).map(({ number, keyResult }) => [number, keyResult.line]), [[1, 5], [3, 6]]);
  assert.deepEqual(keyResultReferences(doc.lines[7], 8).map(({ text, number, column }) => [text, number, column]), [['KR3', 3, 20], ['KR 1', 1, 28]]);
  const unnumbered = parseDocument('# FY22Q4 OKR Plan\n\nOur objective this quarter is to:\n\n**Grow.**\n\nWe will measure this via the following key results:\n\n- Reach 10 customers.\n- Ship 2 features.\n');
  assert.deepEqual(numberedKeyResults(unnumbered.plan, unnumbered.lines).map(({ number, keyResult }) => [number, keyResult.text]), [[1, 'Reach 10 customers.'], [2, 'Ship 2 features.']]);
});
