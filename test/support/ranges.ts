/**
 * Checks that what the language server returns points inside the document it
 * was asked about: VS Code rejects or mis-renders a range past the end of a
 * line, and a symbol whose selection range leaves its full range.
 */
import assert from 'node:assert/strict';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Command, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range, SymbolInformation, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Length of a line without its line break. */
function lineLength(document: TextDocument, line: number): number {
  const start = document.offsetAt({ line, character: 0 });
  const end = line + 1 < document.lineCount ? document.offsetAt({ line: line + 1, character: 0 }) : document.getText().length;
  return document.getText().slice(start, end).replace(/\r?\n$|\r$/, '').length;
}

function assertPosition(document: TextDocument, position: Position, what: string): void {
  assert.ok(Number.isInteger(position.line) && position.line >= 0 && position.line < document.lineCount, `${what}: line ${position.line} outside 0..${document.lineCount - 1}`);
  const length = lineLength(document, position.line);
  assert.ok(Number.isInteger(position.character) && position.character >= 0 && position.character <= length, `${what}: character ${position.character} outside line ${position.line} of length ${length}`);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Asserts a range is well formed and inside the document. */
export function assertRangeInside(document: TextDocument, range: Range, what: string): void {
  assertPosition(document, range.start, `${what} start`);
  assertPosition(document, range.end, `${what} end`);
  assert.ok(before(range.start, range.end), `${what}: start ${JSON.stringify(range.start)} after end ${JSON.stringify(range.end)}`);
}

/** Checks document symbols (hierarchical or flat), recursively. */
export function assertSymbolsInside(document: TextDocument, symbols: ReadonlyArray<DocumentSymbol | SymbolInformation> | null): void {
  for (const symbol of symbols ?? []) {
    if ('location' in symbol) {
      assertRangeInside(document, symbol.location.range, `symbol "${symbol.name}"`);
      continue;
    }
    assertRangeInside(document, symbol.range, `symbol "${symbol.name}" range`);
    assertRangeInside(document, symbol.selectionRange, `symbol "${symbol.name}" selectionRange`);
    assert.ok(
      before(symbol.range.start, symbol.selectionRange.start) && before(symbol.selectionRange.end, symbol.range.end),
      `symbol "${symbol.name}": selectionRange ${JSON.stringify(symbol.selectionRange)} not inside range ${JSON.stringify(symbol.range)}`,
    );
    assertSymbolsInside(document, symbol.children ?? []);
  }
}

/** Checks the ranges completion items would edit. */
export function assertCompletionsInside(document: TextDocument, result: CompletionItem[] | CompletionList | null): void {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  for (const item of items) {
    const edit = item.textEdit;
    if (edit && 'range' in edit) assertRangeInside(document, edit.range, `completion "${item.label}"`);
    if (edit && 'insert' in edit) {
      assertRangeInside(document, edit.insert, `completion "${item.label}" insert`);
      assertRangeInside(document, edit.replace, `completion "${item.label}" replace`);
    }
    for (const extra of item.additionalTextEdits ?? []) assertRangeInside(document, extra.range, `completion "${item.label}" additional edit`);
  }
}

/** Checks a hover's range. */
export function assertHoverInside(document: TextDocument, hover: Hover | null): void {
  if (hover?.range) assertRangeInside(document, hover.range, 'hover');
}

/** Checks folding ranges' lines. */
export function assertFoldingInside(document: TextDocument, ranges: FoldingRange[] | null): void {
  for (const range of ranges ?? []) {
    assert.ok(range.startLine >= 0 && range.startLine <= range.endLine && range.endLine < document.lineCount, `folding range ${range.startLine}-${range.endLine} outside 0..${document.lineCount - 1}`);
  }
}

/** Checks diagnostics' ranges. */
export function assertDiagnosticsInside(document: TextDocument, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) assertRangeInside(document, diagnostic.range, `diagnostic ${String(diagnostic.code)} "${diagnostic.message}"`);
}

/** Checks the edits code actions would make to this document. */
export function assertCodeActionsInside(document: TextDocument, actions: ReadonlyArray<CodeAction | Command> | null): void {
  for (const action of actions ?? []) {
    if (!('edit' in action) || !action.edit) continue;
    for (const edit of editsFor(action.edit, document.uri)) assertRangeInside(document, edit.range, `code action "${action.title}"`);
  }
}

function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const edits = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
  }
  return edits;
}
