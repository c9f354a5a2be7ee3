/** Flags objectives and key results that still read as the template: `Objective`, `Key result`. */
import type { Finding, PlanRule } from '../types';
import { perItem } from './perItem';
import { allObjectives, type Objective } from '../../model/plan';
import { escapeSnippet } from '../edits';
import { isTemplateText, locate, replaceFix, spanFinding } from './text';
import { keyResultRemovals } from './placeholderFixes';

/** A key result skeleton: metric, baseline → target, date, each a tab stop. */
const KEY_RESULT_SKELETON = '${1:Metric} from ${2:0} to ${3:10} by ${4:the end of the quarter}';

/** Objectives and key results whose text is the template's. */
export const placeholderTemplate: PlanRule = {
  id: 'placeholder-template',
  description: 'An objective or key result still holds template text such as "Objective" or "Key result".',
  defaultSeverity: 'warning',
  tags: ['placeholder', 'objective', 'key-result'],
  doc: 'Plans are often started from a skeleton whose objectives read `CEO: Objective` and whose key results read `CEO KR: Key result`. Left in place, they count as real objectives and key results in every summary. Write the objective, or replace the key result with a measurable one: the quick fix inserts a skeleton (metric, baseline → target, date) to fill in, or removes the key result.',
  scope: 'plan',
  planFixes: keyResultRemovals,
  reads: (plan) => [plan.objectives],
  check: (doc, context) => templateFindings(allObjectives(doc.plan.objectives), doc, context),
};

/** An objective's own template text and its key results'; it reads only the objective's own line. */
const templateFindings = perItem((objective: Objective, doc): Finding[] => {
  const findings: Finding[] = [];
  if (isTemplateText(objective.title)) {
    const { column, endColumn } = locate(doc.lines, objective.line, objective.title, objective.column);
    findings.push(
      spanFinding(objective.line, column, endColumn - column, `"${objective.title}" is template text: write the objective.`, [
        replaceFix('Type the objective', objective.line, column, endColumn, `\${1:${escapeSnippet(objective.title)}}`, false, true),
      ]),
    );
  }
  for (const keyResult of objective.keyResults) {
    if (!isTemplateText(keyResult.text)) continue;
    const { line, column, endColumn } = keyResult;
    findings.push(
      spanFinding(line, column, endColumn - column, `"${keyResult.text}" is template text: write a measurable key result.`, [
        replaceFix('Replace with a key result skeleton (metric, baseline → target, date)', line, column, endColumn, KEY_RESULT_SKELETON, false, true),
      ]),
    );
  }
  return findings;
});
