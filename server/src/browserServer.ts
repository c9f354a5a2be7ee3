/**
 * The language server's entry in the browser (vscode.dev, github.dev): a web
 * worker that the extension starts. It reaches no disk, so the editor reads
 * files for it, and it reads the workspace's plans in its own thread.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { editorFiles } from './browser/editorFiles';
import { logError } from './lsp/session/guard';
import { inThreadReader } from './lsp/session/planFiles';
import { startServer } from './server';

/** The worker's own scope: messages from the extension arrive on it, and errors nothing caught. */
const scope = globalThis as unknown as Worker;

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
// Our own bugs are logged and the server keeps serving the editor.
scope.addEventListener('error', (event) => logError(connection, 'Language server', event.error ?? event.message));
scope.addEventListener('unhandledrejection', (event) => logError(connection, 'Language server', (event as PromiseRejectionEvent).reason));
startServer(connection, (folders) => {
  const files = editorFiles(connection, folders);
  return { files, reader: inThreadReader(files) };
});
