/**
 * The web extension's entry point (`browser`), for vscode.dev, github.dev and
 * other browser hosts: runs the language server in a web worker and reads
 * files for it with `vscode.workspace.fs`, since a worker reaches no disk.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith } from './extension';
import { serveWorkspaceFiles } from './workspaceFiles';
import { planDocuments, startLanguageClient } from './languageClient';

/** Called by VS Code when a Markdown file or an OKR view is first opened. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  const client = await startLanguageClient(context, planDocuments(), (id, name, options) => {
    const client = new LanguageClient(id, name, async () => new Worker(serverMain.toString(true)), options);
    serveWorkspaceFiles(client);
    return client;
  });
  activateWith(context, client);
}
