/** Flags reference definitions that nothing in the plan uses. */
import type { Finding, PlanRule } from '../types';
import { removeLinesEdit } from '../edits';
import { locate, spanFinding } from './text';

/** Definitions no redacted number or reference link points to. */
export const redactedUnusedDefinition: PlanRule = {
  id: 'redacted-unused-definition',
  description: 'A reference definition such as [n7]: … is used by nothing in the plan.',
  defaultSeverity: 'information',
  tags: ['redacted', 'links'],
  doc: 'Definitions at the bottom of a plan (`[n7]: https://…`) hold the links behind redacted numbers. One that nothing refers to is usually left over from a key result that was removed or renumbered, or it is the one a mistyped reference should have used. Check the references around it; remove the definition if it is really unused.',
  scope: 'plan',
  check(doc) {
    const findings: Finding[] = [];
    const used = new Set(doc.plan.references.map((reference) => reference.identifier.toLowerCase()));
    let lower: string | undefined;
    for (const definition of doc.plan.definitions) {
      const id = definition.identifier.toLowerCase();
      if (used.has(id) || usedAsLink((lower ??= doc.lines.join('\n').toLowerCase()), id, definition.line, doc.lines)) continue;
      const { column, endColumn } = locate(doc.lines, definition.line, `[${definition.identifier}]`);
      findings.push(
        spanFinding(definition.line, column, endColumn - column, `[${definition.identifier}] is defined but nothing refers to it.`, [
          { title: `Remove the unused definition [${definition.identifier}]`, edits: [removeLinesEdit(definition.line, definition.line)], safe: false },
        ]),
      );
    }
    return findings;
  },
};

/** True when an ordinary reference link (`[text][id]`, `[id][]`, `[id]`) uses the identifier outside its definition line. */
function usedAsLink(lowerText: string, id: string, definitionLine: number, lines: readonly string[]): boolean {
  const needle = `[${id}]`;
  const ownLine = (lines[definitionLine - 1] ?? '').toLowerCase();
  const onOwnLine = ownLine.split(needle).length - 1;
  return lowerText.split(needle).length - 1 > onOwnLine;
}
