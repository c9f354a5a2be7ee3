/**
 * Answers the web language server's file requests with `vscode.workspace.fs`:
 * in the browser the server runs in a web worker and reads rosters, project
 * files and the workspace's plans only through the editor.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FileExistsRequest, FindFilesRequest, ReadFileRequest } from '../../server/src/protocol';

/** Folders never searched for rosters or plans. */
const IGNORED_FOLDERS = '{**/node_modules/**,**/.git/**}';

/** True for the error `vscode.workspace.fs` throws for a missing file. */
function isMissing(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

/** Registers the handlers of the server's file requests. */
export function serveWorkspaceFiles(client: BaseLanguageClient): void {
  client.onRequest(ReadFileRequest.type, async ({ uri, maxBytes }) => {
    const file = vscode.Uri.parse(uri);
    try {
      const { size, type } = await vscode.workspace.fs.stat(file);
      if (type & vscode.FileType.Directory) return null;
      const bytes = await vscode.workspace.fs.readFile(file);
      return { text: new TextDecoder().decode(bytes.subarray(0, maxBytes)), size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  });
  client.onRequest(FileExistsRequest.type, ({ uri }) =>
    Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.parse(uri))).then(() => true, () => false),
  );
  client.onRequest(FindFilesRequest.type, async ({ base, pattern }) => {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(base), pattern), IGNORED_FOLDERS);
    return found.map((uri) => uri.toString());
  });
}
