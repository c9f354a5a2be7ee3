/**
 * Quick-fix building blocks that rules and their consumers share: applying
 * edits to text, resolving snippets to plain text, escaping text for a
 * snippet, and building edits that insert or remove whole lines.
 */
import type { PlanDocument } from '../parse/parser';
import type { Edit, Fix } from './types';

/** A 1-based position. */
interface Position {
  line: number;
  column: number;
}

/** Offsets where each line starts; lines end at `\r\n`, `\n` or `\r`, as the parser splits them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** The offset of a 1-based position; positions past a line's end or the document's end are clamped. */
function offsetOf(text: string, starts: readonly number[], position: Position): number {
  if (position.line > starts.length) return text.length;
  const start = starts[Math.max(0, position.line - 1)];
  const next = position.line < starts.length ? starts[position.line] : text.length;
  const length = text.slice(start, next).replace(/(?:\r\n|\r|\n)$/, '').length;
  return start + Math.min(Math.max(0, position.column - 1), length);
}

/** Resolves an LSP snippet to the text it inserts when every tab stop keeps its default. */
export function snippetToText(snippet: string): string {
  let out = '';
  for (let index = 0; index < snippet.length; index++) {
    const char = snippet[index];
    if (char === '\\' && index + 1 < snippet.length && '\\$}'.includes(snippet[index + 1])) {
      out += snippet[++index];
    } else if (char === '$') {
      const simple = /^\$(\d+)/.exec(snippet.slice(index));
      const braced = /^\$\{\d+(?::|\|)/.exec(snippet.slice(index));
      if (simple) {
        index += simple[0].length - 1;
      } else if (braced) {
        const choice = braced[0].endsWith('|');
        let depth = 1;
        let inner = '';
        index += braced[0].length;
        for (; index < snippet.length && depth > 0; index++) {
          const current = snippet[index];
          if (current === '\\' && index + 1 < snippet.length) inner += current + snippet[++index];
          else if (current === '{' && snippet[index - 1] === '$') (depth++, (inner += current));
          else if (current === '}' && --depth === 0) break;
          else inner += current;
        }
        const resolved = snippetToText(choice ? inner.replace(/\|$/, '').split(',')[0] : inner);
        out += resolved;
      } else {
        out += char;
      }
    } else {
      out += char;
    }
  }
  return out;
}

/** Orders two positions. */
function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** True when two edits cannot be applied together: their ranges share text, or both insert at one point. */
export function editsOverlap(a: Edit, b: Edit): boolean {
  const aEnd = { line: a.endLine, column: a.endColumn };
  const bEnd = { line: b.endLine, column: b.endColumn };
  if (comparePositions(a, aEnd) === 0 && comparePositions(b, bEnd) === 0) return comparePositions(a, b) === 0;
  return comparePositions(a, bEnd) < 0 && comparePositions(b, aEnd) < 0;
}

/**
 * Applies non-overlapping edits (with plain-text `newText`) to a text. Fixes
 * write line breaks as `\n`; they are written as the text's own first line
 * break, so a CRLF file stays CRLF. Throws on overlap: that is a bug in a fix.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const starts = lineStarts(text);
  const lineBreak = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
  const resolved = edits
    .map((edit) => ({
      start: offsetOf(text, starts, edit),
      end: offsetOf(text, starts, { line: edit.endLine, column: edit.endColumn }),
      newText: lineBreak === '\n' ? edit.newText : edit.newText.replace(/\r\n|\r|\n/g, lineBreak),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor) throw new Error('Overlapping edits');
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = Math.max(cursor, edit.end);
  }
  return out + text.slice(cursor);
}

/** The plain-text edits of a fix: snippets resolve to their defaults. */
export function plainEdits(fix: Fix): Edit[] {
  return fix.edits.map((edit) => ({ ...edit, newText: fix.snippet ? snippetToText(edit.newText) : edit.newText }));
}

/**
 * An edit moved inside the document: one that ends past the last line (as removing the last
 * line does) ends at the end of the text instead, and then also takes the line break before it.
 */
export function clampEdit(edit: Edit, lines: readonly string[]): Edit {
  const last = lines.length;
  if (edit.endLine <= last) return edit;
  const endColumn = (lines[last - 1] ?? '').length + 1;
  if (edit.line > last) return { ...edit, line: last, column: endColumn, endLine: last, endColumn };
  const removesWholeLines = edit.column === 1 && edit.newText === '' && edit.line > 1;
  const start = removesWholeLines ? { line: edit.line - 1, column: (lines[edit.line - 2] ?? '').length + 1 } : { line: edit.line, column: edit.column };
  return { ...edit, ...start, endLine: last, endColumn };
}

/** An edit that removes whole lines `from`..`to` (1-based, inclusive). */
export function removeLinesEdit(from: number, to: number): Edit {
  return { line: from, column: 1, endLine: to + 1, endColumn: 1, newText: '' };
}

/**
 * An edit that inserts a block of lines after line `after` (0 = before the first line),
 * separated from its neighbours by blank lines, as Markdown blocks are.
 */
export function insertBlockEdit(doc: PlanDocument, after: number, block: readonly string[]): Edit {
  const lines = doc.lines;
  const last = lastContentLine(lines);
  if (after >= last) {
    const end = (lines[last - 1] ?? '').length + 1;
    return { line: last, column: end, endLine: last, endColumn: end, newText: `\n\n${block.join('\n')}` };
  }
  const before = after > 0 && lines[after - 1].trim() !== '' ? '\n' : '';
  const following = lines[after].trim() !== '' ? '\n' : '';
  return { line: after + 1, column: 1, endLine: after + 1, endColumn: 1, newText: `${before}${block.join('\n')}\n${following}` };
}

/** The last line with text, or the line count when every line is blank. */
function lastContentLine(lines: readonly string[]): number {
  for (let index = lines.length - 1; index >= 0; index--) if (lines[index].trim() !== '') return index + 1;
  return Math.max(1, lines.length);
}

/** An edit that inserts one line right after a line. */
export function insertAfterLine(doc: PlanDocument, line: number, text: string): Edit {
  const current = doc.lines[line - 1] ?? '';
  return { line, column: current.length + 1, endLine: line, endColumn: current.length + 1, newText: `\n${text}` };
}

/** Text escaped for an LSP snippet, so that it inserts as written. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}
