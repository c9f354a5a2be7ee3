/**
 * Aligns the columns of a page's Markdown tables: cells are padded to their
 * column's width and the delimiter row's dashes follow, so the table reads as
 * a grid in plain text. Cell text never changes, nor which cells a row has or
 * whether it has outer pipes; tables in code blocks, lists and quotes are
 * left alone. Widths count East Asian wide characters and emoji as two
 * columns, as editors show them.
 */
import stringWidth from 'string-width';
import type { PlanDocument } from '../parse/parser';
import { splitTableRow } from '../parse/syntax';

/** One line of a table rewritten; `line` is 1-based. */
export interface LineEdit {
  line: number;
  newText: string;
}

/** A top-level table: its header line, and its body lines, 1-based. */
export interface TableLines {
  header: number;
  rows: number[];
}

/** How a column's cells are aligned, read from its delimiter cell. */
type Alignment = 'left' | 'right' | 'center' | 'none';

/** The page's top-level tables, rows that continue a table in a later block included. */
export function tablesOf(doc: PlanDocument): TableLines[] {
  const tables: TableLines[] = [];
  for (const chunk of doc.chunks) {
    for (const block of chunk.syntax.blocks) {
      if (block.kind !== 'table') continue;
      const lines = block.rows.filter((row) => row.line >= 0).map((row) => chunk.startLine + row.line + 1);
      const last = tables[tables.length - 1];
      if (block.continued && last) last.rows.push(...lines);
      else if (!block.continued && lines.length > 0) tables.push({ header: lines[0], rows: lines.slice(1) });
    }
  }
  return tables;
}

/** A row's cells as written, and whether it starts and ends with a pipe. */
interface SplitRow {
  indent: string;
  cells: string[];
  lead: boolean;
  trail: boolean;
}

function splitRow(source: string): SplitRow {
  const text = source.replace(/\r$/, '');
  const indent = /^[ \t]*/.exec(text)![0];
  const body = text.trim();
  const cells = splitTableRow(text).map(({ column, endColumn }) => text.slice(column - 1, endColumn - 1));
  return { indent, cells, lead: body.startsWith('|'), trail: body.length > 1 && body.endsWith('|') && !body.endsWith('\\|') };
}

function alignmentOf(cell: string): Alignment {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : left ? 'left' : right ? 'right' : 'none';
}

function pad(text: string, width: number, alignment: Alignment, measure: (text: string) => number): string {
  const room = Math.max(0, width - measure(text));
  if (alignment === 'right') return ' '.repeat(room) + text;
  if (alignment === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(room - Math.floor(room / 2));
  return text + ' '.repeat(room);
}

function delimiter(width: number, alignment: Alignment): string {
  if (alignment === 'center') return `:${'-'.repeat(Math.max(1, width - 2))}:`;
  if (alignment === 'left') return `:${'-'.repeat(Math.max(2, width - 1))}`;
  if (alignment === 'right') return `${'-'.repeat(Math.max(2, width - 1))}:`;
  return '-'.repeat(Math.max(3, width));
}

function joinRow(row: SplitRow, indent: string, cells: readonly string[]): string {
  const inner = cells.join(' | ');
  return `${indent}${row.lead ? '| ' : ''}${inner}${row.trail ? ' |' : ''}`.trimEnd();
}

/** The lines of one table, aligned. */
function alignTable(lines: readonly string[], table: TableLines, measure: (text: string) => number): LineEdit[] {
  const delimiterLine = table.header + 1;
  const numbers = [table.header, delimiterLine, ...table.rows];
  const rows = numbers.map((line) => splitRow(lines[line - 1] ?? ''));
  const [head, delimiters] = [rows[0], rows[1]];
  if (!/^[\s|:-]+$/.test(lines[delimiterLine - 1] ?? '') || delimiters.cells.length !== head.cells.length) return [];
  const alignments = delimiters.cells.map(alignmentOf);
  const widths = alignments.map(() => 3);
  rows.forEach((row, index) => {
    if (index === 1) return;
    row.cells.forEach((cell, column) => {
      if (column < widths.length) widths[column] = Math.max(widths[column], measure(cell));
    });
  });
  const edits: LineEdit[] = [];
  rows.forEach((row, index) => {
    const cells =
      index === 1
        ? alignments.map((alignment, column) => delimiter(widths[column], alignment))
        : row.cells.map((cell, column) => (column < widths.length ? pad(cell, widths[column], alignments[column], measure) : cell));
    const newText = joinRow(row, head.indent, cells);
    const line = numbers[index];
    const current = (lines[line - 1] ?? '').replace(/\r$/, '');
    if (newText !== current) edits.push({ line, newText });
  });
  return edits;
}

/** Display width: wide East Asian characters and emoji take two columns. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * The line edits that align every top-level table of a document, or of the
 * tables that overlap the 1-based lines `from`..`to` when given.
 */
export function formatTables(doc: PlanDocument, range?: { from: number; to: number }, measure: (text: string) => number = displayWidth): LineEdit[] {
  const edits: LineEdit[] = [];
  for (const table of tablesOf(doc)) {
    const last = table.rows.length > 0 ? table.rows[table.rows.length - 1] : table.header + 1;
    if (range && (last < range.from || table.header > range.to)) continue;
    edits.push(...alignTable(doc.lines, table, measure));
  }
  return edits;
}
