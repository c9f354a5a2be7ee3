/**
 * Conversions between the model's 1-based lines and columns and LSP's 0-based
 * positions. Every range the server returns goes through here, so it always
 * lies inside the document, even when the model and the text disagree.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { TextSpan } from '../../okr/model/plan';

/** The lines a range is clamped against: the parsed document's lines. */
export type Lines = readonly string[];

/** Length of a line without a trailing carriage return. */
function lineLength(lines: Lines, line: number): number {
  const text = lines[line] ?? '';
  return text.endsWith('\r') ? text.length - 1 : text.length;
}

/** A 0-based position moved inside the document. */
export function clampPosition(lines: Lines, line: number, character: number): Position {
  if (lines.length === 0) return { line: 0, character: 0 };
  const safeLine = Math.min(Math.max(0, Math.floor(line) || 0), lines.length - 1);
  const safeCharacter = Math.min(Math.max(0, Math.floor(character) || 0), lineLength(lines, safeLine));
  return { line: safeLine, character: safeCharacter };
}

/** The LSP range of a 1-based model range (endColumn exclusive), clamped and never inverted. */
export function modelRange(lines: Lines, line: number, column: number, endLine: number, endColumn: number): Range {
  const start = clampPosition(lines, line - 1, column - 1);
  const end = clampPosition(lines, endLine - 1, endColumn - 1);
  const inverted = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: inverted ? start : end };
}

/** The range of a span of text on one line. */
export function spanRange(lines: Lines, span: TextSpan): Range {
  return modelRange(lines, span.line, span.column, span.line, span.endColumn);
}

/** The range of whole 1-based lines, from the start of `line` to the end of `endLine`. */
export function linesRange(lines: Lines, line: number, endLine = line): Range {
  return modelRange(lines, line, 1, endLine, Number.MAX_SAFE_INTEGER);
}

/** True when a 0-based position falls within a 1-based span on its line (both ends included, as a cursor sees it). */
export function spanContains(span: TextSpan, position: Position): boolean {
  return position.line === span.line - 1 && position.character >= span.column - 1 && position.character <= span.endColumn - 1;
}

/** True when two LSP ranges share at least one position. */
export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The LSP range of a model range in a file whose text the server does not keep (plans that are not open). */
export function unclampedRange(line: number, column: number, endLine: number, endColumn: number): Range {
  const start = { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
  const end = { line: Math.max(start.line, endLine - 1), character: Math.max(0, endColumn - 1) };
  return { start, end: end.line === start.line && end.character < start.character ? start : end };
}
