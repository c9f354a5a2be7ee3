/** Flags a redacted number whose reference has no definition, so it renders as raw brackets. */
import type { Finding, PlanRule } from '../types';
import { insertBlockEdit } from '../edits';
import { spanFinding } from './text';

/** Redacted references without a `[nK]: …` definition. */
export const redactedMissingDefinition: PlanRule = {
  id: 'redacted-missing-definition',
  description: 'A redacted number refers to a definition that does not exist.',
  defaultSeverity: 'information',
  tags: ['redacted', 'links'],
  doc: 'A redacted number such as `[_N<sub>4</sub>_][n4]` is a Markdown reference link: without a definition line `[n4]: https://…` it is not a link at all and renders as literal brackets, and readers with access cannot find the value. Add the definition, usually at the bottom of the file with the others.',
  scope: 'plan',
  reads: (plan) => [plan.definitions, plan.references],
  check(doc) {
    const findings: Finding[] = [];
    const defined = new Set(doc.plan.definitions.map((definition) => definition.identifier.toLowerCase()));
    const lastDefinition = doc.plan.definitions.reduce((last, definition) => Math.max(last, definition.line), 0);
    for (const reference of doc.plan.references) {
      if (defined.has(reference.identifier.toLowerCase())) continue;
      const definition = `[${reference.identifier}]: \${1:https://link-to-the-confidential-value}`;
      const edit =
        lastDefinition > 0
          ? { line: lastDefinition, column: doc.lines[lastDefinition - 1].length + 1, endLine: lastDefinition, endColumn: doc.lines[lastDefinition - 1].length + 1, newText: `\n${definition}` }
          : insertBlockEdit(doc, doc.lines.length, [definition]);
      findings.push(
        spanFinding(reference.line, reference.column, reference.endColumn - reference.column, `[${reference.identifier}] has no definition: add "[${reference.identifier}]: <link>" so ${reference.label} links to its value.`, [
          { title: `Add a definition for [${reference.identifier}]`, edits: [edit], safe: false, snippet: true },
        ]),
      );
      defined.add(reference.identifier.toLowerCase());
    }
    return findings;
  },
};
