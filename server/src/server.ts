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
import { PlansChangedNotification, type OkrInitializationOptions } from './protocol';
import { registerCodeActions, FIX_ALL_KIND } from './lsp/features/codeActions';
import { COMPLETION_TRIGGERS, registerCompletion } from './lsp/features/completion';
import { registerDiagnostics } from './lsp/session/checkScheduler';
import { PlanDocuments } from './lsp/session/documents';
import { registerDocumentSymbols } from './lsp/features/documentSymbols';
import { registerFolding } from './lsp/features/folding';
import { registerHover } from './lsp/features/hover';
import { registerCodeLens } from './lsp/features/codeLens';
import { registerNavigation } from './lsp/features/navigation';
import { registerRename, registerRosterRename } from './lsp/features/rename';
import { registerFormatting } from './lsp/features/formatting';
import { PlanContexts, type Folder } from './lsp/session/planContext';
import { registerPlanRequests } from './lsp/features/planRequests';
import { registerPlanEdits } from './lsp/features/planEdits';
import { registerPlanHistory } from './lsp/features/planHistory';
import { PlanHistories, type HistoryReader } from './lsp/session/planHistories';
import { RosterStore } from './lsp/session/rosters';
import { ProjectLookup } from './okr/project/lookup';
import { SettingsStore } from './lsp/session/settings';
import { registerWorkspaceEvents, toFolder } from './lsp/session/workspaceEvents';
import { WorkspaceIndex } from './lsp/session/workspaceIndex';
import { LinkedPlansCache } from './lsp/session/linkedPlans';
import { registerWorkspaceSymbols } from './lsp/features/workspaceSymbols';
import type { PlanReader } from './lsp/session/planFiles';
import type { WorkspaceFiles } from './lsp/session/workspaceFiles';
import type { ScoringOptions } from './okr/model/scoring';

/** Where the server finds the workspace's files, how it reads plans that are not open, and where their histories come from. */
export interface ServerPlatform {
  files: WorkspaceFiles;
  reader: PlanReader;
  historyReader: HistoryReader;
}

/** Serves the editor over `connection`; `platform` is made once the server knows how to find the workspace folders. */
export function startServer(connection: Connection, platform: (folders: () => readonly Folder[]) => ServerPlatform): void {
  const folders: Folder[] = [];
  const { files, reader, historyReader } = platform(() => folders);
  let canAskConfiguration = false;
  let canWatchFolders = false;
  let snippetEdits = false;
  let canRegisterRename = false;

  const settings = new SettingsStore((scopeUri) =>
    canAskConfiguration ? connection.workspace.getConfiguration({ scopeUri, section: 'okr' }) : Promise.resolve(undefined),
  );
  const warn = (message: string): void => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  const lookup = new ProjectLookup(files);
  const rosters = new RosterStore(lookup, warn);
  // Trusted until the client says otherwise: editors without a Restricted Mode send nothing.
  const histories = new PlanHistories(
    true,
    (message) => connection.console.error(message),
    (uri) => void connection.sendNotification(PlansChangedNotification.type, { uris: [uri], indexComplete: index.complete }),
    historyReader,
    (uri) => files.toPath(uri),
  );
  const lastCheckIn = async (uri: string, scoring: ScoringOptions): Promise<{ date: string; author: string } | null> => (await histories.get(uri, scoring)).history?.checkIns.at(-1) ?? null;
  const contexts = new PlanContexts(files, settings, lookup, rosters, () => folders, warn, lastCheckIn);
  const documents = new PlanDocuments(contexts);
  const index = new WorkspaceIndex({
    files,
    folders: () => folders,
    folderOf: (uri) => contexts.folderOf(uri),
    settingsFor: (uri) => settings.get(uri),
    declaredFor: async (uri) => (await contexts.contextFor(uri)).declared,
    readPlan: (file, options) => reader.read(file, options),
    readsAtOnce: reader.capacity,
    notify: (params) => {
      void connection.sendNotification(PlansChangedNotification.type, params);
      // Plans that link to a changed plan are checked again: an anchor may have come or gone.
      for (const uri of linkedPlans.linkingTo(documents.uris(), params.uris)) diagnostics.schedule(uri, 0);
    },
    log: (message) => connection.console.warn(message),
  });

  const linkedPlans = new LinkedPlansCache(files, index);
  documents.linkedFor = (uri, plan) => linkedPlans.linkedFor(uri, plan);
  documents.documents.onDidClose(({ document }) => linkedPlans.forget(document.uri));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const { capabilities } = params;
    canAskConfiguration = capabilities.workspace?.configuration === true;
    canWatchFolders = capabilities.workspace?.workspaceFolders === true;
    snippetEdits = capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    canRegisterRename = capabilities.textDocument?.rename?.dynamicRegistration === true;
    const initial = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    folders.push(...initial.map((folder) => toFolder(files, folder)).filter((folder) => folder !== null));
    const options = params.initializationOptions as OkrInitializationOptions | undefined;
    if (options?.trusted === false) histories.distrust();
    histories.keepIn(options?.storageFolder);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'OKR plan' },
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
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
  registerCompletion(connection, documents, () => index.plans());
  registerHover(connection, documents, histories, () => index.plans());
  registerDocumentSymbols(connection, documents);
  registerWorkspaceSymbols(connection, index);
  registerNavigation(connection, documents, () => index.plans(), files.toUri);
  registerFolding(connection, documents);
  registerCodeLens(connection, documents);
  registerCodeActions(connection, documents, () => snippetEdits);
  registerPlanRequests(connection, documents, index);
  registerPlanEdits(connection, documents);
  registerRename(connection, documents, () => index.plans());
  registerFormatting(connection, documents);
  registerPlanHistory(connection, histories, contexts, documents, diagnostics);

  connection.onInitialized(() => {
    if (canRegisterRename) registerRosterRename(connection);
    registerWorkspaceEvents(connection, { folders, settings, rosters, contexts, index, diagnostics, histories }, canWatchFolders);
    void index.scan();
  });

  documents.listen(connection);
  connection.listen();
}
