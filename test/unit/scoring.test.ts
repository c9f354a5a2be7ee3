/**
 * Scores come only from what a plan writes: each form of evidence on a key
 * result's line, the roll-up into objectives in each mode, the bands, and
 * GitLab's real progress notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePlan } from '../../server/src/okr/parse/parser';
import { allObjectives, type Objective, type RollupMode } from '../../server/src/okr/model/plan';
import { DEFAULT_SCORING, keyResultScores, parseScoreBands, rollUp, scoreBand, scorePlan, type ScoringOptions } from '../../server/src/okr/model/scoring';

/** The score of the only key result of a one-objective plan whose KR line is `line`. */
function krScore(line: string, options?: ScoringOptions): { score: number | null; from: string | null } {
  const plan = parsePlan(`# Team OKRs Q1 2024\n\n## Objective: Ship the thing\n\n- KR: ${line}\n`, options ? { scoring: options } : {});
  const [keyResult] = plan.objectives[0].keyResults;
  return { score: keyResult.score, from: keyResult.scoreFrom };
}

test('each form of evidence on a key result line gives its score', () => {
  const cases: Array<[string, number | null, string | null]> = [
    ['Sign 5 customers => 78%', 0.78, 'progress'],
    ['Sign 5 customers => 100%', 1, 'progress'],
    ['Sign 5 customers => 120%', 1, 'progress'],
    ['Sign 5 customers ==> 0.7', 0.7, 'progress'],
    ['Sign 5 customers --> 66% (AWS and GCP done, VMware to Q2)', 0.66, 'progress'],
    ['Sign 5 customers => 90% complete for Sales and CS roles', 0.9, 'progress'],
    ['Sign 5 customers => 100%, 0%, 100%', 2 / 3, 'progress'],
    ['Sign 5 customers => [DONE](https://example.com/1)', 1, 'progress'],
    ['Sign 5 customers => Done', 1, 'progress'],
    ['Sign 5 customers => completed', 1, 'progress'],
    ['Sign 5 customers => Achieved.', 1, 'progress'],
    ['Sign 5 customers => ✅', 1, 'progress'],
    ['Sign 5 customers => Not started', 0, 'progress'],
    ['Sign 5 customers Score: 0.6', 0.6, 'score'],
    ['Sign 5 customers (0.7)', 0.7, 'score'],
    ['Sign 5 customers => 40% (0.5)', 0.5, 'score'],
    ['Sign 5 customers ✅', 1, 'status'],
    ['Sign 5 customers, Status: Not started', 0, 'status'],
  ];
  for (const [line, score, from] of cases) {
    const got = krScore(line);
    assert.ok(got.score !== null && score !== null && Math.abs(got.score - score) < 1e-9, `${line}: ${got.score}`);
    assert.equal(got.from, from, line);
  }
});

test('no evidence, or evidence that is not a number, gives no score', () => {
  for (const line of [
    'Sign 5 customers',
    'Sign 5 customers => WIP',
    'Sign 5 customers => Just starting (above was heavier lift than anticipated)',
    'Sign 5 customers => Deferred to Q2',
    'Sign 5 customers => went from 40% to 60%',
    'Sign 5 customers => 60-70%',
    'Sign 5 customers => 3 signed',
    'Raise NPS to 60%',
    'Mark the launch as done',
    'Sign 5 customers => Dropped',
    'Sign 5 customers 🚧',
  ]) {
    assert.deepEqual(krScore(line), { score: null, from: null }, line);
  }
});

test('the word map and the status scores are configurable', () => {
  const options: ScoringOptions = { ...DEFAULT_SCORING, words: { ...DEFAULT_SCORING.words, 'on track': 0.7 }, statusScores: { done: 1, dropped: 0 } };
  assert.equal(krScore('Ship => On track', options).score, 0.7);
  assert.equal(krScore('Ship => Dropped', options).score, 0);
  assert.equal(krScore('Ship => On track').score, null);
});

