/** Flags status-table cells that hold only a placeholder, such as rows of `TBD`. */
import type { Finding, PlanRule } from '../types';
import { perItem } from './perItem';
import type { Task, TextSpan } from '../../model/plan';
import { escapeSnippet } from '../edits';
import { isPlaceholderText, replaceFix, spanFinding } from './text';
import { keyResultRemovals } from './placeholderFixes';

/** Table cells whose whole text is a placeholder. */
export const placeholderTableCell: PlanRule = {
  id: 'placeholder-table-cell',
  description: 'A status-table cell holds only a placeholder such as TBD.',
  defaultSeverity: 'warning',
  tags: ['placeholder', 'task'],
  doc: 'A status-table row whose Responsible or Project cell says only `TBD` reserves a slot for a task nobody has defined. It makes the plan look longer than it is and its tasks show up as real ones in summaries. Define the task (who and what), or remove the row and its details section.',
  scope: 'plan',
  planFixes: keyResultRemovals,
  reads: (plan) => [plan.tasks],
  check: (doc, context) => cellFindings(doc.plan.tasks, doc, context),
};

const cellFindings = perItem((task: Task, _doc, context): Finding[] => {
  if (task.source !== 'table') return [];
  const findings: Finding[] = [];
  const cells: Array<[string, TextSpan | null]> = [
    ['Status', task.cells.status],
    ['Responsible', task.cells.responsible],
    ['Project', task.cells.title],
  ];
  for (const [name, cell] of cells) {
    if (!cell || !isPlaceholderText(cell.text)) continue;
    // A team may use a marker such as `WIP` as a real status.
    if (cell === task.cells.status && context.statuses.resolve(cell.text).known) continue;
    findings.push(
      spanFinding(cell.line, cell.column, cell.endColumn - cell.column, `The ${name} cell of task ${task.id} is only a placeholder ("${cell.text.trim()}").`, [
        replaceFix(`Type the ${name.toLowerCase()}`, cell.line, cell.column, cell.endColumn, `\${1:${escapeSnippet(cell.text)}}`, false, true),
      ]),
    );
  }
  return findings;
});
