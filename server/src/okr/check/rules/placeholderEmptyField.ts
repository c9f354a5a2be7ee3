/** Flags task-details fields left blank, such as `- Workgroup:` with nothing after it, or ending in a colon that nothing follows. */
import type { Finding, PlanRule } from '../types';
import { locate, spanFinding } from './text';
import { keyResultRemovals } from './placeholderFixes';

/** Blank `- Field:` items in task-details sections. */
export const placeholderEmptyField: PlanRule = {
  id: 'placeholder-empty-field',
  description: 'A task-details field such as "- Workgroup:" has nothing after it, or its text ends in a colon that nothing follows.',
  defaultSeverity: 'warning',
  tags: ['placeholder', 'task'],
  doc: 'Task-details sections list who works on a task and where (`- Workgroup:`, `- Facilitator:`, `- Channel:`, `- Details:`). A field with nothing after the colon was copied from the template and never filled in, so readers cannot tell who to ask. A field whose text ends in a colon with nothing under it (`- Details: … link to the PR here:`) promised something that was never added. Fill it in, or remove the field if the task does not need it.',
  scope: 'plan',
  planFixes: keyResultRemovals,
  reads: (plan) => [plan.details],
  check(doc) {
    const findings: Finding[] = [];
    for (const details of doc.plan.details) {
      for (const field of details.fields) {
        if (hasContentBelow(doc.lines, field.line)) continue;
        const value = field.value.trim();
        if (value.endsWith(':')) {
          // The text promises what follows the colon, and nothing does.
          const stop = value.lastIndexOf('. ', value.length - 2);
          const sentence = stop < 0 ? value : value.slice(stop + 2);
          const { column, endColumn } = locate(doc.lines, field.line, sentence, field.column);
          findings.push(spanFinding(field.line, column, endColumn - column, `"${sentence}" has nothing after it in task ${details.id}: add what it promises, or end the sentence.`));
          continue;
        }
        if (value !== '') continue;
        const { column, endColumn } = locate(doc.lines, field.line, `${field.name}:`);
        const end = (doc.lines[field.line - 1] ?? '').length + 1;
        findings.push(
          spanFinding(field.line, column, endColumn - column, `"${field.name}" is empty in task ${details.id}: fill it in.`, [
            { title: `Fill in ${field.name}`, edits: [{ line: field.line, column: end, endLine: field.line, endColumn: end, newText: /\s$/.test(doc.lines[field.line - 1] ?? '') ? '$1' : ' $1' }], safe: false, snippet: true },
          ]),
        );
      }
    }
    return findings;
  },
};

/** True when a field's list item continues on the lines below it (a nested list or paragraph), so it is not empty. */
function hasContentBelow(lines: readonly string[], line: number): boolean {
  const own = lines[line - 1] ?? '';
  const indent = own.length - own.trimStart().length;
  for (let next = line; next < lines.length; next++) {
    const text = lines[next];
    if (text.trim() === '') continue;
    return text.length - text.trimStart().length > indent;
  }
  return false;
}
