/**
 * Starts the bundled language server (dist/server.js) as a child process and
 * speaks LSP JSON-RPC to it over stdio, the way VS Code does, so tests and the
 * benchmark exercise exactly what ships.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The repository root, where dist/ lives. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** How to start the server. */
export interface ServerOptions {
  /** Folders to open as the workspace (absolute paths). */
  workspaceFolders?: string[];
  /**
   * Settings answered to `workspace/configuration`, keyed by section (e.g.
   * `{ okr: { statuses: [...] } }`), over the defaults package.json contributes, as VS Code does.
   */
  settings?: Record<string, unknown>;
  /** Extra arguments for node before the script, e.g. `['--require', probe]`. */
  nodeArgs?: string[];
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /** What the client sends as `initializationOptions`, e.g. `{ trusted: false }` for Restricted Mode. */
  initializationOptions?: Record<string, unknown>;
}

/** A notification the server sent, as received. */
export interface ReceivedNotification {
  method: string;
  params: unknown;
}

/** An open text document as the client sees it: the server's ranges must lie inside it. */
export interface OpenDocument {
  uri: string;
  version: number;
  document: TextDocument;
}

interface Waiter {
  matches: (notification: ReceivedNotification) => boolean;
  resolve: (notification: ReceivedNotification) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A running server and the client end of its connection. */
export class LspServer {
  readonly connection: ProtocolConnection;
  readonly notifications: ReceivedNotification[] = [];
  readonly documents = new Map<string, OpenDocument>();
  initializeResult: InitializeResult | undefined;
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly waiters = new Set<Waiter>();
  /** Send time of each document version, so version-less diagnostics can be matched to the edit before them. */
  private readonly sentAt = new Map<string, number>();

