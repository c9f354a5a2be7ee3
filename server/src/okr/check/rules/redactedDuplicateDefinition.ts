/** Flags a reference identifier defined more than once; Markdown uses only the first. */
import type { Finding, PlanRule } from '../types';
import type { ReferenceDefinition } from '../../model/plan';
import { removeLinesEdit } from '../edits';
import { locate, spanFinding } from './text';

/** Second and later definitions of one identifier. */
export const redactedDuplicateDefinition: PlanRule = {
  id: 'redacted-duplicate-definition',
  description: 'A reference identifier such as [n3] is defined more than once.',
  defaultSeverity: 'information',
  tags: ['redacted', 'links'],
  doc: 'When `[n3]: …` is defined twice, Markdown silently uses the first definition and ignores the rest, so a redacted number may link to a value other than the one its author meant. Remove the duplicate, or renumber it and the reference that should use it. Removing an exact duplicate (same link) is a safe fix.',
  scope: 'plan',
  reads: (plan) => [plan.definitions],
  check(doc) {
    const findings: Finding[] = [];
    const first = new Map<string, ReferenceDefinition>();
    for (const definition of doc.plan.definitions) {
      const id = definition.identifier.toLowerCase();
      const original = first.get(id);
      if (!original) {
        first.set(id, definition);
        continue;
      }
      const same = original.url === definition.url;
      const { column, endColumn } = locate(doc.lines, definition.line, `[${definition.identifier}]`);
      findings.push(
        spanFinding(
          definition.line,
          column,
          endColumn - column,
          `[${definition.identifier}] is already defined on line ${original.line}${same ? ' with the same link' : ''}; Markdown uses only the first definition.`,
          [{ title: `Remove this ${same ? 'duplicate' : 'second'} definition of [${definition.identifier}]`, edits: [removeLinesEdit(definition.line, definition.line)], safe: same }],
        ),
      );
    }
    return findings;
  },
};
