/**
 * The ordered rule registry: diagnostics are computed in this order, and
 * the documentation lists rules in it. Add a rule by adding its file and one line here.
 */
import type { Rule, RuleSettings } from '../types';
import { closestTexts } from './text';
import { placeholderTbd } from './placeholderTbd';
import { placeholderValue } from './placeholderValue';
import { placeholderTemplate } from './placeholderTemplate';
import { placeholderEmptyField } from './placeholderEmptyField';
import { placeholderTableCell } from './placeholderTableCell';
import { placeholderDeadline } from './placeholderDeadline';
import { redactedLabelMismatch } from './redactedLabelMismatch';
import { redactedMissingDefinition } from './redactedMissingDefinition';
import { redactedUnusedDefinition } from './redactedUnusedDefinition';
import { redactedDuplicateDefinition } from './redactedDuplicateDefinition';
import { mojibake } from './mojibake';
import { taskMissingDetails } from './taskMissingDetails';
import { detailsMissingTask } from './detailsMissingTask';
import { taskTitleMismatch } from './taskTitleMismatch';
import { taskNumbering } from './taskNumbering';
import { listNesting } from './listNesting';
import { emptyItem } from './emptyItem';
import { duplicateObjective } from './duplicateObjective';
import { objectiveWithoutKeyResults } from './objectiveWithoutKeyResults';
import { krWithoutTarget } from './krWithoutTarget';
import { unknownTeammate } from './unknownTeammate';
import { unknownStatus } from './unknownStatus';
import { lineTooLong } from './lineTooLong';
import { objectiveLinkBroken } from './objectiveLinkBroken';
import { stalePlan } from './stalePlan';

/** Every rule, in the order diagnostics are computed and documented. */
export const RULES: readonly Rule[] = [
  placeholderTbd,
  placeholderValue,
  placeholderTemplate,
  placeholderEmptyField,
  placeholderTableCell,
  placeholderDeadline,
  redactedLabelMismatch,
  redactedMissingDefinition,
  redactedUnusedDefinition,
  redactedDuplicateDefinition,
  mojibake,
  taskMissingDetails,
  detailsMissingTask,
  taskTitleMismatch,
  taskNumbering,
  listNesting,
  emptyItem,
  duplicateObjective,
  objectiveWithoutKeyResults,
  krWithoutTarget,
  unknownTeammate,
  unknownStatus,
  lineTooLong,
  objectiveLinkBroken,
  stalePlan,
];

/** True when the rule with this id declares the tag (`placeholder`, `people`…): how consumers group diagnostics. */
export function ruleHasTag(id: string, tag: string): boolean {
  return RULES.find((rule) => rule.id === id)?.tags.includes(tag) ?? false;
}

/** A problem for each rule setting whose id no rule has, such as a typo, naming the closest rule. */
export function unknownRuleProblems(settings: RuleSettings): string[] {
  const ids = RULES.map((rule) => rule.id);
  return Object.keys(settings)
    .filter((id) => !ids.includes(id))
    .map((id) => {
      const [closest] = closestTexts(id, ids, 1);
      return `Rule "${id}" does not exist${closest ? `; did you mean "${closest}"?` : '.'}`;
    });
}
