/** Hints at key results that name no number or measurable target. */
import type { Finding, PlanRule } from '../types';
import { perItem } from './perItem';
import { allObjectives, type Objective } from '../../model/plan';
import { containsPlaceholder, isTemplateText, spanFinding } from './text';

/** Something countable: a digit, a redacted number, a number word, a multiple or a share. */
const MEASURABLE = /\d|<sub>|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|thousand|million|dozen|half|double|twice|triple|zero|once|every|each|all|no)\b/i;

/** Key results with nothing to measure. */
export const krWithoutTarget: PlanRule = {
  id: 'kr-without-target',
  description: 'A key result names no number or measurable target.',
  defaultSeverity: 'hint',
  tags: ['key-result'],
  doc: 'A key result is meant to be graded: "Upgrades take less than 30 minutes" can be checked at the end of the quarter, "Keep roadmap up to date" cannot. This hint marks key results without a number, a share (`all`, `every`, `no`) or a redacted number, as a prompt to add a baseline and a target. It is a hint, not a warning: some key results are honestly yes-or-no milestones. Key results that are placeholders are reported by the placeholder rules instead.',
  scope: 'plan',
  reads: (plan) => [plan.objectives],
  check: (doc, context) => targetFindings(allObjectives(doc.plan.objectives), doc, context),
};

const targetFindings = perItem((objective: Objective): Finding[] =>
  objective.keyResults
    .filter((keyResult) => {
      const text = keyResult.text;
      return text.trim() !== '' && !MEASURABLE.test(text) && !isTemplateText(text) && !containsPlaceholder(text);
    })
    .map((keyResult) => spanFinding(keyResult.line, keyResult.column, keyResult.endColumn - keyResult.column, 'This key result has no number or measurable target: add a baseline and a target.')),
);
