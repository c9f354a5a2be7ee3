/**
 * Starts the OKR language server, the same way on the desktop (a Node
 * process) and in the browser (a web worker), and keeps it running: if the
 * server dies it is restarted, the user sees one notification for the whole
 * episode, and open documents are only re-sent, never modified.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type DocumentSelector,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
} from 'vscode-languageclient';
import { WorkspaceTrustedNotification, type OkrInitializationOptions } from '../../server/src/protocol';

/** The client id: VS Code reads `okr.trace.server` because of it. */
export const CLIENT_ID = 'okr';

/** The output channel where the server's log and traces go. */
export const OUTPUT_CHANNEL_NAME = 'OKR Plans';

/** Crashes allowed within the window before the client gives up restarting. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Restarts a crashed server, announcing it once per episode of crashes and giving up after too many. */
export class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly output: vscode.OutputChannel) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.output.appendLine(`Connection to the OKR language server failed: ${error.message}`);
    // Writes to a server that just died fail until its exit is seen; shutting down then would stop the restart.
    if (serverIsGone(error)) return { action: ErrorAction.Continue, handled: true };
    return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((time) => now - time < RESTART_WINDOW_MS);
    this.crashes.push(now);
    this.output.appendLine(`The OKR language server stopped unexpectedly (${this.crashes.length} time(s) in the last 3 minutes).`);
    if (this.crashes.length > MAX_RESTARTS) {
      void vscode.window.showErrorMessage('The OKR language server keeps stopping, so it was not restarted. Reload the window to try again; details are in the "OKR Plans" output.');
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    if (this.crashes.length === 1) {
      void vscode.window.showWarningMessage('The OKR language server stopped unexpectedly and was restarted. Your unsaved changes are untouched.');
    }
    return { action: CloseAction.Restart, handled: true };
  }
}

/** Whether a connection error says only that the server's end is closed, which its exit will follow. */
function serverIsGone(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return /^(EPIPE|ECONNRESET|ERR_IPC_CHANNEL_CLOSED|ERR_STREAM_DESTROYED)$/.test(code) || /\b(EPIPE|ECONNRESET)\b|channel closed/i.test(error.message);
}

/**
 * The documents the server checks: Markdown in the workspace's own schemes
 * (`file:`, or `vscode-vfs:` on github.dev) and unsaved new files, but not a
 * diff's old side or other views of a file.
 */
export function planDocuments(...schemes: string[]): DocumentSelector {
  const all = new Set([...schemes, ...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme), 'untitled']);
  return [...all].map((scheme) => ({ scheme, language: 'markdown' }));
}

/** Makes the platform's language client from the options shared by both. */
export type ClientFactory = (id: string, name: string, options: LanguageClientOptions) => BaseLanguageClient;

/** Starts the language client for every folder of the workspace and returns it once the server is ready. */
export async function startLanguageClient(context: vscode.ExtensionContext, documentSelector: DocumentSelector, create: ClientFactory): Promise<BaseLanguageClient> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.md,*.markdown,*.yml,*.yaml,.okr.json,.okr.jsonc}');
  // A commit or checkout moves HEAD or a branch: the plans' histories are read again.
  const gitRefs = vscode.workspace.createFileSystemWatcher('**/.git/{HEAD,packed-refs,refs/heads/**}');
  // Asked again at each (re)start, so a server restarted after the user trusted the workspace reads history.
  const initializationOptions = (): OkrInitializationOptions => ({ trusted: vscode.workspace.isTrusted, storageFolder: (context.storageUri ?? context.globalStorageUri).fsPath });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: CLIENT_ID, fileEvents: [watcher, gitRefs] },
    initializationOptions,
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: new RestartingErrorHandler(output),
    markdown: { isTrusted: false, supportHtml: false },
  };
  const client = create(CLIENT_ID, 'OKR Plans', clientOptions);
  context.subscriptions.push(output, watcher, gitRefs, { dispose: () => void client.stop() });
  await client.start();
  // In Restricted Mode the server reads no git history until the user trusts the workspace.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WorkspaceTrustedNotification.type)));
  return client;
}
