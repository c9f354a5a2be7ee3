/**
 * What the benchmark does to the bundled language server, step by step as an
 * editor does it: open a plan and wait for its diagnostics, type, ask for
 * completions and symbols, open a workspace of many plans, and run the CLI.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionRequest, CompletionTriggerKind, DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { PlanSummariesRequest, PlansChangedNotification, type PlansChangedParams } from '../server/src/protocol';
import { fileUri, REPO_ROOT, startServer, type LspServer } from '../test/support/lspServer';
import { generatePlan, generateRoster, SeededRandom } from './generatePlan';

/** The server's heap as the preloaded probe reports it (bytes). */
export interface HeapReport {
  heapUsed: number;
  peakHeapUsed: number;
  rss: number;
}

/** A started server with the heap probe preloaded, in a workspace folder of its own. */
export interface BenchServer {
  server: LspServer;
  folder: string;
  heap(): Promise<HeapReport | undefined>;
}

/** Starts the bundled server in `folder`, with a roster, and the heap probe preloaded. */
export async function startBenchServer(folder: string): Promise<BenchServer> {
  mkdirSync(path.join(folder, 'data'), { recursive: true });
  writeFileSync(path.join(folder, 'data/team.yml'), generateRoster());
  const heapFile = path.join(folder, '.heap.json');
  const server = await startServer({
    workspaceFolders: [folder],
    nodeArgs: ['--expose-gc', '--require', path.join(REPO_ROOT, 'bench/heapProbe.cjs')],
    env: { OKR_BENCH_HEAP_FILE: heapFile },
  });
  const heap = async (): Promise<HeapReport | undefined> => {
    rmSync(heapFile, { force: true });
    if (!server.child.kill('SIGUSR2')) return undefined;
    for (let attempt = 0; attempt < 200 && !existsSync(heapFile); attempt++) await delay(25);
    return existsSync(heapFile) ? (JSON.parse(readFileSync(heapFile, 'utf8')) as HeapReport) : undefined;
  };
  return { server, folder, heap };
}

/**
 * Opens a plan in a fresh server and returns ms from didOpen to its first
 * diagnostics (for a long plan, the line-local problems of its first slice),
 * and to the outline of the whole plan, which needs all of it read.
 */
export async function openToDiagnostics(folder: string, text: string): Promise<{ ms: number; wholeMs: number; bench: BenchServer; uri: string }> {
  const bench = await startBenchServer(folder);
  const file = path.join(folder, 'FY23Q1-OKR-plan.md');
  writeFileSync(file, text);
  const uri = fileUri(file);
  const sent = await bench.server.open(uri, text);
  const outline = bench.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }).then(() => performance.now() - sent);
  await bench.server.waitForDiagnostics(uri, 1, 600_000);
  const ms = performance.now() - sent;
  return { ms, wholeMs: await outline, bench, uri };
}

/** Types one character at a random place in a line of prose, waits for that version's diagnostics, then deletes it the same way. */
export async function editToDiagnostics(server: LspServer, uri: string, edits: number, seed: number): Promise<number[]> {
  const typist = new Typist(server, uri, new SeededRandom(seed));
  const samples: number[] = [];
  for (let run = 0; run < edits; run++) {
    const start = performance.now();
    const version = await typist.keystroke();
    await server.waitForDiagnostics(uri, version, 600_000);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Types a character somewhere and, right after it and without waiting for
 * diagnostics, types in a Responsible cell and asks for completion there:
 * completion must not wait for a re-check. Returns latencies and item counts.
 */
export async function completionAfterEdit(
  server: LspServer,
  uri: string,
  seed: number,
  keepGoing: (run: number) => boolean,
): Promise<{ samples: number[]; items: number[] }> {
  const random = new SeededRandom(seed);
  const typist = new Typist(server, uri, random);
  const samples: number[] = [];
  const items: number[] = [];
  for (let run = 0; keepGoing(run); run++) {
    await typist.keystroke();
    const cell = responsibleCell(server, uri, random);
    await server.edit(uri, cell.offset, 0, ', B');
    const document = server.documents.get(uri)!.document;
    const position = document.positionAt(cell.offset + 3);
    const start = performance.now();
    const result = await server.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
      context: { triggerKind: CompletionTriggerKind.Invoked },
    });
    samples.push(performance.now() - start);
    items.push(Array.isArray(result) ? result.length : (result?.items.length ?? 0));
    await server.edit(uri, cell.offset, 3, '');
  }
  return { samples, items };
}

