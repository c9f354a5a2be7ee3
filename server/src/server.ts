/**
 * The OKR language server, the same on the desktop and in the browser:
 * announces capabilities and registers each feature on a connection. Wiring
 * only; every feature lives in lsp/features/. The entries nodeServer.ts and
 * browserServer.ts make the connection and say where files come from.
 */
import {
  CodeActionKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { PlansChangedNotification } from './protocol';
import { registerCodeActions, FIX_ALL_KIND } from './lsp/features/codeActions';
import { COMPLETION_TRIGGERS, registerCompletion } from './lsp/features/completion';
import { registerDiagnostics } from './lsp/session/checkScheduler';
import { PlanDocuments } from './lsp/session/documents';
import { registerDocumentSymbols } from './lsp/features/documentSymbols';
import { registerFolding } from './lsp/features/folding';
import { registerHover } from './lsp/features/hover';
import { registerCodeLens } from './lsp/features/codeLens';
import { registerNavigation } from './lsp/features/navigation';
import { PlanContexts, type Folder } from './lsp/session/planContext';
import { registerPlanRequests } from './lsp/features/planRequests';
import { RosterStore } from './lsp/session/rosters';
import { ProjectLookup } from './okr/project/lookup';
import { SettingsStore } from './lsp/session/settings';
import { registerWorkspaceEvents, toFolder } from './lsp/session/workspaceEvents';
import { WorkspaceIndex } from './lsp/session/workspaceIndex';
import { registerWorkspaceSymbols } from './lsp/features/workspaceSymbols';
import type { PlanReader } from './lsp/session/planFiles';
import type { WorkspaceFiles } from './lsp/session/workspaceFiles';

/** Where the server finds the workspace's files, and how it reads plans that are not open. */
export interface ServerPlatform {
  files: WorkspaceFiles;
  reader: PlanReader;
}

/** Serves the editor over `connection`; `platform` is made once the server knows how to find the workspace folders. */
export function startServer(connection: Connection, platform: (folders: () => readonly Folder[]) => ServerPlatform): void {
  const folders: Folder[] = [];
  const { files, reader } = platform(() => folders);
  let canAskConfiguration = false;
  let canWatchFolders = false;
  let snippetEdits = false;

  const settings = new SettingsStore((scopeUri) =>
    canAskConfiguration ? connection.workspace.getConfiguration({ scopeUri, section: 'okr' }) : Promise.resolve(undefined),
  );
  const warn = (message: string): void => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  const lookup = new ProjectLookup(files);
  const rosters = new RosterStore(lookup, warn);
  const contexts = new PlanContexts(files, settings, lookup, rosters, () => folders, warn);
  const documents = new PlanDocuments(contexts);
  const index = new WorkspaceIndex({
    files,
    folders: () => folders,
    folderOf: (uri) => contexts.folderOf(uri),
    settingsFor: (uri) => settings.get(uri),
    declaredFor: async (uri) => (await contexts.contextFor(uri)).declared,
    readPlan: (file, options) => reader.read(file, options),
    readsAtOnce: reader.capacity,
    notify: (params) => void connection.sendNotification(PlansChangedNotification.type, params),
    log: (message) => connection.console.warn(message),
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const { capabilities } = params;
    canAskConfiguration = capabilities.workspace?.configuration === true;
    canWatchFolders = capabilities.workspace?.workspaceFolders === true;
    snippetEdits = capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    const initial = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    folders.push(...initial.map((folder) => toFolder(files, folder)).filter((folder) => folder !== null));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'OKR plan' },
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'okr-language-server' },
    };
  });

  const diagnostics = registerDiagnostics(connection, documents);
  documents.documents.onDidOpen(({ document }) => index.opened(document.uri));
  documents.onDidParse((uri, plan) => index.updateOpen(uri, plan));
  documents.documents.onDidClose(({ document }) => index.closed(document.uri));
  registerCompletion(connection, documents);
  registerHover(connection, documents);
  registerDocumentSymbols(connection, documents);
  registerWorkspaceSymbols(connection, index);
  registerNavigation(connection, documents, () => index.plans(), files.toUri);
  registerFolding(connection, documents);
  registerCodeLens(connection, documents);
  registerCodeActions(connection, documents, () => snippetEdits);
  registerPlanRequests(connection, documents, index);

  connection.onInitialized(() => {
    registerWorkspaceEvents(connection, { folders, settings, rosters, contexts, index, diagnostics }, canWatchFolders);
    void index.scan();
  });

  documents.listen(connection);
  connection.listen();
}
