/** Flags an objective with no key results of its own and none below it. */
import type { Finding, PlanRule } from '../types';
import type { Objective } from '../../model/plan';
import { allObjectives } from '../../model/plan';
import { locate, spanFinding } from './text';

/** True when an objective states its own number ("maintain 100% resolution within 7 days"), has a key result, or one nested under it does. */
function measured(objective: Objective): boolean {
  return /\d/.test(objective.title) || objective.keyResults.length > 0 || objective.children.some(measured);
}

/** Objectives that nothing measures. */
export const objectiveWithoutKeyResults: PlanRule = {
  id: 'objective-without-key-results',
  description: 'An objective has no key results, and no nested objective has any either.',
  defaultSeverity: 'warning',
  tags: ['objective', 'key-result'],
  doc: 'Key results are how a team will know it met an objective; an objective with none cannot be graded at the end of the quarter. An objective whose nested objectives carry the key results (a company objective measured through its departments\'), or that states its own numeric target, is fine. Add two to five measurable key results, or fold the objective into another.',
  scope: 'plan',
  reads: (plan) => [plan.objectives],
  check(doc) {
    const findings: Finding[] = [];
    for (const objective of allObjectives(doc.plan.objectives)) {
      if (measured(objective)) continue;
      const { column, endColumn } = locate(doc.lines, objective.line, objective.title, objective.column);
      findings.push(spanFinding(objective.line, column, endColumn - column, `The objective "${objective.title}" has no key results: add measurable ones.`));
    }
    return findings;
  },
};
