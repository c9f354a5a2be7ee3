/** Flags a status outside the team's configured set, offering the closest known one. */
import type { Finding, PlanRule } from '../types';
import { perItem } from './perItem';
import type { Task } from '../../model/plan';
import type { StatusSet } from '../../model/statuses';
import { findMojibake } from './mojibake';
import { closestTexts, isPlaceholderText, replaceFix, spanFinding } from './text';

/** Statuses the team's set does not define. */
export const unknownStatus: PlanRule = {
  id: 'unknown-status',
  description: 'A task\'s status is not one of the team\'s statuses.',
  defaultSeverity: 'warning',
  tags: ['task', 'status'],
  doc: 'Each status a plan writes maps to a canonical state (done, in progress, not started, blocked, dropped) that the progress view counts. A status outside the team\'s set, often a typo such as "In-progess", counts as unknown and the task drops out of the progress figures. Use one of the configured statuses (`okr.statuses`); the quick fix offers the closest one.',
  scope: 'plan',
  reads: (plan) => [plan.tasks],
  check: (doc, context) => statusFindings(doc.plan.tasks, doc, context),
};

const statusFindings = perItem((task: Task, _doc, context): Finding[] => {
  const cell = task.cells.status;
  const text = task.statusText.trim();
  if (!cell || text === '' || isPlaceholderText(text) || context.statuses.resolve(text).known) return [];
  const at = cell.text.indexOf(text);
  const column = cell.column + Math.max(0, at);
  const suggestions = closestTexts(text, suggestable(context.statuses), 3);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((status) => `"${status}"`).join(', ')}?` : '';
  return [
    spanFinding(cell.line, column, text.length, `"${text}" is not a known status.${hint}`, suggestions.map((status) => replaceFix(`Replace with "${status}"`, cell.line, column, column + text.length, status, false))),
  ];
});

/** The statuses worth suggesting: garbled forms are accepted so old plans still count, but never suggested. */
function suggestable(statuses: StatusSet): string[] {
  return statuses.definitions.map((definition) => definition.text).filter((status) => findMojibake(status).length === 0);
}