test('objectives roll up their key results and nested objectives, by mode, skipping what has no score', () => {
  const text = [
    '# Company OKRs FY24 Q1',
    '',
    '## Objective: Grow',
    '',
    '- KR: Revenue (weight 3) => 90%',
    '- KR: Logos => 30%',
    '- KR: Partners => WIP',
    '',
    '### Objective: Sales hires',
    '',
    '- KR: Hire 3 AEs => 50%',
    '',
  ].join('\n');
  const scored = (rollup: RollupMode): Objective => parsePlan(text, { scoring: { ...DEFAULT_SCORING, rollup } }).objectives[0];
  const average = scored('average');
  assert.equal(average.children[0].score, 0.5);
  assert.ok(Math.abs(average.score! - (0.9 + 0.3 + 0.5) / 3) < 1e-9);
  assert.deepEqual(average.rollup, { mode: 'average', scored: 3, items: 4, from: 'rollup' });
  assert.equal(average.band, 'yellow');
  assert.ok(Math.abs(scored('weighted').score! - (0.9 * 3 + 0.3 + 0.5) / 5) < 1e-9);
  assert.equal(scored('weakest').score, 0.3);
  assert.equal(scored('weakest').band, 'red');
});

test('a key result without its own evidence takes the roll-up of the objectives that serve it', () => {
  const text = [
    '# FY21-Q1 OKRs',
    '',
    '1. CEO: Grow IACV.',
    '    1. CEO KR: Close the year ahead of plan.',
    '        1. CRO: Hire the team.',
    '            1. CRO KR: Hire 10 AEs => 80%',
    '            1. CRO KR: Hire 2 SAs => 40%',
    '    1. CEO KR: Open two offices => Done',
    '',
  ].join('\n');
  const plan = parsePlan(text);
  const [ceo] = plan.objectives;
  const [cascade, offices] = ceo.keyResults;
  assert.equal(cascade.children.length, 1);
  assert.ok(Math.abs(cascade.score! - 0.6) < 1e-9);
  assert.equal(cascade.scoreFrom, 'objectives');
  assert.equal(offices.score, 1);
  assert.ok(Math.abs(ceo.score! - 0.8) < 1e-9);
  assert.ok(Math.abs(plan.score! - 0.8) < 1e-9);
});

test('nothing scored gives null at every level; a team plan gets its share of tasks done as plan progress', () => {
  const plan = parsePlan(['# Team Q1 2024 OKRs', '', '## Objective: Ship', '', '- KR: Launch', '', '| # | Task | Status | Responsible |', '| - | - | - | - |', '| 1 | Build | Done | Ann |', '| 2 | Test | WIP | Bob |', '| 3 | Old | Dropped | Bob |', ''].join('\n'));
  assert.equal(plan.objectives[0].score, null);
  assert.equal(plan.objectives[0].band, null);
  assert.equal(plan.objectives[0].keyResults[0].score, null);
  assert.equal(plan.score, null);
  assert.equal(plan.progress, 0.5);
  assert.deepEqual(keyResultScores(plan), { keyResults: 1, scored: 0, average: null });
});

test('bands: Google by default, closed at 0.4 and 0.7, and configurable', () => {
  assert.deepEqual([0, 0.3, 0.39, 0.4, 0.6, 0.69, 0.7, 1].map((score) => scoreBand(score)), ['red', 'red', 'red', 'yellow', 'yellow', 'yellow', 'green', 'green']);
  assert.equal(scoreBand(null), null);
  assert.equal(scoreBand(0.5, { yellow: 0.3, green: 0.5 }), 'green');
  const problems: string[] = [];
  assert.equal(parseScoreBands({ yellow: 0.8, green: 0.2 }, problems), null);
  assert.equal(problems.length, 1);
});

test('scoring returns new objects and keeps the unscored input as it was; the same input gives the same output', () => {
  const plan = parsePlan('# Team OKRs Q1 2024\n\n## Objective: Ship\n\n- KR: Launch => 50%\n');
  const rescored = scorePlan(plan, { ...DEFAULT_SCORING, rollup: 'weakest' });
  assert.notEqual(rescored.objectives[0], plan.objectives[0]);
  assert.equal(plan.objectives[0].rollup.mode, 'average');
  assert.equal(rescored.objectives[0].rollup.mode, 'weakest');
  assert.equal(scorePlan(plan).objectives[0], scorePlan(plan).objectives[0]);
});

