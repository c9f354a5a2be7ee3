/**
 * The language server's entry in the browser (vscode.dev, github.dev): a web
 * worker that the extension starts. It reaches no disk, so the editor reads
 * files for it, and it reads the workspace's plans in its own thread.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { editorFiles } from './browser/editorFiles';
import { logError } from './lsp/session/guard';
import { inThreadReader } from './lsp/session/planFiles';
import type { HistoryReader } from './lsp/session/planHistories';
import { startServer } from './server';

const NEEDS_CLONE = 'History needs a local clone';

/** The browser runs no git: a plan's history is read from a local clone only. */
const NO_HISTORY: HistoryReader = {
  read: () => Promise.reject(new Error(NEEDS_CLONE)),
  problem: () => NEEDS_CLONE,
};

/** The worker's own scope: messages from the extension arrive on it, and errors nothing caught. */
const scope = globalThis as unknown as Worker;

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
// Our own bugs are logged and the server keeps serving the editor.
scope.addEventListener('error', (event) => logError(connection, 'Language server', event.error ?? event.message));
scope.addEventListener('unhandledrejection', (event) => logError(connection, 'Language server', (event as PromiseRejectionEvent).reason));
startServer(connection, (folders) => {
  const files = editorFiles(connection, folders);
  return { files, reader: inThreadReader(files), historyReader: NO_HISTORY };
});