  constructor(readonly child: ChildProcess, private readonly options: ServerOptions) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-20000);
    });
    child.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const waiter of this.waiters) waiter.reject(new Error(`server exited (code ${code}, signal ${signal})\n${this.stderrText}`));
      this.waiters.clear();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onUnhandledNotification((message) => this.received({ method: message.method, params: message.params }));
    const settings = mergeSettings(contributedDefaults(), this.options.settings ?? {});
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section ? sectionOf(settings, item.section) : settings)),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** What the server wrote to stderr (the last 20 KB), for failure messages. */
  get stderr(): string {
    return this.stderrText;
  }

  /** Why the server stopped, or undefined while it runs. */
  get exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exitInfo;
  }

  /** Sends `initialize` and `initialized` with the capabilities VS Code announces for what we test. */
  async initialize(): Promise<InitializeResult> {
    const folders = (this.options.workspaceFolders ?? []).map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) }));
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length > 0 ? folders : null,
      initializationOptions: this.options.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          symbol: { dynamicRegistration: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
          foldingRange: { lineFoldingOnly: true },
          definition: { linkSupport: true },
        },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /** Opens a document and returns the time the notification was sent. */
  async open(uri: string, text: string, languageId = 'markdown'): Promise<number> {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, { uri, version: 1, document });
    const sent = performance.now();
    this.sentAt.set(`${uri}#1`, this.notifications.length);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return sent;
  }

  /** Applies incremental (or full) changes to an open document, as an editor would, and returns its new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const open = this.documents.get(uri);
    if (!open) throw new Error(`not open: ${uri}`);
    const version = ++open.version;
    this.sentAt.set(`${uri}#${version}`, this.notifications.length);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    // The client's copy is updated once the change is sent, while the server works: it copies the whole text, which an editor's model does not.
    open.document = TextDocument.update(open.document, changes, version);
    return version;
  }

  /** Replaces `length` characters at `offset` with `text` in an open document; returns the new version. */
  async edit(uri: string, offset: number, length: number, text: string): Promise<number> {
    const open = this.documents.get(uri);
    if (!open) throw new Error(`not open: ${uri}`);
    const range = { start: open.document.positionAt(offset), end: open.document.positionAt(offset + length) };
    return this.change(uri, [{ range, text }]);
  }

  /** Closes a document. */
  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Waits for the diagnostics of one version of a document. A server that
   * publishes versions is matched by version (a later version supersedes it);
   * otherwise the first publication after that version was sent counts.
   */
  async waitForDiagnostics(uri: string, version: number, timeoutMs = 60_000): Promise<PublishDiagnosticsParams> {
    const sentAfter = this.sentAt.get(`${uri}#${version}`) ?? 0;
    const matches = (notification: ReceivedNotification, index: number): boolean => {
      if (notification.method !== PublishDiagnosticsNotification.method) return false;
      const params = notification.params as PublishDiagnosticsParams;
      if (params.uri !== uri) return false;
      return params.version === undefined || params.version === null ? index >= sentAfter : params.version >= version;
    };
    const found = await this.waitFor(matches, timeoutMs, `diagnostics for ${uri} version ${version}`);
    return found.params as PublishDiagnosticsParams;
  }

  /** The last diagnostics the server published for a document, if any. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    for (let index = this.notifications.length - 1; index >= 0; index--) {
      const { method, params } = this.notifications[index];
      if (method === PublishDiagnosticsNotification.method && (params as PublishDiagnosticsParams).uri === uri) return params as PublishDiagnosticsParams;
    }
    return undefined;
  }

  /**
   * Errors of the server's own code that it caught, logged and answered
   * around (a request then gets an empty answer instead of failing): every
   * error log that carries a stack trace.
   */
  internalErrors(): string[] {
    return this.notifications
      .filter(({ method, params }) => method === LogMessageNotification.method && (params as LogMessageParams).type === MessageType.Error)
      .map(({ params }) => (params as LogMessageParams).message)
      .filter((message) => /\n\s+at /.test(message));
  }

  /** Waits for a notification, looking first at those already received. */
  waitFor(
    matches: (notification: ReceivedNotification, index: number) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<ReceivedNotification> {
    const index = this.notifications.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.notifications[index]);
    if (this.exitInfo) return Promise.reject(new Error(`server already exited while waiting for ${what}\n${this.stderrText}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches: (notification) => matches(notification, this.notifications.length - 1),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Peak resident memory of the server process in bytes (VmHWM), or undefined where /proc is missing. */
  peakMemoryBytes(): number | undefined {
    return procStatusBytes(this.child.pid, 'VmHWM');
  }

  /** Current resident memory of the server process in bytes (VmRSS). */
  memoryBytes(): number | undefined {
    return procStatusBytes(this.child.pid, 'VmRSS');
  }

  /** Shuts the server down politely, and kills it if it does not leave in time. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.exitInfo) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
      await withTimeout(exited, timeoutMs, 'exit');
    } catch {
      this.child.kill('SIGKILL');
      await exited;
    } finally {
      this.connection.dispose();
    }
  }

  private received(notification: ReceivedNotification): void {
    this.notifications.push(notification);
    for (const waiter of this.waiters) {
      if (waiter.matches(notification)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(notification);
      }
    }
  }
}

/** Spawns dist/server.js with `--stdio` and initializes it. */
export async function startServer(options: ServerOptions = {}): Promise<LspServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(REPO_ROOT, 'dist/server.js'), '--stdio'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const server = new LspServer(child, options);
  await server.initialize();
  return server;
}

/** Rejects when a promise takes longer than `timeoutMs`: a hang guard, not a speed check. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The `file://` URI of an absolute path. */
export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The defaults of the settings package.json contributes, nested by their dotted names. */
function contributedDefaults(): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { default?: unknown }> } | Array<{ properties?: Record<string, { default?: unknown }> }> };
  };
  const configuration = manifest.contributes?.configuration;
  const groups = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const defaults: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, property] of Object.entries(group.properties ?? {})) {
      const keys = name.split('.');
      let target = defaults;
      for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
      target[keys[keys.length - 1]] = property.default ?? null;
    }
  }
  return defaults;
}

function mergeSettings(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      isRecord(current) && isRecord(value) ? mergeSettings(current, value) : value;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sectionOf(settings: Record<string, unknown>, section: string): unknown {
  let value: unknown = settings;
  for (const key of section.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

function procStatusBytes(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
