/**
 * Real handbook pages, read where they are in ../shared/corpus: pages that
 * are not plans get nothing, and GitLab's company OKR pages are read with
 * their cascade, each key result and objective under the parent it is
 * written under.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/okr/parse/parser';
import { computeDiagnostics } from '../../server/src/okr/check/engine';
import { allObjectives, type Objective, type Plan } from '../../server/src/okr/model/plan';
import { splitKeyResult } from '../../server/src/okr/parse/patterns';
import { Roster } from '../../server/src/okr/model/roster';

const corpus = join(import.meta.dirname, '../../../shared/corpus');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : /\.md$/.test(name) ? [path] : [];
  });
}

/** A roster, so that the name rules run too. */
const roster = Roster.combine([], ['Jane Doe']);

test('no page of a real handbook that is not a plan gets a plan or a diagnostic', { skip: !existsSync(corpus) && 'no shared corpus beside the project' }, () => {
  const pages = markdownFiles(join(corpus, 'non-plans'));
  assert.ok(pages.length >= 200, `found ${pages.length} pages`);
  const flagged: string[] = [];
  for (const page of pages) {
    const doc = parseDocument(readFileSync(page, 'utf8'));
    const diagnostics = computeDiagnostics(doc, { roster, today: '2026-12-01' });
    if (doc.plan.objectives.length + doc.plan.tasks.length > 0 || diagnostics.length > 0) flagged.push(`${page}: ${diagnostics.length} diagnostics; ${doc.plan.evidence.join('; ')}`);
  }
  assert.deepEqual(flagged, []);
});

/** Where each key result and objective sits in the plan: the line of its parent, or null at the top. */
function parents(plan: Plan): { keyResults: Map<number, number>; objectives: Map<number, number | null> } {
  const keyResults = new Map<number, number>();
  const objectives = new Map<number, number | null>();
  const visit = (objective: Objective, parent: number | null): void => {
    objectives.set(objective.line, parent);
    for (const keyResult of objective.keyResults) {
      keyResults.set(keyResult.line, objective.line);
      for (const child of keyResult.children) visit(child, keyResult.line);
    }
    for (const child of objective.children) visit(child, objective.line);
  };
  for (const objective of plan.objectives) visit(objective, null);
  return { keyResults, objectives };
}

/**
 * What the page's own indentation says: for each `KR:` item, the bold owner
 * item (or heading) it is written under; for each bold `**Owner: …**` item,
 * the item or heading just above it.
 */
function writtenParents(lines: readonly string[]): { keyResults: Map<number, number | null>; objectives: Map<number, number | null> } {
  const keyResults = new Map<number, number | null>();
  const objectives = new Map<number, number | null>();
  let heading: number | null = null;
  let open: Array<{ indent: number; line: number; kind: 'kr' | 'objective' | 'other' }> = [];
  lines.forEach((source, index) => {
    const line = index + 1;
    if (/^#{1,6} /.test(source)) {
      heading = /^#{3,6} (?:\d+\. )?[A-Z][\w ,&/-]*:/.test(source) ? line : null;
      open = [];
      return;
    }
    const item = /^(\s*)(?:\d+[.)]|[-*+])\s+(.*)$/.exec(source);
    if (!item) return;
    const indent = item[1].replace(/\t/g, '    ').length;
    open = open.filter((entry) => entry.indent < indent);
    const text = item[2].replace(/\*\*/g, '');
    const nearest = (kinds: readonly string[]): number | null => [...open].reverse().find((entry) => kinds.includes(entry.kind))?.line ?? heading;
    if (splitKeyResult(text)) {
      keyResults.set(line, nearest(['objective']));
      open.push({ indent, line, kind: 'kr' });
    } else if (/^\*\*[^*]+:/.test(item[2])) {
      objectives.set(line, nearest(['objective', 'kr']));
      open.push({ indent, line, kind: 'objective' });
    } else {
      open.push({ indent, line, kind: 'other' });
    }
  });
  return { keyResults, objectives };
}

function share(expected: Map<number, number | null>, actual: Map<number, number | null>): number {
  let right = 0;
  for (const [line, parent] of expected) if (actual.has(line) && actual.get(line) === parent) right++;
  return expected.size === 0 ? 1 : right / expected.size;
}

for (const quarter of ['fy21-q1', 'fy23-q3', 'fy20-q3', '2018-q3']) {
  test(`GitLab's ${quarter} OKR page: key results and the objectives that serve them, under the parents they are written under`, { skip: !existsSync(corpus) && 'no shared corpus beside the project' }, (t) => {
    const text = readFileSync(join(corpus, 'gitlab-okrs', `gitlab-${quarter}.md`), 'utf8');
    const doc = parseDocument(text);
    assert.ok(doc.plan.objectives.length > 0, `a plan: ${doc.plan.evidence.join('; ')}`);
    assert.match(doc.plan.title ?? '', /OKRs/, 'the front matter names the page');
    const written = writtenParents(text.split('\n'));
    const read = parents(doc.plan);
    t.diagnostic(`key results under their parent: ${share(written.keyResults, read.keyResults).toFixed(3)} of ${written.keyResults.size}; bold objectives: ${share(written.objectives, read.objectives).toFixed(3)} of ${written.objectives.size}`);
    assert.ok(share(written.keyResults, read.keyResults) >= 0.95, `key results: ${share(written.keyResults, read.keyResults)} of ${written.keyResults.size}`);
    assert.ok(share(written.objectives, read.objectives) >= 0.95, `objectives: ${share(written.objectives, read.objectives)} of ${written.objectives.size}`);
    // Headings such as `### 1. CEO: IACV` are the company's objectives, with their owner.
    for (const objective of doc.plan.objectives.filter((objective) => /^#/.test(doc.lines[objective.line - 1]))) assert.equal(objective.owner, 'CEO');
  });
}

test("GitLab's cascade: a CEO key result is served by a CRO objective, whose own key results carry progress after ==> and -->", { skip: !existsSync(corpus) && 'no shared corpus beside the project' }, () => {
  const plan = parseDocument(readFileSync(join(corpus, 'gitlab-okrs', 'gitlab-fy21-q1.md'), 'utf8')).plan;
  const [iacv] = plan.objectives;
  assert.deepEqual([iacv.owner, iacv.title], ['CEO', 'IACV']);
  const pipeline = iacv.keyResults[0].children[0];
  assert.deepEqual([pipeline.owner, pipeline.title], ['CRO', 'Build strong FY21 pipeline.']);
  assert.equal(pipeline.keyResults[0].owner, 'CRO');
  const all = [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults);
  assert.ok(all.some((keyResult) => keyResult.progress === '66% (AWS and GCP done, VMware to Q2)'), 'a --> note');
  assert.ok(all.some((keyResult) => keyResult.progress?.startsWith('We determined Google Sheets')), 'a ==> note');
});

test("GitLab's 2018 page: owned objectives nested as written under the heading's", { skip: !existsSync(corpus) && 'no shared corpus beside the project' }, () => {
  const plan = parseDocument(readFileSync(join(corpus, 'gitlab-okrs', 'gitlab-2018-q3.md'), 'utf8')).plan;
  const [grow] = plan.objectives;
  assert.equal(grow.owner, 'CEO');
  const cmo = grow.children.find((child) => child.owner === 'CMO');
  assert.equal(cmo?.title, 'Achieve 3x IACV in Q4 pipeline minus in quarter orders');
});
