/**
 * The server's diagnostics for a plan, reduced to what the views count and
 * list: placeholders still to fill and names not in the roster.
 */
import * as vscode from 'vscode';
import { isPlaceholderCode, isUnknownTeammateCode, type LineProblem } from './views/progressModel';

/** The rule id of a diagnostic, whichever form the client received it in. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The placeholder and unknown-teammate diagnostics of a document, with the text they cover. */
export function planProblems(uri: vscode.Uri): LineProblem[] {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
  return vscode.languages.getDiagnostics(uri).flatMap((diagnostic) => {
    const code = diagnosticCode(diagnostic);
    if (!isPlaceholderCode(code) && !isUnknownTeammateCode(code)) return [];
    return [{
      code,
      message: diagnostic.message,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      text: document?.getText(diagnostic.range) ?? '',
    }];
  });
}
