/**
 * Writing one cell of a Markdown table: the cell's text changes and its
 * padding is adjusted so the row keeps the column's width, as the author's
 * aligned table had it. A compact table (`|Done|`) stays compact.
 */
import type { Edit } from '../check/types';
import type { Task, TextSpan } from '../model/plan';
import type { PlanDocument } from '../parse/parser';

/** How many columns text takes in a monospace editor: emoji take two, variation selectors and joiners none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/[\uFE00-\uFE0F\u200B-\u200D]/.test(char)) continue;
    width += /\p{Extended_Pictographic}/u.test(char) && char.codePointAt(0)! > 0xff ? 2 : 1;
  }
  return width;
}

/** Text made safe for one table cell: one line, pipes escaped. */
export function cellText(text: string): string {
  return oneLine(text).replace(/(?<!\\)\|/g, '\\|');
}

/** Text made one line: line breaks and runs of spaces become one space, and the ends are trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The index of the unescaped pipe at or before `index` (searching back), or -1. */
function pipeBefore(source: string, index: number): number {
  for (let at = Math.min(index, source.length - 1); at >= 0; at--) if (source[at] === '|' && source[at - 1] !== '\\') return at;
  return -1;
}

/** The index of the unescaped pipe at or after `index`, or -1. */
function pipeAfter(source: string, index: number): number {
  for (let at = Math.max(0, index); at < source.length; at++) {
    if (source[at] === '\\') at++;
    else if (source[at] === '|') return at;
  }
  return -1;
}

/** How many unescaped pipes stand before an index: which cell of a row it is in. */
function cellIndex(source: string, index: number): number {
  let count = 0;
  for (let at = 0; at < index; at++) {
    if (source[at] === '\\') at++;
    else if (source[at] === '|') count++;
  }
  return count;
}

/** The width of a column as the table's delimiter row (`| --- | :---: |`) sets it, or null when the row has no such cell. */
function delimiterWidth(row: string, index: number): number | null {
  const cells = row.split('|');
  const cell = cells[index];
  return cell !== undefined && /^\s*:?-+:?\s*$/.test(cell) && index < cells.length - 1 ? displayWidth(cell) : null;
}

/**
 * The edit that writes `text` into the table cell whose trimmed span is
 * `span` on the line `source`: only the cell's text and its own padding
 * change, and the cell takes its column's width (from the table's
 * delimiter row when given, else its own) when the new text fits.
 */
export function replaceCellEdit(source: string, span: TextSpan, text: string, delimiterRow?: string): Edit {
  const start = span.column - 1;
  const end = span.endColumn - 1;
  // An empty cell's span sits on its closing pipe.
  const left = pipeBefore(source, start - 1);
  const rightPipe = pipeAfter(source, end);
  const innerStart = left + 1;
  const innerEnd = rightPipe < 0 ? source.trimEnd().length : rightPipe;
  const inner = source.slice(innerStart, innerEnd);
  const lead = span.text === '' ? (inner.length > 0 ? ' ' : '') : /^\s*/.exec(inner)![0];
  const padded = inner.length > 0 && /\s$/.test(inner);
  const written = `${lead}${cellText(text)}`;
  const width = (delimiterRow !== undefined ? delimiterWidth(delimiterRow, cellIndex(source, innerStart)) : null) ?? displayWidth(inner);
  const room = width - displayWidth(written);
  // A compact cell (`|Done|`) stays compact; a padded one is padded to its column's width.
  const trailing = rightPipe < 0 || !padded ? '' : ' '.repeat(Math.max(1, room));
  return { line: span.line, column: innerStart + 1, endLine: span.line, endColumn: innerEnd + 1, newText: `${written}${trailing}` };
}

/** The delimiter row (`| --- | --- |`) of the table a task row belongs to, found by walking up the table. */
export function delimiterRowOf(doc: PlanDocument, task: Task): string | undefined {
  for (let line = task.line - 1; line >= 1; line--) {
    const source = doc.lines[line - 1] ?? '';
    if (!source.includes('|')) return undefined;
    if (/^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/.test(source)) return source;
  }
  return undefined;
}