/** Types a character and asks for the document's symbols right away. */
export async function documentSymbolAfterEdit(server: LspServer, uri: string, runs: number, seed: number): Promise<number[]> {
  const typist = new Typist(server, uri, new SeededRandom(seed));
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    await typist.keystroke();
    const start = performance.now();
    await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Writes a workspace of `count` generated plans of varied sizes; returns their paths and total bytes. */
export function writeWorkspace(folder: string, count: number, seed: number): { files: string[]; bytes: number } {
  const random = new SeededRandom(seed);
  const files: string[] = [];
  let bytes = 0;
  for (let index = 0; index < count; index++) {
    const text = generatePlan({ lines: random.int(60, 220) }, seed + index);
    const file = path.join(folder, 'teams', `team-${String(index).padStart(4, '0')}`, `FY23Q${(index % 4) + 1}-OKR-plan.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

/** The handbook pages that are not plans, read from the shared corpus; generated prose where it is missing. */
function handbookPages(): string[] {
  const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'non-plans');
  const pages: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.md')) pages.push(readFileSync(file, 'utf8'));
    }
  };
  if (existsSync(corpus)) walk(corpus);
  if (pages.length > 0) return pages;
  const random = new SeededRandom(7);
  return Array.from({ length: 50 }, (_, index) => [`# Handbook page ${index}`, '', ...Array.from({ length: random.int(20, 200) }, () => `- ${random.pick(['Write', 'Review', 'Ship'])} the ${random.pick(['docs', 'release', 'guide'])} ${random.int(1, 99)} times.`), ''].join('\n'));
}

/**
 * Writes a handbook of `count` pages of which `planShare` are generated plans
 * and the rest real handbook pages that are not plans (cycled); returns the
 * pages' paths, its plans' paths and total bytes.
 */
export function writeHandbook(folder: string, count: number, planShare: number, seed: number): { files: string[]; plans: string[]; bytes: number } {
  const pages = handbookPages();
  const random = new SeededRandom(seed);
  const files: string[] = [];
  const plans: string[] = [];
  let bytes = 0;
  const every = planShare > 0 ? Math.max(1, Math.round(1 / planShare)) : Infinity;
  for (let index = 0; index < count; index++) {
    const isPlan = index % every === every - 1;
    const text = isPlan ? generatePlan({ lines: random.int(60, 220) }, seed + index) : pages[index % pages.length];
    const file = path.join(folder, `section-${String(Math.floor(index / 50)).padStart(3, '0')}`, isPlan ? `FY23Q${(index % 4) + 1}-okrs-${index}.md` : `page-${String(index).padStart(4, '0')}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files.push(file);
    if (isPlan) plans.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { files, plans, bytes };
}

/** What indexing a workspace cost, and how the open document fared meanwhile. */
export interface IndexResult {
  indexMs: number;
  indexed: number;
  /** didOpen → first diagnostics of the long plan, opened as the index starts. */
  openMs: number;
  completionDuringIndex: number[];
  heap: HeapReport | undefined;
  peakRss: number | undefined;
}

/**
 * Starts a server on a workspace of plans and opens a long plan at once, as
 * an editor restoring its tabs does; once that plan has its diagnostics, keeps
 * typing and asking for completions in it until the workspace is indexed. The
 * index is complete when the server says so and its summaries list every plan.
 */
export async function indexWorkspace(folder: string, expected: number, openText: string, timeoutMs: number): Promise<IndexResult> {
  const start = performance.now();
  const bench = await startBenchServer(folder);
  const { server } = bench;
  const openFile = path.join(folder, 'open', 'FY23Q1-OKR-plan.md');
  mkdirSync(path.dirname(openFile), { recursive: true });
  writeFileSync(openFile, openText);
  const uri = fileUri(openFile);
  const opened = await server.open(uri, openText);
  await server.waitForDiagnostics(uri, 1, timeoutMs);
  const openMs = performance.now() - opened;
  // Completion in the open plan is measured once the whole plan is read.
  await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });

  let indexMs: number | undefined;
  let indexed = 0;
  const summariesCount = async (): Promise<number> => {
    const summaries: unknown = await server.connection.sendRequest(PlanSummariesRequest.method);
    return Array.isArray(summaries) ? summaries.length : 0;
  };
  const complete = (async () => {
    const deadline = start + timeoutMs;
    while (performance.now() < deadline) {
      const announced = server.notifications.some(
        (notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete,
      );
      if (announced) {
        indexed = await summariesCount();
        // The open plan is counted too.
        if (indexed >= expected) {
          indexMs = performance.now() - start;
          return;
        }
      }
      const seen = server.notifications.length;
      await server
        .waitFor((notification, index) => index >= seen && notification.method === PlansChangedNotification.method, 1000, 'plans changed')
        .catch(() => undefined);
    }
  })();

  let settled = false;
  void complete.finally(() => (settled = true));
  const { samples: completionDuringIndex } = await completionAfterEdit(server, uri, 7, () => !settled);
  await complete;
  const heap = await bench.heap();
  const peakRss = server.peakMemoryBytes();
  await server.stop();
  if (indexMs === undefined) throw new Error(`workspace not indexed within ${timeoutMs} ms (${indexed} of ${expected} plans listed)`);
  return { indexMs, indexed, openMs, completionDuringIndex, heap, peakRss };
}

/**
 * Starts a server on a folder with no document open, as an editor opening a
 * handbook does, and returns ms from launch until the server says the index
 * is complete and its summaries list every plan.
 */
export async function indexHandbook(folder: string, expected: number, timeoutMs: number): Promise<{ indexMs: number; peakRss: number | undefined }> {
  const start = performance.now();
  const { server } = await startBenchServer(folder);
  try {
    const deadline = start + timeoutMs;
    let listed = 0;
    while (performance.now() < deadline) {
      const complete = server.notifications.some(
        (notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete,
      );
      if (complete) {
        const summaries: unknown = await server.connection.sendRequest(PlanSummariesRequest.method);
        listed = Array.isArray(summaries) ? summaries.length : 0;
        if (listed === expected) return { indexMs: performance.now() - start, peakRss: server.peakMemoryBytes() };
        throw new Error(`the index listed ${listed} plans, not the handbook's ${expected}`);
      }
      const seen = server.notifications.length;
      await server
        .waitFor((notification, index) => index >= seen && notification.method === PlansChangedNotification.method, 1000, 'plans changed')
        .catch(() => undefined);
    }
    throw new Error(`handbook not indexed within ${timeoutMs} ms`);
  } finally {
    await server.stop();
  }
}

/** Runs a command to completion and returns its wall time in ms. */
export function timeCommand(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // `okr check` exits 1 when it found errors; only a crash or a usage error is a failure here.
      if (signal || (code !== 0 && code !== 1)) reject(new Error(`${path.basename(args[0] ?? command)} failed (${code ?? signal}): ${stderr.slice(-2000)}`));
      else resolve(performance.now() - start);
    });
  });
}

