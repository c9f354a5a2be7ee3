/** Flags an objective that repeats another's owner and text. */
import type { Finding, PlanRule } from '../types';
import { allObjectives, type Objective } from '../../model/plan';
import { isPlaceholderText, isTemplateText, locate, normalizeTitle, spanFinding } from './text';

/** Objectives written twice. */
export const duplicateObjective: PlanRule = {
  id: 'duplicate-objective',
  description: 'Two objectives have the same owner and the same text.',
  defaultSeverity: 'warning',
  tags: ['objective'],
  doc: 'An objective written twice for the same owner splits its key results and progress between two entries and is counted twice in summaries; it usually comes from pasting a section into a plan that already had it. Merge the two. Different owners may share an objective text ("Web: Increase test coverage" and "Code intel: Increase test coverage"), so the owner is part of the comparison; template text such as `Objective` is reported by `placeholder-template` instead.',
  scope: 'plan',
  reads: (plan) => [plan.objectives],
  check(doc) {
    const findings: Finding[] = [];
    const first = new Map<string, Objective>();
    for (const objective of allObjectives(doc.plan.objectives)) {
      if (isTemplateText(objective.title) || isPlaceholderText(objective.title)) continue;
      const key = `${normalizeTitle(objective.owner ?? '')}\u0000${normalizeTitle(objective.title)}`;
      const original = first.get(key);
      if (!original) {
        first.set(key, objective);
        continue;
      }
      const { column, endColumn } = locate(doc.lines, objective.line, objective.title, objective.column);
      findings.push(spanFinding(objective.line, column, endColumn - column, `This objective repeats the one on line ${original.line}: merge them.`));
    }
    return findings;
  },
};