/** An objective tree with scored key results, written as Markdown, and the scores by hand. */
const planArbitrary = fc.array(
  fc.record({
    scores: fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 1, maxLength: 4 }),
    weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
    children: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  }),
  { minLength: 1, maxLength: 4 },
);

test('the roll-up of generated plans equals the roll-up worked out by hand from the key results', () => {
  fc.assert(
    fc.property(planArbitrary, fc.constantFrom<RollupMode>('average', 'weighted', 'weakest'), (objectives, mode) => {
      const lines = ['# Company OKRs FY24 Q1', ''];
      const kr = (score: number | null, weight: number, index: number): string => `- KR: Result ${index}${mode === 'weighted' ? ` (weight ${weight})` : ''}${score === null ? '' : ` => ${score}%`}`;
      objectives.forEach((objective, at) => {
        lines.push(`## Objective: Goal ${at}`, '');
        objective.scores.forEach((score, index) => lines.push(kr(score, objective.weights[index], index)));
        lines.push('');
        objective.children.forEach((child, childAt) => {
          lines.push(`### Objective: Goal ${at}.${childAt}`, '');
          child.forEach((score, index) => lines.push(kr(score, 1, index)));
          lines.push('');
        });
      });
      const plan = parsePlan(lines.join('\n'), { scoring: { ...DEFAULT_SCORING, rollup: mode } });
      const byHand = (items: Array<{ score: number | null; weight: number }>): number | null => {
        const scored = items.filter((item) => item.score !== null) as Array<{ score: number; weight: number }>;
        if (scored.length === 0) return null;
        if (mode === 'weakest') return Math.min(...scored.map((item) => item.score));
        const w = (item: { weight: number }): number => (mode === 'weighted' ? item.weight : 1);
        return scored.reduce((sum, item) => sum + item.score * w(item), 0) / scored.reduce((sum, item) => sum + w(item), 0);
      };
      assert.equal(plan.objectives.length, objectives.length);
      objectives.forEach((objective, at) => {
        const children = objective.children.map((child) => ({ score: byHand(child.map((score) => ({ score: score === null ? null : score / 100, weight: 1 }))), weight: 1 }));
        const own = objective.scores.map((score, index) => ({ score: score === null ? null : score / 100, weight: objective.weights[index] }));
        const expected = byHand([...own, ...children]);
        const got = plan.objectives[at].score;
        assert.ok(expected === null ? got === null : got !== null && Math.abs(got - expected) < 1e-9, `objective ${at}: ${got} ≠ ${expected}`);
      });
    }),
    { numRuns: 150 },
  );
});

test('rollUp skips unscored items and gives null for none', () => {
  assert.equal(rollUp([{ score: null }], 'average'), null);
  assert.equal(rollUp([], 'weakest'), null);
  assert.equal(rollUp([{ score: 0.2, weight: 0 }], 'weighted'), null);
});

const gitlab = join(import.meta.dirname, '../../../shared/corpus/gitlab-okrs/gitlab-fy21-q1.md');

test("GitLab's real progress notes score as written", { skip: !existsSync(gitlab) && 'no shared corpus beside the project' }, () => {
  const plan = parsePlan(readFileSync(gitlab, 'utf8'));
  const keyResults = [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults);
  const byStart = (start: string) => {
    const found = keyResults.find((keyResult) => keyResult.text.startsWith(start));
    assert.ok(found, start);
    return found;
  };
  assert.equal(byStart('Define functional competencies').score, 1);
  assert.equal(byStart('Complete job task analysis').score, 0.9);
  assert.equal(byStart('Create 1st class experiences for free partner compute').score, 0.66);
  assert.equal(byStart('Build learning path').score, null);
  assert.equal(byStart('FY21 partner enablement strategy').score, null);
  assert.equal(byStart('Execute first joint marketing campaign').score, null);
  const scored = keyResults.filter((keyResult) => keyResult.score !== null);
  assert.ok(scored.length > 20, `${scored.length} scored`);
  for (const keyResult of scored) {
    assert.ok(keyResult.score! >= 0 && keyResult.score! <= 1, keyResult.text);
    assert.ok(keyResult.scoreFrom === 'objectives' ? keyResult.children.length > 0 : keyResult.progress !== null, keyResult.text);
  }
});
