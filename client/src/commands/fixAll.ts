/**
 * `okr.fixAll`: applies the server's `source.fixAll.okr` action to the active
 * plan, so the command and "fix all on save" share one set of safe,
 * non-overlapping fixes.
 */
import * as vscode from 'vscode';

/** The code-action kind under which the server offers every safe fix at once. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('okr');

/** Command handler: fixes the active plan and says how many edits it made. */
export function fixAllCommand() {
  return async (): Promise<number> => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'markdown') {
      void vscode.window.showInformationMessage('Open a plan to fix its problems.');
      return 0;
    }
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
      'vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value,
    );
    const fix = actions?.find((action) => action.edit && action.kind && FIX_ALL_KIND.contains(action.kind));
    const count = fix?.edit?.get(document.uri).length ?? 0;
    if (!fix?.edit || count === 0) {
      void vscode.window.showInformationMessage('This plan has no problems that can be fixed automatically.');
      return 0;
    }
    await vscode.workspace.applyEdit(fix.edit);
    void vscode.window.showInformationMessage(`Applied ${count} fix${count === 1 ? '' : 'es'}.`);
    return count;
  };
}
