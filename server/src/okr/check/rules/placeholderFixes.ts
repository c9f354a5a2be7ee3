/**
 * The fixes of the placeholder rules that need the whole plan: removing a
 * key result that is only a placeholder, where its objective keeps others,
 * and redacting a placeholder value as the next free confidential number.
 */
import { allObjectives, type KeyResult } from '../../model/plan';
import type { PlanDocument } from '../../parse/parser';
import { escapeSnippet, insertAfterLine, insertBlockEdit, removeLinesEdit } from '../edits';
import type { Diagnostic, Edit, Fix } from '../types';

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

/** Just the range of a diagnostic or edit. */
function rangeOf(range: { line: number; column: number; endLine: number; endColumn: number }): Omit<Edit, 'newText'> {
  return { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** Offers, on each diagnostic that sits on a key result, to remove that key result. */
export function keyResultRemovals(doc: PlanDocument, diagnostics: readonly Diagnostic[]): void {
  const siblingsByLine = new Map<number, readonly KeyResult[]>();
  for (const objective of allObjectives(doc.plan.objectives)) for (const keyResult of objective.keyResults) siblingsByLine.set(keyResult.line, objective.keyResults);
  for (const diagnostic of diagnostics) {
    const siblings = siblingsByLine.get(diagnostic.line);
    const removal = siblings ? removeKeyResultFix(doc, diagnostic.line, siblings) : null;
    if (removal) diagnostic.fixes = [...(diagnostic.fixes ?? []), removal];
  }
}

/** Offers, on each placeholder value, to redact it as the next free confidential number. */
export function redactions(doc: PlanDocument, diagnostics: readonly Diagnostic[]): void {
  const redaction = nextRedaction(doc);
  for (const diagnostic of diagnostics) diagnostic.fixes = [...(diagnostic.fixes ?? []), redactValueFix(doc, diagnostic, redaction)];
}
