/**
 * Progress over time: each version's tasks done and objective scores, with
 * the project's scoring options, lined up by objective across check-ins, a
 * rewording keeping an objective's line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlan } from '../../server/src/okr/parse/parser';
import { planChanges } from '../../server/src/okr/history/checkIns';
import { planProgress, progressSeries } from '../../server/src/okr/history/series';
import { DEFAULT_SCORING, type ScoringOptions } from '../../server/src/okr/model/scoring';
import type { RollupMode } from '../../server/src/okr/model/plan';

const plan = (objective: string, progress: [string, string], statuses: string[]): string => `# FY26Q4 OKR Plan

**Objective: ${objective}.**

- KR: 90% of first replies within 4 hours => ${progress[0]}
- KR: Backlog under 50 tickets => ${progress[1]}

**Objective: Keep the docs current.**

- KR: Every release note within a day => 50%

| # | Status | Responsible | Project |
| - | ------ | ----------- | ------- |
${statuses.map((status, index) => `| ${index + 1} | ${status} | Jane | Task ${index + 1} |`).join('\n')}
`;

/** Check-ins from versions of a plan, as the history reads them. */
function checkIns(texts: string[], options: ScoringOptions = DEFAULT_SCORING): Parameters<typeof progressSeries>[0] {
  const plans = texts.map((text) => parsePlan(text));
  return plans.map((version, index) => ({
    commit: `c${index}`,
    date: `2026-10-${String(index + 1).padStart(2, '0')}T10:00:00Z`,
    changes: planChanges(index === 0 ? null : plans[index - 1], version),
    progress: planProgress(version, options),
  }));
}

test("a version's progress counts tasks done, leaving dropped ones out, and scores every objective", () => {
  const progress = planProgress(parsePlan(plan('Answer every customer', ['40%', '60%'], ['Done', 'Dropped', 'In progress', 'Done'])), DEFAULT_SCORING);
  assert.deepEqual(progress, {
    tasksDone: 2,
    tasks: 3,
    objectives: [
      { title: 'Answer every customer.', owner: null, depth: 0, score: 0.5 },
      { title: 'Keep the docs current.', owner: null, depth: 0, score: 0.5 },
    ],
  });
});

test("a version is scored with the project's roll-up", () => {
  const text = plan('Answer every customer', ['40%', '60%'], ['Done']);
  assert.equal(planProgress(parsePlan(text), { ...DEFAULT_SCORING, rollup: 'weakest' }).objectives[0].score, 0.4);
  assert.equal(planProgress(parsePlan(text), DEFAULT_SCORING).objectives[0].score, 0.5);
});

test('the series lines objectives up across versions, and a rewording keeps its line', () => {
  const series = progressSeries(checkIns([
    plan('Answer every customer', ['10%', '0%'], ['Not started', 'Not started']),
    plan('Answer every customer', ['40%', '0%'], ['Done', 'Not started']),
    plan('Answer every customer within a day', ['40%', '50%'], ['Done', 'Not started', 'Not started']),
    plan('Answer every customer within a day', ['80%', 'Done'], ['Done', 'Done', 'Dropped']),
  ]));
  assert.deepEqual(series.objectives, [
    { title: 'Answer every customer within a day.', owner: null, depth: 0 },
    { title: 'Keep the docs current.', owner: null, depth: 0 },
  ]);
  assert.deepEqual(series.points.map(({ commit, tasksDone, tasks, scores }) => [commit, tasksDone, tasks, scores]), [
    ['c0', 0, 2, [0.05, 0.5]],
    ['c1', 1, 2, [0.2, 0.5]],
    ['c2', 1, 3, [0.45, 0.5]],
    ['c3', 2, 2, [0.9, 0.5]],
  ]);
  assert.equal(series.points[2].date, '2026-10-03T10:00:00Z');
});

test('an objective added later has no score before it existed, and one removed keeps its past', () => {
  const without = plan('Answer every customer', ['10%', '0%'], ['Done']).replace(/\*\*Objective: Keep the docs current\.\*\*\n\n- KR: Every release note within a day => 50%\n/, '');
  const series = progressSeries(checkIns([without, plan('Answer every customer', ['10%', '0%'], ['Done']), without]));
  assert.deepEqual(series.points.map((point) => point.scores), [[0.05, null], [0.05, 0.5], [0.05, null]]);
});

test('no check-ins give an empty series', () => {
  assert.deepEqual(progressSeries([]), { objectives: [], points: [] });
});

test("the series' objective scores are the roll-up worked out by hand from the key results, in every mode", () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom<RollupMode>('average', 'weighted', 'weakest'),
      (objectives, mode) => {
        const text = ['# FY26Q4 OKRs', '', ...objectives.flatMap((scores, at) => [`## Objective: Goal ${at}`, '', ...scores.map((score, index) => `- KR: Result ${index} (weight ${index + 1})${score === null ? '' : ` => ${score}%`}`), ''])].join('\n');
        const [point] = progressSeries(checkIns([text], { ...DEFAULT_SCORING, rollup: mode })).points;
        const expected = objectives.map((scores) => {
          const scored = scores.flatMap((score, index) => (score === null ? [] : [{ score: score / 100, weight: mode === 'weighted' ? index + 1 : 1 }]));
          if (scored.length === 0) return null;
          if (mode === 'weakest') return Math.min(...scored.map((item) => item.score));
          return scored.reduce((sum, item) => sum + item.score * item.weight, 0) / scored.reduce((sum, item) => sum + item.weight, 0);
        });
        assert.equal(point.scores.length, expected.length);
        point.scores.forEach((score, at) => {
          const want = expected[at];
          assert.ok(want === null ? score === null : score !== null && Math.abs(score - want) < 1e-9, `objective ${at}: ${score} ≠ ${want}`);
        });
      },
    ),
    { numRuns: 150 },
  );
});
