/**
 * A CodeLens above each objective that has a score: the score rolled up from
 * its key results and nested objectives, its band, and how it was made.
 */
import type { CodeLens, Connection } from 'vscode-languageserver';
import { allObjectives } from '../../okr/model/plan';
import { describeRollup } from '../../okr/model/scoring';
import type { PlanDocument } from '../../okr/parse/parser';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { modelRange } from '../convert/positions';

/** The band's mark, so the lens reads at a glance without colour. */
export const BAND_MARKS = { red: '🔴', yellow: '🟡', green: '🟢' } as const;

/** One lens per scored objective, on its line; the title only, no command to run. */
export function computeCodeLenses(doc: PlanDocument): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const objective of allObjectives(doc.plan.objectives)) {
    if (objective.score === null || objective.line > doc.lines.length) continue;
    const mark = objective.band ? `${BAND_MARKS[objective.band]} ` : '';
    lenses.push({ range: modelRange(doc.lines, objective.line, objective.column, objective.line, objective.column), command: { title: `${mark}Score ${describeRollup(objective)}`, command: '' } });
  }
  return lenses;
}

/** Answers CodeLens requests from the latest parse. */
export function registerCodeLens(connection: Connection, documents: PlanDocuments): void {
  connection.onCodeLens(planHandler(connection, 'CodeLens', documents, [], (open) => computeCodeLenses(open.doc)));
}
