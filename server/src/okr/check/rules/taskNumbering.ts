/** Flags gaps and duplicates in the numbering of status-table rows and details sections. */
import type { Finding, PlanRule } from '../types';
import { spanFinding } from './text';

/** A numbered thing: a table row or a details heading. */
interface Numbered {
  id: string;
  line: number;
  column: number;
  endColumn: number;
}

/** Gaps and duplicates in task numbers. */
export const taskNumbering: PlanRule = {
  id: 'task-numbering',
  description: 'Task numbers in the status table or the details sections skip a number or repeat one.',
  defaultSeverity: 'warning',
  tags: ['task', 'structure'],
  doc: 'Rows and `### N` sections are matched by number, so a repeated number pairs one section with two rows, and a skipped number usually means a task was deleted without renumbering or inserted with the wrong number. Renumber so that each task has one number, counting up by one.',
  scope: 'plan',
  reads: (plan) => [plan.tasks, plan.details],
  check(doc) {
    const rows: Numbered[] = doc.plan.tasks
      .filter((task) => task.source === 'table')
      .map((task) => ({ id: task.id, line: task.line, column: task.cells.id?.column ?? 1, endColumn: task.cells.id?.endColumn ?? 2 }));
    const sections: Numbered[] = doc.plan.details.map((details) => {
      const heading = doc.lines[details.line - 1] ?? '';
      const column = heading.indexOf(details.id) + 1 || 1;
      return { id: details.id, line: details.line, column, endColumn: column + details.id.length };
    });
    // A number missing from one list but present in the other is a missing row or section, reported by their own rules.
    const rowIds = new Set(rows.map((row) => row.id));
    const sectionIds = new Set(sections.map((section) => section.id));
    return [...numberingFindings(rows, 'row', sectionIds), ...numberingFindings(sections, 'section', rows.length > 0 ? null : rowIds)];
  },
};

/** Findings for one numbered sequence, in order of appearance; gaps count only numbers `elsewhere` lacks too (null: no gap reports). */
function numberingFindings(items: readonly Numbered[], kind: 'row' | 'section', elsewhere: ReadonlySet<string> | null): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, Numbered>();
  let previous: number | null = null;
  for (const item of items) {
    if (!/^\d+$/.test(item.id)) continue;
    const number = Number(item.id);
    const earlier = seen.get(item.id);
    if (earlier) {
      findings.push(spanFinding(item.line, item.column, item.endColumn - item.column, `Task number ${item.id} is used twice: this ${kind} and the ${kind} on line ${earlier.line}.`));
    } else if (elsewhere && previous !== null && number > previous + 1) {
      const missing: number[] = [];
      for (let gap = previous + 1; gap < number; gap++) if (!elsewhere.has(String(gap))) missing.push(gap);
      if (missing.length > 0) {
        const list = missing.length === 1 ? `${missing[0]} is` : `${missing.join(', ')} are`;
        findings.push(spanFinding(item.line, item.column, item.endColumn - item.column, `Task ${kind}s skip from ${previous} to ${number}: number ${list} missing.`));
      }
    }
    seen.set(item.id, earlier ?? item);
    if (previous === null || number > previous) previous = number;
  }
  return findings;
}
