import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, PlanParser } from '../../server/src/okr/parse/parser';
import { allObjectives, emptyPlan, unscoredKeyResult, type Objective, type Plan } from '../../server/src/okr/model/plan';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (...parts: string[]): string => readFileSync(join(fixtures, ...parts), 'utf8');
const seeds = readdirSync(join(fixtures, 'seeds')).sort();
const seed = (prefix: string): Plan => parsePlan(read('seeds', seeds.find((name) => name.startsWith(prefix))!));
const dialect = (name: string): Plan => parsePlan(read('dialects', `${name}.md`));
const keyResultCount = (plan: Plan): number => [...allObjectives(plan.objectives)].reduce((sum, objective) => sum + objective.keyResults.length, 0);
const titles = (objectives: readonly Objective[]): string[] => objectives.map((objective) => objective.title);

test('every seed matches its reviewed outline (UPDATE_GOLDEN=1 rewrites them)', () => {
  for (const name of seeds) {
    const plan = parsePlan(read('seeds', name));
    const golden = join(fixtures, 'outline', name.replace(/\.txt$/, '.json'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, `${JSON.stringify(plan, null, 2)}\n`);
    assert.deepEqual(plan, JSON.parse(readFileSync(golden, 'utf8')), name);
  }
});

test('team plan: one bold objective, the listed key results, table tasks with their details', () => {
  const plan = seed('000');
  assert.equal(plan.title, 'FY22Q4 OKR Plan');
  assert.equal(plan.period, 'FY22Q4');
  assert.equal(plan.objectives.length, 1);
  assert.match(plan.objectives[0].title, /^Make providing an effortless customer experience a habit/);
  assert.equal(plan.objectives[0].keyResults.length, 3);
  assert.deepEqual(plan.tasks.map((task) => [task.id, task.title, task.status, task.responsible, task.line, task.detailsLine]), [
    ['1', 'Case reviews', 'in-progress', ['CS leadership'], 21, 27],
    ['2', 'Healthy habits', 'in-progress', ['CS leadership'], 22, 36],
    ['3', 'Enablement', 'in-progress', ['Application engineers'], 23, 41],
  ]);
  assert.deepEqual(plan.details[0].fields.map((field) => [field.name, field.value]).slice(0, 2), [
    ['Workgroup', 'Brielle, Nonso, Tamar, Virginia'],
    ['Facilitator', 'Nonso'],
  ]);
});

test('team plan with unfilled rows keeps empty statuses and empty fields', () => {
  const plan = seed('001');
  assert.equal(plan.tasks.length, 5);
  assert.deepEqual(plan.tasks.slice(2).map((task) => [task.statusText, task.status, task.title]), [
    ['', 'unknown', 'TBD'], ['', 'unknown', 'TBD'], ['', 'unknown', 'TBD'],
  ]);
  const empty = plan.details[2].fields;
  assert.deepEqual(empty.map((field) => [field.name, field.value]), [['Workgroup', ''], ['Slack channel', ''], ['Details', '']]);
  assert.equal(empty[0].column, '- Workgroup:'.length + 1);
});

test('team plan with the objective inside its intro sentence and mojibake statuses', () => {
  const plan = seed('002');
  assert.equal(plan.objectives.length, 1);
  assert.match(plan.objectives[0].title, /^Customer Support team to maintain 100% support issue resolution/);
  assert.equal(plan.tasks.length, 11);
  assert.deepEqual(plan.tasks.slice(0, 3).map((task) => [task.statusText, task.status]), [['ðŸš«', 'dropped'], ['ðŸš«', 'dropped'], ['âœ…', 'done']]);
  assert.ok(plan.tasks.every((task) => task.detailsLine !== null), 'every row has its details section');
  // Columns count UTF-16 code units, as editors do: the mojibake status is four of them.
  assert.deepEqual(plan.tasks[0].cells.responsible, { text: 'Warren', line: 7, column: 20, endColumn: 26 });
});

test('company tree: three company objectives with department objectives nested to any depth', () => {
  const plan = seed('003');
  assert.equal(plan.period, 'FY21-Q2');
  assert.deepEqual(titles(plan.objectives), [
    'Scale up pipeline and ARR.',
    'Kick off long-term projects to massively grow awareness and usage.',
    'Effective team communication and growth.',
  ]);
  assert.deepEqual(plan.objectives.map((objective) => objective.owner), ['CEO', 'CEO', 'CEO']);
  const [scale] = plan.objectives;
  assert.equal(scale.keyResults.length, 4);
  assert.deepEqual(scale.keyResults[2], {
    text: 'Street capacity ahead of plan.', owner: null, progress: 'AEs ramping ahead of plan.', line: 10, column: 8, endColumn: 38, children: [], ...unscoredKeyResult(),
  });
  const sales = scale.children.find((child) => child.title.startsWith('Create clear paths'))!;
  assert.equal(sales.owner, 'Sales');
  assert.deepEqual(titles(sales.children), ['Surface value metrics and code insights for engineering leaders.']);
  const distribution = plan.objectives[2].children.find((child) => child.owner === 'VP Engineering')!.children;
  assert.equal(distribution.length, 5);
  // Every `KR:` line in the file is a key result of some objective.
  const krLines = read('seeds', seeds.find((name) => name.startsWith('003'))!).split('\n').filter((line) => /^\s*KR:/.test(line)).length;
  assert.equal(keyResultCount(plan), krLines);
  assert.equal(plan.references.length, 15);
  const source = read('seeds', seeds.find((name) => name.startsWith('003'))!).split('\n')[25];
  const column = source.indexOf('[_N<sub>1</sub>_][n1]') + 1;
  assert.deepEqual(plan.references.find((reference) => reference.identifier === 'n1'), { label: 'N1', labelNumber: '1', identifier: 'n1', line: 26, column, endColumn: column + '[_N<sub>1</sub>_][n1]'.length });
  assert.equal(plan.definitions.length, 14);
});

test('skeleton plan: template objectives, owner KRs, sibling KRs of a mis-indented objective, paragraph objectives', () => {
  const plan = seed('004');
  assert.equal(plan.period, '2020-Q1');
  assert.deepEqual(plan.objectives[0], {
    title: 'Objective', owner: 'CEO', line: 3, column: 11, endLine: 5, progress: null, children: [], score: null, band: null, rollup: { mode: 'average', scored: 0, items: 2, from: null },
    keyResults: [
      { text: 'Key result', owner: 'CEO', progress: null, line: 4, column: 15, endColumn: 25, children: [], ...unscoredKeyResult() },
      { text: 'Key result', owner: 'CEO', progress: null, line: 5, column: 15, endColumn: 25, children: [], ...unscoredKeyResult() },
    ],
  });
  assert.deepEqual(titles(plan.objectives[1].children), ['WIP Deliver on product roadmap', 'WIP Proactively validate problems and solutions with customers', 'WIP Grow product team']);
  const vpEng = plan.objectives.find((objective) => objective.title === 'Build a world class engineering team.')!;
  assert.equal(vpEng.owner, 'VP Eng');
  assert.equal(vpEng.keyResults.length, 3, 'KR items written as siblings still belong to the objective above them');
  const productivity = plan.objectives.find((objective) => objective.title === 'Improve developer productivity')!;
  assert.deepEqual(productivity.keyResults.map((kr) => kr.text), ['Lower build times to X', 'Automate away release captain role', 'Infrastructure for automated deploys and releases (no human in loop required by default)']);
  const closing = plan.objectives.find((objective) => objective.owner === 'Sales (Closing Deals)')!;
  assert.equal(closing.title, 'Achieve $X net new ARR.');
  assert.equal(closing.keyResults.length, 2);
  assert.equal(plan.objectives.at(-1)!.owner, 'Sales (Pipeline Optimization)');
});

test('bold OBJECTIVE: items with - KR: bullets', () => {
  const plan = dialect('objective-prefix');
  assert.deepEqual(titles(plan.objectives), ['Make deploys boring', 'Grow the platform team']);
  assert.deepEqual(plan.objectives.map((objective) => objective.keyResults.length), [2, 1]);
  assert.equal(plan.period, 'Q3 2024');
});

test('plain numbered objectives whose bullets are their key results', () => {
  const plan = dialect('plain-numbered');
  assert.deepEqual(titles(plan.objectives), ['Improve onboarding', 'Grow revenue']);
  assert.deepEqual(plan.objectives[0].keyResults.map((kr) => kr.text), ['Cut time to first commit from 5 days to 2 days', '90% of new hires finish the checklist in week one']);
});

test('plain numbered objectives are a plan under goals for a period, or OKRs by name, but not under goals alone', () => {
  const text = read('dialects', 'plain-numbered.md');
  assert.deepEqual(titles(parsePlan(text.replace('# Q2 2023 Goals', "# Platform team FY'24 goals")).objectives), ['Improve onboarding', 'Grow revenue']);
  // "Goals" alone is an everyday word: bold items with numbers under it are not enough to call a page a plan.
  assert.deepEqual(parsePlan(text.replace('# Q2 2023 Goals', '# Platform team goals')).objectives, []);
  assert.deepEqual(parsePlan(text.replace('# Q2 2023 Goals', '# How to write good goals')).objectives, []);
});

test('Problem Area headings own their Key Result N items', () => {
  const plan = dialect('problem-areas');
  assert.deepEqual(titles(plan.objectives), ['Search is slow on large monorepos', 'Ranking surprises users']);
  assert.deepEqual(plan.objectives.map((objective) => objective.keyResults.length), [2, 1]);
  assert.equal(plan.objectives[0].keyResults[0].text, 'p95 latency below 500 ms on the 10 largest customers');
});

test('a "Key results" sub-heading labels the key results of the objective heading above it', () => {
  const plan = parsePlan('# Search OKRs\n\n### Problem Area: Search is slow\n\n#### Key Results\n\n- Key Result 1: p95 under 500 ms\n- Key Result 2: no timeouts\n');
  assert.deepEqual(plan.objectives.map((objective) => [objective.title, objective.keyResults.length, objective.children.length]), [['Search is slow', 2, 0]]);
});

test('a WHY paragraph between an objective and its key results', () => {
  const plan = dialect('why-paragraph');
  assert.deepEqual(titles(plan.objectives), ['Customers trust our uptime']);
  assert.equal(plan.objectives[0].keyResults.length, 2);
});

test('numbered initiatives with inline emoji statuses and owners named in the sentence', () => {
  const plan = dialect('initiatives');
  assert.deepEqual(plan.tasks.map((task) => [task.id, task.status, task.statusText, task.responsible]), [
    ['1', 'done', '✅', []], ['2', 'unknown', '', ['Nonso']], ['3', 'dropped', '🚫', []],
  ]);
  assert.equal(plan.tasks[0].title, 'Create a tool that triages incoming tickets');
});

test('owner-prefixed key results and hard-break KR lines', () => {
  const plan = dialect('owner-kr');
  const [ceo] = plan.objectives;
  assert.deepEqual(ceo.keyResults.map((kr) => [kr.owner, kr.text, kr.progress]), [['Sales', 'Close $2M in new ARR', '$1.2M so far'], ['Marketing', '400 qualified leads', null]]);
  assert.deepEqual(ceo.children[0].keyResults.map((kr) => [kr.owner, kr.text]), [['Sales', 'Hire 3 enterprise AEs'], [null, 'Publish the enterprise playbook']]);
});

test('a page about how to set OKRs is not a plan, and says why', () => {
  const plan = dialect('not-a-plan');
  assert.deepEqual({ ...plan, evidence: [] }, emptyPlan());
  assert.match(plan.evidence.join('\n'), /reads as a guide to OKRs/);
  assert.equal(parsePlan('').objectives.length, 0);
});

test('CRLF, a BOM and mixed line endings give the same plan as LF', () => {
  const text = read('seeds', seeds[0]);
  const plan = parsePlan(text);
  assert.deepEqual(parsePlan(`\uFEFF${text.replace(/\n/g, '\r\n')}`), plan);
  assert.deepEqual(parsePlan(text.split('\n').map((line, index) => line + (index % 2 ? '\r\n' : '\n')).join('').replace(/\r?\n$/, '\n')), plan);
});

test('re-parsing after an edit reuses unchanged blocks and equals a fresh parse', () => {
  const text = read('seeds', seeds[2]);
  const parser = new PlanParser();
  const before = parser.parse(text);
  const edited = text.replace('| 7   | ðŸš«     | Alex ', '| 7   | ✅     | Alex ');
  const after = parser.parse(edited);
  assert.deepEqual(after.plan, parsePlan(edited));
  const reused = after.chunks.filter((chunk) => before.chunks.some((old) => old.syntax === chunk.syntax)).length;
  assert.equal(reused, after.chunks.length - 1, 'only the edited block is parsed again');
  assert.equal(after.plan.tasks[6].status, 'done');
});

test('a fence opened in one block and closed in a later one hides the headings inside it', () => {
  const text = '# FY24Q1 OKRs\n\n```\n\n# not a heading\n\nKR: not a key result\n```\n\n**OBJECTIVE: Real**\n\n- KR: 1 real\n';
  const plan = new PlanParser().parse(text).plan;
  assert.deepEqual(titles(plan.objectives), ['Real']);
  assert.equal(plan.objectives[0].keyResults.length, 1);
  const unclosed = parsePlan('# FY24Q1 OKRs\n\n~~~\n\n## Objective: hidden\n\n- KR: hidden\n');
  assert.equal(unclosed.objectives.length, 0);
});

test('inline HTML in a title is kept as the author wrote it; formatting tags are not', () => {
  const plan = parsePlan('# FY99Q1 <img src=x onerror=alert(1)> OKR Plan\n\n**OBJECTIVE: <img src=x onerror=alert(1)>**\n\n- KR: Reach [_N<sub>6</sub>_][n6] WAU <br> by June\n\n[n6]: https://example.com/n6\n');
  assert.equal(plan.title, 'FY99Q1 <img src=x onerror=alert(1)> OKR Plan');
  assert.deepEqual(titles(plan.objectives), ['<img src=x onerror=alert(1)>']);
  assert.equal(plan.objectives[0].keyResults[0].text, 'Reach N6 WAU by June');
});