/**
 * Types into prose lines of a document one character at a time; every second
 * keystroke deletes the character typed before, so the plan stays as generated.
 */
class Typist {
  private pending: number | undefined;

  constructor(
    private readonly server: LspServer,
    private readonly uri: string,
    private readonly random: SeededRandom,
  ) {}

  /** Sends one keystroke and returns the new document version. */
  async keystroke(): Promise<number> {
    if (this.pending !== undefined) {
      const offset = this.pending;
      this.pending = undefined;
      return this.server.edit(this.uri, offset, 1, '');
    }
    const document = this.server.documents.get(this.uri)!.document;
    for (;;) {
      const line = this.random.int(1, document.lineCount - 2);
      const text = document.getText({ start: { line, character: 0 }, end: { line, character: 100_000 } }).replace(/\r?\n$/, '');
      if (text.length < 12 || /^(\||\[|#)/.test(text)) continue;
      this.pending = document.offsetAt({ line, character: this.random.int(4, text.length - 2) });
      return this.server.edit(this.uri, this.pending, 0, 'x');
    }
  }
}

/**
 * The offset just after the name in a random status-table row's Responsible
 * cell. The typing never adds or removes lines, so the rows are found once per
 * document: the test client's own work would otherwise take CPU from the server.
 */
function responsibleCell(server: LspServer, uri: string, random: SeededRandom): { offset: number } {
  const document = server.documents.get(uri)!.document;
  let rows = tableRows.get(uri);
  if (!rows || rows.lineCount !== document.lineCount) {
    const found: number[] = [];
    document.getText().split('\n').forEach((line, index) => {
      if (/^\|\s*\d+\s*\|/.test(line)) found.push(index);
    });
    tableRows.set(uri, (rows = { lineCount: document.lineCount, lines: found }));
  }
  if (rows.lines.length === 0) throw new Error('the plan has no status table');
  const line = rows.lines[random.int(0, rows.lines.length - 1)];
  const cells = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).split('|');
  // cells: ['', ' id ', ' status ', ' responsible ', …]
  const before = cells.slice(0, 3).join('|').length + 1;
  const name = cells[3].trimEnd().length;
  return { offset: document.offsetAt({ line, character: before + name }) };
}
const tableRows = new Map<string, { lineCount: number; lines: number[] }>();

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
