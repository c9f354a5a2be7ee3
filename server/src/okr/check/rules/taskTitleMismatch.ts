/** Flags a task whose table title and details heading have nothing in common, a sign the two are out of step. */
import type { Finding, PlanRule } from '../types';
import { isPlaceholderText, locate, replaceFix, significantWords, spanFinding } from './text';

/** Table titles and details headings that share no word. */
export const taskTitleMismatch: PlanRule = {
  id: 'task-title-mismatch',
  description: 'A task\'s title in the status table and its "### N" heading share no words.',
  defaultSeverity: 'warning',
  tags: ['task', 'structure'],
  doc: 'A details heading is often a short form of the table\'s project text ("Doc updates" for "Make at least 45 doc updates"), and that is fine. When the two share no word at all, the row and the section most likely describe different tasks: rows were reordered or renumbered and the sections were not. Check which number belongs to which task; the quick fix copies the table\'s title into the heading.',
  scope: 'plan',
  reads: (plan) => [plan.tasks, plan.details],
  check(doc) {
    const findings: Finding[] = [];
    const byId = new Map(doc.plan.details.map((details) => [details.id, details]));
    const compared = new Set<string>();
    for (const task of doc.plan.tasks) {
      const details = byId.get(task.id);
      // A repeated number is reported by `task-numbering`; only its first row owns the section.
      if (compared.has(task.id)) continue;
      compared.add(task.id);
      if (task.source !== 'table' || !details || isPlaceholderText(task.title) || isPlaceholderText(details.title)) continue;
      const tableWords = significantWords(task.title);
      const headingWords = significantWords(details.title);
      if (tableWords.size === 0 || headingWords.size === 0 || [...headingWords].some((word) => tableWords.has(word))) continue;
      const { column, endColumn } = locate(doc.lines, details.line, details.title);
      const plainTitle = task.title.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
      findings.push(
        spanFinding(details.line, column, endColumn - column, `Section ${details.id} is titled "${details.title}" but row ${task.id} of the table says "${task.title}".`, [
          replaceFix('Use the table\'s title in the heading', details.line, column, endColumn, plainTitle, false),
        ]),
      );
    }
    return findings;
  },
};
