/**
 * Opens what a check-in changed in its plan: the built-in git extension's
 * diff of the plan before and after the commit, or its first version alone.
 * The progress page and the Check-ins view open check-ins this one way.
 */
import * as vscode from 'vscode';
import type { CheckInEntry } from '../../../server/src/protocol';

/** Shows one check-in of a plan whose repository is at `root`. */
export async function openCheckIn(root: string, checkIn: CheckInEntry): Promise<void> {
  const rootUri = vscode.Uri.file(root);
  const at = (relative: string, ref: string): vscode.Uri => {
    const file = vscode.Uri.joinPath(rootUri, ...relative.split('/'));
    return file.with({ scheme: 'git', query: JSON.stringify({ path: file.fsPath, ref }) });
  };
  const { commit, path, previousPath, date, author } = checkIn;
  const title = `${path.slice(path.lastIndexOf('/') + 1)} (${commit.slice(0, 8)}, ${date.slice(0, 10)}, ${author})`;
  const options = { preview: true, viewColumn: vscode.ViewColumn.One };
  if (previousPath === null) await vscode.commands.executeCommand('vscode.open', at(path, commit), options, title);
  else await vscode.commands.executeCommand('vscode.diff', at(previousPath, `${commit}^`), at(path, commit), title, options);
}
