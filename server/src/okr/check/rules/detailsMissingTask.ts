/** Flags a `### N Title` details section that no status-table row names. */
import type { Finding, Fix, PlanRule } from '../types';
import type { Task, TaskDetails } from '../../model/plan';
import type { PlanDocument } from '../../parse/parser';
import { spanFinding } from './text';

/** Details sections without a table row. */
export const detailsMissingTask: PlanRule = {
  id: 'details-missing-task',
  description: 'A "### N Title" details section has no row in the status table.',
  defaultSeverity: 'warning',
  tags: ['task', 'structure'],
  doc: 'The status table is where a plan\'s tasks are counted and tracked; a `### N` details section without a row there is invisible in every summary. It usually means a row was deleted or renumbered while its section stayed. The quick fix adds the row to the table in numeric order, with the section\'s title and workgroup.',
  scope: 'plan',
  reads: (plan) => [plan.tasks, plan.details],
  check(doc) {
    const findings: Finding[] = [];
    const rows = doc.plan.tasks.filter((task) => task.source === 'table');
    if (rows.length === 0) return findings;
    const ids = new Set(rows.map((task) => task.id));
    for (const details of doc.plan.details) {
      if (ids.has(details.id)) continue;
      const heading = doc.lines[details.line - 1] ?? '';
      const column = heading.length - heading.replace(/^\s*#+\s*/, '').length + 1;
      const fix = addRowFix(doc, rows, details);
      findings.push(spanFinding(details.line, column, heading.trimEnd().length + 1 - column, `Section ${details.id} ("${details.title}") has no row in the status table.`, fix ? [fix] : []));
    }
    return findings;
  },
};

/** A fix that adds a row for the section, shaped like its neighbour row, after the row of the nearest lower number. */
function addRowFix(doc: PlanDocument, rows: readonly Task[], details: TaskDetails): Fix | null {
  const number = Number(details.id);
  const lower = rows.filter((row) => Number(row.id) < number);
  const neighbour = lower.length > 0 ? lower[lower.length - 1] : rows[0];
  const template = doc.lines[neighbour.line - 1];
  if (template === undefined) return null;
  const workgroup = details.fields.find((field) => /work ?group|responsible|owner/i.test(field.name))?.value ?? '';
  const replacements = [
    { span: neighbour.cells.id, text: details.id },
    { span: neighbour.cells.status, text: '' },
    { span: neighbour.cells.responsible, text: workgroup.split(',')[0]?.trim() ?? '' },
    { span: neighbour.cells.title, text: details.title },
  ]
    .filter((entry) => entry.span !== null && entry.span.line === neighbour.line)
    .sort((a, b) => (b.span?.column ?? 0) - (a.span?.column ?? 0));
  let row = template;
  for (const { span, text } of replacements) {
    if (!span) continue;
    // Fill the cell up to its closing pipe, keeping one space before it, so the columns stay aligned.
    const pipe = row.indexOf('|', span.endColumn - 1);
    const end = pipe > 0 ? pipe - 1 : span.endColumn - 1;
    row = row.slice(0, span.column - 1) + text.padEnd(end - (span.column - 1)) + row.slice(end);
  }
  const after = lower.length > 0;
  const line = neighbour.line;
  const edit = after
    ? { line, column: template.length + 1, endLine: line, endColumn: template.length + 1, newText: `\n${row}` }
    : { line, column: 1, endLine: line, endColumn: 1, newText: `${row}\n` };
  return { title: `Add a row for task ${details.id} to the status table`, edits: [edit], safe: false };
}
