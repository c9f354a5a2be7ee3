/**
 * The desktop extension's entry point (`main`): runs the language server as a
 * Node process over IPC, and commits checked-in plans with git.
 */
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith } from './extension';
import { commitPlan, repositoryOf } from './git/commitPlan';
import { planDocuments, startLanguageClient } from './languageClient';

/** Called by VS Code when a Markdown file or an OKR view is first opened. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const client = await startLanguageClient(context, planDocuments('file'), (id, name, options) => new LanguageClient(id, name, serverOptions, options));
  activateWith(context, client, { repositoryOf, commit: commitPlan });
}
