/**
 * Formatting a plan aligns its tables' columns, for the whole document or the
 * tables a selection touches. Nothing but the whitespace in table rows and the
 * delimiter rows' dashes changes; pages that are not plans are left alone.
 */
import type { Connection, Range, TextEdit } from 'vscode-languageserver';
import { formatTables } from '../../okr/format/tables';
import type { PlanDocument } from '../../okr/parse/parser';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { linesRange } from '../convert/positions';

/** The edits that align the document's tables, or those overlapping `range`. */
export function computeTableFormatting(doc: PlanDocument, range?: Range): TextEdit[] {
  const lines = range && { from: range.start.line + 1, to: range.end.line + 1 - (range.end.character === 0 && range.end.line > range.start.line ? 1 : 0) };
  return formatTables(doc, lines).map((edit) => ({ range: linesRange(doc.lines, edit.line), newText: edit.newText }));
}

/** Answers document and range formatting for plans. */
export function registerFormatting(connection: Connection, documents: PlanDocuments): void {
  connection.onDocumentFormatting(planHandler(connection, 'Formatting', documents, [], (open) => computeTableFormatting(open.doc)));
  connection.onDocumentRangeFormatting(planHandler(connection, 'Range formatting', documents, [], (open, { range }) => computeTableFormatting(open.doc, range)));
}
