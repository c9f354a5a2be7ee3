/**
 * Quick-fix building blocks: applying edits to text, resolving snippets to plain
 * text, building edits that insert or remove whole lines, the fixes that need
 * the whole plan (redacting a value, removing a key result), and fix-all.
 */
import { allObjectives, type KeyResult } from '../model/plan';
import type { PlanDocument } from '../parse/parser';
import type { Diagnostic, Edit, Fix } from './engine';
import { escapeSnippet } from './rules/text';

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
function editsOverlap(a: Edit, b: Edit): boolean {
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

/** The safe fixes among diagnostics that can be applied together (later ones that overlap earlier ones wait for another pass). */
export function compatibleSafeFixes(diagnostics: readonly Diagnostic[]): Array<{ diagnostic: Diagnostic; fix: Fix }> {
  const chosen: Array<{ diagnostic: Diagnostic; fix: Fix }> = [];
  const taken: Edit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fixes?.find((candidate) => candidate.safe);
    if (!fix || fix.edits.some((edit) => taken.some((other) => editsOverlap(edit, other)))) continue;
    chosen.push({ diagnostic, fix });
    taken.push(...fix.edits);
  }
  return chosen;
}

/** What fix-all did to a text. */
export interface FixAllResult {
  text: string;
  /** The diagnostics whose safe fix was applied, in the order applied. */
  fixed: Diagnostic[];
}

/** Applies safe fixes until none is left (at most a few passes), re-checking the text between passes. */
export function fixAll(text: string, check: (text: string) => Diagnostic[], maxPasses = 5): FixAllResult {
  let current = text;
  const fixed: Diagnostic[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = compatibleSafeFixes(check(current));
    if (chosen.length === 0) break;
    current = applyEdits(current, chosen.flatMap(({ fix }) => plainEdits(fix)));
    fixed.push(...chosen.map(({ diagnostic }) => diagnostic));
  }
  return { text: current, fixed };
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

/**
 * A fix that removes the key result on a line, given the key results of its objective, or null
 * where removing it would leave the objective without key results or would take other text with it.
 * A `KR:` line that ends a hard-break chain also drops the backslash that led to it.
 */
function removeKeyResultFix(doc: PlanDocument, line: number, siblings: readonly KeyResult[]): Fix | null {
  if (siblings.length < 2 || siblings.filter((kr) => kr.line === line).length > 1) return null;
  const text = doc.lines[line - 1] ?? '';
  const indent = text.length - text.trimStart().length;
  const next = doc.lines[line] ?? '';
  // A child line indented under the key result would lose its parent.
  if (next.trim() !== '' && next.length - next.trimStart().length > indent && !/^\s*(?:\S+\s+)?KR\b/.test(next)) return null;
  const previous = doc.lines[line - 2] ?? '';
  const endsChain = /\\\s*$/.test(previous) && !/\\\s*$/.test(text);
  if (endsChain) {
    const cut = previous.replace(/\s*\\\s*$/, '').length;
    return { title: 'Remove the key result', edits: [{ line: line - 1, column: cut + 1, endLine: line, endColumn: text.length + 1, newText: '' }], safe: false };
  }
  return { title: 'Remove the key result', edits: [removeLinesEdit(line, line)], safe: false };
}

/** The next free redacted number (`nK`) in a plan, and the edit that adds its definition after the existing ones. */
function nextRedaction(doc: PlanDocument): { number: number; define: Edit } {
  let highest = -1;
  let lastDefinition = 0;
  for (const reference of doc.plan.references) highest = Math.max(highest, redactedNumber(reference.identifier));
  for (const definition of doc.plan.definitions) {
    highest = Math.max(highest, redactedNumber(definition.identifier));
    lastDefinition = Math.max(lastDefinition, definition.line);
  }
  const number = highest + 1;
  const definitionLine = `[n${number}]: \${1:https://link-to-the-confidential-value}`;
  return { number, define: lastDefinition > 0 ? insertAfterLine(doc, lastDefinition, definitionLine) : insertBlockEdit(doc, doc.lines.length, [definitionLine]) };
}

/** The number of an `nK` identifier, or -1. */
function redactedNumber(identifier: string): number {
  const match = /^n(\d+)$/i.exec(identifier);
  return match ? Number(match[1]) : -1;
}

/** A fix that turns a placeholder value (`X%`, `$X`, `XXX`) into a redacted reference `[_N<sub>k</sub>_][nk]` plus its definition, the link a tab stop. */
function redactValueFix(doc: PlanDocument, diagnostic: Diagnostic, redaction: { number: number; define: Edit }): Fix {
  const { number, define } = redaction;
  const value = (doc.lines[diagnostic.line - 1] ?? '').slice(diagnostic.column - 1, diagnostic.endColumn - 1);
  const label = value.startsWith('$') ? `$N<sub>${number}</sub>` : `N<sub>${number}</sub>`;
  const replace: Edit = { ...rangeOf(diagnostic), newText: escapeSnippet(`[_${label}_][n${number}]`) };
  return { title: `Redact "${value}" as confidential number n${number}`, edits: [replace, define], safe: false, snippet: true };
}

/** An edit that inserts one line right after a line. */
function insertAfterLine(doc: PlanDocument, line: number, text: string): Edit {
  const current = doc.lines[line - 1] ?? '';
  return { line, column: current.length + 1, endLine: line, endColumn: current.length + 1, newText: `\n${text}` };
}

/** Just the range of a diagnostic or edit. */
function rangeOf(range: { line: number; column: number; endLine: number; endColumn: number }): Omit<Edit, 'newText'> {
  return { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/**
 * Adds the fixes that need the whole plan to placeholder diagnostics: redacting a
 * placeholder value, and removing a placeholder key result.
 */
export function addPlanFixes(doc: PlanDocument, diagnostics: Diagnostic[]): void {
  const placeholders = diagnostics.filter((diagnostic) => diagnostic.code.startsWith('placeholder'));
  if (placeholders.length === 0) return;
  const siblingsByLine = new Map<number, readonly KeyResult[]>();
  for (const objective of allObjectives(doc.plan.objectives)) for (const keyResult of objective.keyResults) siblingsByLine.set(keyResult.line, objective.keyResults);
  const redaction = placeholders.some((diagnostic) => diagnostic.code === 'placeholder-value') ? nextRedaction(doc) : null;
  for (const diagnostic of placeholders) {
    const extra: Fix[] = [];
    if (redaction && diagnostic.code === 'placeholder-value') extra.push(redactValueFix(doc, diagnostic, redaction));
    const siblings = siblingsByLine.get(diagnostic.line);
    const removal = siblings ? removeKeyResultFix(doc, diagnostic.line, siblings) : null;
    if (removal) extra.push(removal);
    if (extra.length > 0) diagnostic.fixes = [...(diagnostic.fixes ?? []), ...extra];
  }
}
