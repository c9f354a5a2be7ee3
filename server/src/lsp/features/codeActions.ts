/**
 * Quick fixes from the rules' fixes, and `source.fixAll.okr` with every safe
 * one. Each edit is applied exactly where the rule said; a fix whose ranges do
 * not lie inside the document is not offered, so no fix can touch other text.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Connection,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Diagnostic as PlanDiagnostic, Edit, Fix } from '../../okr/check/types';
import { compatibleSafeFixes } from '../../okr/check/fixAll';
import type { PlanDocument } from '../../okr/parse/parser';
import { snippetToText } from '../../okr/check/edits';
import { checkPlanWithFixes, toLspDiagnostic } from '../session/checkScheduler';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { modelRange, rangesOverlap } from '../convert/positions';

/** The kind of the action that applies every safe fix. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.okr`;

/** What a code-action request asks for, and what the client can apply. */
export interface CodeActionRequest {
  uri: string;
  version: number;
  range: Range;
  /** The kinds asked for; undefined means any. */
  only?: string[];
  /** The client applies snippet edits (tab stops) in workspace edits. */
  snippetSupport: boolean;
}

/** True when an edit's range names real positions of the document. */
function editInside(lines: readonly string[], edit: Edit): boolean {
  const length = (line: number): number => (lines[line - 1] ?? '').replace(/\r$/, '').length;
  const valid = (line: number, column: number): boolean => line >= 1 && line <= lines.length && column >= 1 && column <= length(line) + 1;
  return valid(edit.line, edit.column) && valid(edit.endLine, edit.endColumn) && (edit.line < edit.endLine || (edit.line === edit.endLine && edit.column <= edit.endColumn));
}

function textEdits(lines: readonly string[], fix: Fix, asSnippet: boolean): TextEdit[] {
  return fix.edits.map((edit) => ({
    range: modelRange(lines, edit.line, edit.column, edit.endLine, edit.endColumn),
    newText: fix.snippet && !asSnippet ? snippetToText(edit.newText) : edit.newText,
  }));
}

function workspaceEdit(request: CodeActionRequest, lines: readonly string[], fix: Fix): WorkspaceEdit {
  if (fix.snippet && request.snippetSupport) {
    const edits = fix.edits.map((edit) => ({
      range: modelRange(lines, edit.line, edit.column, edit.endLine, edit.endColumn),
      snippet: { kind: 'snippet' as const, value: edit.newText },
    }));
    return { documentChanges: [{ textDocument: { uri: request.uri, version: request.version }, edits }] };
  }
  return { changes: { [request.uri]: textEdits(lines, fix, false) } };
}

function wants(request: CodeActionRequest, kind: string): boolean {
  return !request.only || request.only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
}

/** Every safe fix that fits the document, as one edit list with no two edits overlapping: fix-all's own choice. */
export function safeFixEdits(lines: readonly string[], diagnostics: readonly PlanDiagnostic[]): TextEdit[] {
  return compatibleSafeFixes(diagnostics, (edit) => editInside(lines, edit)).flatMap(({ fix }) => textEdits(lines, fix, false));
}

/** The code actions for a range of a plan, given its diagnostics. */
export function computeCodeActions(doc: PlanDocument, diagnostics: readonly PlanDiagnostic[], request: CodeActionRequest): CodeAction[] {
  const { lines } = doc;
  const actions: CodeAction[] = [];
  if (wants(request, CodeActionKind.QuickFix)) {
    for (const diagnostic of diagnostics) {
      const lspDiagnostic = toLspDiagnostic(diagnostic, lines);
      if (!rangesOverlap(lspDiagnostic.range, request.range)) continue;
      const fixes = (diagnostic.fixes ?? []).filter((fix) => fix.edits.length > 0 && fix.edits.every((edit) => editInside(lines, edit)));
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lspDiagnostic],
          isPreferred: fix.safe && fixes.length === 1,
          edit: workspaceEdit(request, lines, fix),
        });
      }
    }
  }
  if (wants(request, FIX_ALL_KIND)) {
    const edits = safeFixEdits(lines, diagnostics);
    if (edits.length > 0) actions.push({ title: 'Fix all safe OKR plan problems', kind: FIX_ALL_KIND, edit: { changes: { [request.uri]: edits } } });
  }
  return actions;
}

/** Answers code-action requests; `snippetSupport` says whether the client applies snippet edits. */
export function registerCodeActions(connection: Connection, documents: PlanDocuments, snippetSupport: () => boolean): void {
  connection.onCodeAction(
    planHandler(connection, 'Code actions', documents, [], (open, { range, context }) => {
      const request = { uri: open.uri, version: open.version, range, only: context.only, snippetSupport: snippetSupport() };
      return computeCodeActions(open.doc, checkPlanWithFixes(open.doc, open.context, open.linked ?? null), request);
    }),
  );
}
