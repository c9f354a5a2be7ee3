/**
 * `okr.fixAll`: applies every preferred quick fix the server offers for the
 * active plan in one edit, skipping fixes whose ranges overlap an earlier one
 * so that no fix rewrites another's text.
 */
import * as vscode from 'vscode';

function overlaps(a: vscode.Range, taken: readonly vscode.Range[]): boolean {
  return taken.some((b) => (a.start.isBefore(b.end) && b.start.isBefore(a.end)) || a.isEqual(b));
}

/** Collects the server's preferred fixes for a document into one non-overlapping edit. */
export async function collectFixes(document: vscode.TextDocument): Promise<{ edit: vscode.WorkspaceEdit; count: number }> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', document.uri, whole, vscode.CodeActionKind.QuickFix.value,
  ) ?? [];
  const edit = new vscode.WorkspaceEdit();
  const taken: vscode.Range[] = [];
  let count = 0;
  for (const action of actions) {
    if (!action.isPreferred || !action.edit) continue;
    const changes = action.edit.entries().flatMap(([uri, edits]) => (uri.toString() === document.uri.toString() ? edits : []));
    if (changes.length === 0 || changes.some((change) => overlaps(change.range, taken))) continue;
    for (const change of changes) {
      edit.replace(document.uri, change.range, change.newText);
      taken.push(change.range);
    }
    count += 1;
  }
  return { edit, count };
}

/** Command handler: fixes the active plan and says how many problems it fixed. */
export function fixAllCommand() {
  return async (): Promise<number> => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'markdown') {
      void vscode.window.showInformationMessage('Open a plan to fix its problems.');
      return 0;
    }
    const { edit, count } = await collectFixes(document);
    if (count === 0) {
      void vscode.window.showInformationMessage('No automatic fixes for this plan.');
      return 0;
    }
    await vscode.workspace.applyEdit(edit);
    void vscode.window.showInformationMessage(`Fixed ${count} problem${count === 1 ? '' : 's'}.`);
    return count;
  };
}
