/** Flags a status-table row that has no `### N Title` details section, in a plan that keeps such sections. */
import type { Finding, Fix, PlanRule } from '../types';
import type { Task, TaskDetails } from '../../model/plan';
import type { PlanDocument } from '../../parse/parser';
import { escapeSnippet, insertBlockEdit } from '../edits';
import { isPlaceholderText, spanFinding } from './text';

/** Table rows without a details section. */
export const taskMissingDetails: PlanRule = {
  id: 'task-missing-details',
  description: 'A status-table row has no "### N Title" section under the task details.',
  defaultSeverity: 'warning',
  tags: ['task', 'structure'],
  doc: 'Plans with a status table describe each task in a `### N Title` section (workgroup, channel, details). A row without one leaves readers without the who and how of the task, and usually means a row was added or renumbered without its section. The quick fix inserts the section in numeric order, with the fields the other sections use, prefilled from the row.',
  scope: 'plan',
  reads: (plan) => [plan.tasks, plan.details],
  check(doc) {
    const findings: Finding[] = [];
    if (doc.plan.details.length === 0) return findings;
    const detailIds = new Set(doc.plan.details.map((details) => details.id));
    for (const task of doc.plan.tasks) {
      if (task.source !== 'table' || task.detailsLine !== null || detailIds.has(task.id)) continue;
      const cell = task.cells.id ?? task.cells.title;
      const column = cell?.column ?? 1;
      const endColumn = cell?.endColumn ?? (doc.lines[task.line - 1] ?? '').length + 1;
      findings.push(
        spanFinding(task.line, column, endColumn - column, `Task ${task.id} ("${task.title}") has no "### ${task.id}" details section.`, [insertDetailsFix(doc, task)]),
      );
    }
    return findings;
  },
};

/** The field names the plan's details sections use, most common first. */
function commonFields(details: readonly TaskDetails[]): string[] {
  const counts = new Map<string, number>();
  for (const section of details) for (const field of section.fields) counts.set(field.name, (counts.get(field.name) ?? 0) + 1);
  const order = [...counts.keys()];
  return order.filter((name) => (counts.get(name) ?? 0) * 2 >= details.length || order.length <= 2);
}

/** A field's prefilled value, from the task row, as a snippet tab stop. */
function fieldValue(name: string, task: Task, stop: number): string {
  const people = task.responsible.filter((person) => !isPlaceholderText(person));
  const lower = name.toLowerCase();
  const value = /work ?group|owner|responsible|team/.test(lower) && people.length > 0
    ? people.join(', ')
    : /facilitator|lead|dri/.test(lower) && people.length > 0
      ? people[0]
      : /channel/.test(lower)
        ? `#wg-${task.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || task.id}`
        : task.title;
  return `\${${stop}:${escapeSnippet(value)}}`;
}

/** A fix that inserts `### N Title` with the usual fields after the section of the nearest lower number. */
function insertDetailsFix(doc: PlanDocument, task: Task): Fix {
  const details = doc.plan.details;
  const number = Number(task.id);
  const before = details.filter((section) => Number(section.id) < number).sort((a, b) => Number(a.id) - Number(b.id));
  const after = before.length > 0 ? before[before.length - 1].endLine : details.reduce((first, section) => Math.min(first, section.line), Infinity) - 1;
  const fields = commonFields(details).map((name, index) => `- ${name}: ${fieldValue(name, task, index + 1)}`);
  const block = [`### ${task.id} ${escapeSnippet(task.title)}`, '', ...fields];
  return { title: `Insert a "### ${task.id} ${task.title}" details section`, edits: [insertBlockEdit(doc, trimBlank(doc, after), block)], safe: false, snippet: true };
}

/** The line before any blank lines that end a section. */
function trimBlank(doc: PlanDocument, line: number): number {
  let last = line;
  while (last > 0 && (doc.lines[last - 1] ?? '').trim() === '') last--;
  return last;
}
