/**
 * The web extension's entry point (`browser`), for vscode.dev, github.dev and
 * other browser hosts: runs the language server in a web worker and reads
 * files for it with `vscode.workspace.fs`, since a worker reaches no disk.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { activateWith } from './extension';
import { serveWorkspaceFiles } from './workspaceFiles';
import { planDocuments, startLanguageClient } from './languageClient';

/** Called by VS Code when a Markdown file or an OKR view is first opened. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  const client = await startLanguageClient(context, planDocuments(), (id, name, options) => {
    const client = new LanguageClient(id, name, () => startWorker(serverMain), options);
    serveWorkspaceFiles(client);
    return client;
  });
  // No git runs in the browser: a check-in is not offered as a commit.
  activateWith(context, client, null);
}

/**
 * Starts the server's worker from its script's text. VS Code's web extension
 * host cannot start a worker from the URI of an extension installed on a
 * remote (`vscode-remote:`, as in code-server), so the script is read through
 * the file system, which reaches it wherever it is, and started from a blob.
 */
async function startWorker(script: vscode.Uri): Promise<MessageTransports> {
  const code = await vscode.workspace.fs.readFile(script);
  const worker = new Worker(URL.createObjectURL(new Blob([new TextDecoder().decode(code)], { type: 'text/javascript' })));
  // The host's Worker is a wrapper, so the client would not know its result for a Worker: it gets the transports.
  return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}
