/**
 * The desktop language server's entry: a Node process that VS Code talks to
 * over IPC. Plans are read from the local disk, on worker threads started
 * from this same bundle, and their histories from git.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { PLAN_READER_ROLE, PlanFileReader, servePlanReads } from './diskPlanReader';
import { logError } from './lsp/session/guard';
import { gitHistoryReader } from './node/planHistory';
import { diskFiles } from './node/projectFiles';
import { startServer } from './server';
import { workerRole } from './workerPool';

if (workerRole() === PLAN_READER_ROLE) {
  servePlanReads();
} else {
  const connection = createConnection(ProposedFeatures.all);
  // Our own bugs are logged and the server keeps serving the editor.
  process.on('uncaughtException', (error) => logError(connection, 'Language server', error));
  process.on('unhandledRejection', (error) => logError(connection, 'Language server', error));
  startServer(connection, () => ({
    files: diskFiles,
    reader: new PlanFileReader(__filename, (message) => connection.console.warn(message)),
    historyReader: gitHistoryReader,
  }));
}
