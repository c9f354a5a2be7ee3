/**
 * Folding ranges for objectives (with their key results and nested objectives)
 * and for task details sections, so a long plan can be read one part at a time.
 */
import { FoldingRangeKind, type Connection, type FoldingRange } from 'vscode-languageserver';
import { allObjectives } from '../../okr/model/plan';
import type { PlanDocument } from '../../okr/parse/parser';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';

/** The foldable parts of a plan, each spanning at least two lines inside the document. */
export function computeFoldingRanges(doc: PlanDocument): FoldingRange[] {
  const last = doc.lines.length - 1;
  const ranges: FoldingRange[] = [];
  const add = (line: number, endLine: number): void => {
    const start = line - 1;
    const end = Math.min(endLine - 1, last);
    if (start >= 0 && end > start) ranges.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Region });
  };
  for (const objective of allObjectives(doc.plan.objectives)) add(objective.line, objective.endLine);
  for (const section of doc.plan.details) add(section.line, section.endLine);
  return ranges;
}

/** Answers folding-range requests from the latest parse. */
export function registerFolding(connection: Connection, documents: PlanDocuments): void {
  connection.onFoldingRanges(planHandler(connection, 'Folding ranges', documents, [], (open) => computeFoldingRanges(open.doc)));
}
