/** Flags a redacted number whose label disagrees with its reference, as `[_N<sub>26</sub>_][n23]`. */
import type { Finding, Fix, PlanRule } from '../types';
import { replaceFix, spanFinding } from './text';

/** Redacted labels whose number is not the reference's. */
export const redactedLabelMismatch: PlanRule = {
  id: 'redacted-label-mismatch',
  description: 'A redacted number\'s label names a different number than its reference, as in [_N<sub>26</sub>_][n23].',
  defaultSeverity: 'information',
  tags: ['redacted'],
  doc: 'Confidential values are written as redacted references: the label `N<sub>6</sub>` tells readers which value is meant and the reference `[n6]` links to where it lives. When the two numbers differ, as in `[_N<sub>26</sub>_][n23]`, a reader with access follows the link to the wrong value. Make the label and the reference agree; the quick fixes change one to match the other.',
  scope: 'plan',
  reads: (plan) => [plan.definitions, plan.references],
  check(doc) {
    const findings: Finding[] = [];
    const defined = new Set(doc.plan.definitions.map((definition) => definition.identifier.toLowerCase()));
    for (const reference of doc.plan.references) {
      const target = /^n(\d+)$/i.exec(reference.identifier)?.[1];
      if (!target || reference.labelNumber === null || reference.labelNumber === target) continue;
      const text = (doc.lines[reference.line - 1] ?? '').slice(0, reference.endColumn - 1);
      const subscript = text.indexOf(`<sub>${reference.labelNumber}</sub>`, reference.column - 1);
      const identifier = text.lastIndexOf(`[${reference.identifier}]`);
      const fixes: Fix[] = [];
      if (subscript >= 0) {
        const start = subscript + '<sub>'.length + 1;
        fixes.push(replaceFix(`Change the label to N${target}`, reference.line, start, start + reference.labelNumber.length, target, false));
      }
      if (identifier >= 0 && defined.has(`n${reference.labelNumber}`)) {
        const start = identifier + 2;
        fixes.push(replaceFix(`Point the reference to n${reference.labelNumber}`, reference.line, start, start + reference.identifier.length, `n${reference.labelNumber}`, false));
      }
      findings.push(
        spanFinding(reference.line, reference.column, reference.endColumn - reference.column, `The label says ${reference.label} but the reference is [${reference.identifier}].`, fixes),
      );
    }
    return findings;
  },
};
