/**
 * The bundled language server, driven over JSON-RPC the way VS Code drives it:
 * diagnostics on open and on change, completions, outline, navigation, the
 * custom plan requests, roster changes, and plans too large to read whole.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  ShowMessageNotification,
  TextDocumentSyncKind,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type DocumentSymbol,
  type Location,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PlanRequest, PlansChangedNotification, PlanSummariesRequest, type PlansChangedParams } from '../../server/src/protocol';
import { fileUri, REPO_ROOT, startServer, type LspServer } from '../support/lspServer';
import { assertCompletionsInside, assertDiagnosticsInside, assertSymbolsInside } from '../support/ranges';

const SEED_000 = readFileSync(path.join(REPO_ROOT, 'test/fixtures/seeds/000_69fd8793c6f93951.txt'), 'utf8');
const SEED_003 = readFileSync(path.join(REPO_ROOT, 'test/fixtures/seeds/003_f6da9e41b6b58373.txt'), 'utf8');
const GROUPS = ['CS leadership', 'Application engineers', 'All application engineers'];

/** A fresh copy of the handbook fixture (roster included) that a test may change. */
function copyHandbook(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'okr-lsp-'));
  cpSync(path.join(REPO_ROOT, 'test/fixtures/handbook'), folder, { recursive: true });
  return folder;
}

/** The 0-based position of the first `needle` on the line that starts with `lineStart`. */
function positionOf(text: string, lineStart: string, needle: string, offset = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.startsWith(lineStart));
  assert.ok(line >= 0, `no line starts with ${lineStart}`);
  const character = lines[line].indexOf(needle);
  assert.ok(character >= 0, `"${needle}" not on line ${line}`);
  return { line, character: character + offset };
}

/** Waits for the first diagnostics of `uri` published after notification number `after`. */
async function nextDiagnostics(server: LspServer, uri: string, after: number): Promise<PublishDiagnosticsParams> {
  const found = await server.waitFor(
    (notification, index) => index >= after && notification.method === PublishDiagnosticsNotification.method && (notification.params as PublishDiagnosticsParams).uri === uri,
    20_000,
    `diagnostics for ${uri}`,
  );
  return found.params as PublishDiagnosticsParams;
}

const labels = (items: CompletionItem[] | null | { items: CompletionItem[] }): string[] =>
  (Array.isArray(items) ? items : (items?.items ?? [])).map((item) => item.label);

const codes = (params: PublishDiagnosticsParams): string[] => params.diagnostics.map((diagnostic) => String(diagnostic.code));

describe('language server over JSON-RPC', () => {
  let folder: string;
  let server: LspServer;
  let planUri: string;

  before(async () => {
    folder = copyHandbook();
    mkdirSync(path.join(folder, 'okrs'));
    // A plan saved on disk, never opened: only the background index sees it.
    writeFileSync(path.join(folder, 'okrs', 'FY22Q3-OKR.md'), readFileSync(path.join(REPO_ROOT, 'test/fixtures/seeds/001_9efd263ab51c3d5b.txt')));
    writeFileSync(path.join(folder, 'okrs', 'how-we-plan.md'), '# How we plan\n\nEach quarter every team writes a page.\n');
    server = await startServer({ workspaceFolders: [folder], settings: { okr: { roster: { groups: GROUPS } } } });
    planUri = fileUri(path.join(folder, 'okrs', 'FY22Q4-OKR.md'));
  });

  after(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('announces incremental sync and the completion triggers', () => {
    const capabilities = server.initializeResult!.capabilities;
    const sync = capabilities.textDocumentSync;
    assert.equal(typeof sync === 'object' ? sync.change : sync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['|', ':', ',', ' ', '(']);
    assert.deepEqual([capabilities.renameProvider, capabilities.documentFormattingProvider, capabilities.documentRangeFormattingProvider], [{ prepareProvider: true }, true, true]);
  });

  it('publishes diagnostics for a plan when it opens', async () => {
    await server.open(planUri, SEED_000);
    const published = await server.waitForDiagnostics(planUri, 1);
    assert.equal(published.version, 1);
    assert.ok(codes(published).includes('placeholder-deadline'), `codes: ${codes(published)}`);
    const deadline = published.diagnostics.find((diagnostic) => diagnostic.code === 'placeholder-deadline')!;
    assert.equal(deadline.range.start.line, positionOf(SEED_000, 'TO BE FILLED IN', 'TO').line);
    assert.equal(deadline.source, 'okr');
    assertDiagnosticsInside(server.documents.get(planUri)!.document, published.diagnostics);
  });

  it('completes roster names, with their roles, in a Responsible cell', async () => {
    const position = positionOf(SEED_000, '| 1 ', 'CS leadership');
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position })) as CompletionItem[];
    assert.deepEqual(labels(items).slice(0, 5).sort(), ['Brielle', 'Nonso', 'Tamar', 'Virginia', 'Warren']);
    assert.ok(labels(items).includes('CS leadership'), 'configured groups are offered too');
    const nonso = items.find((item) => item.label === 'Nonso')!;
    assert.equal(nonso.detail, 'Application Engineering Lead');
    assert.match(JSON.stringify(nonso.documentation), /Nonso Okafor/);
    assertCompletionsInside(server.documents.get(planUri)!.document, items);
  });

  it('completes statuses in a Status cell, the ones the plan uses first', async () => {
    const position = positionOf(SEED_000, '| 2 ', 'In-progress', 3);
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position })) as CompletionItem[];
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.equal(sorted[0].label, 'In-progress');
    assert.ok(labels(items).includes('Not started') && labels(items).includes('Done'));
    assert.ok(!labels(items).includes('âœ…'), 'mojibake statuses are recognised but not offered');
    const edit = sorted[0].textEdit as TextEdit;
    assert.equal(edit.range.start.character, position.character - 3, 'the completion replaces the whole status typed so far');
  });

  it('completes names after Workgroup: without repeating names already there', async () => {
    const lineText = '- Workgroup: Brielle, Nonso, Tamar';
    const line = SEED_000.split('\n').indexOf(lineText);
    const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position: { line, character: lineText.length } });
    assert.ok(labels(items).includes('Virginia'));
    assert.ok(labels(items).includes('Tamar'), 'the name being typed stays on offer');
    assert.ok(!labels(items).includes('Brielle') && !labels(items).includes('Nonso'));
  });

  it('completes right after an edit, in the text just typed', async () => {
    const document = server.documents.get(planUri)!.document;
    const cell = positionOf(document.getText(), '| 2 ', 'CS leadership', 'CS leadership'.length);
    await server.edit(planUri, document.offsetAt(cell), 0, ', No');
    const position = { line: cell.line, character: cell.character + 4 };
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position })) as CompletionItem[];
    const nonso = items.find((item) => item.label === 'Nonso');
    assert.deepEqual((nonso?.textEdit as TextEdit | undefined)?.range, { start: { line: cell.line, character: cell.character + 2 }, end: position });
    assert.ok(!labels(items).includes('CS leadership'), 'the name already in the cell is not offered again');
    const version = await server.edit(planUri, document.offsetAt(cell), 4, '');
    assert.equal(server.documents.get(planUri)!.document.getText(), SEED_000);
    await server.waitForDiagnostics(planUri, version);
  });

  it('offers nothing in unrelated text', async () => {
    const position = positionOf(SEED_000, 'We will track', 'track');
    const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position });
    assert.deepEqual(labels(items), []);
  });

  it('returns the objective hierarchy as document symbols', async () => {
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: planUri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((symbol) => symbol.name.slice(0, 16)), ['Make providing a', '1 Case reviews', '2 Healthy habits', '3 Enablement']);
    const [objective, firstTask] = symbols;
    assert.equal(objective.children?.length, 3, 'three key results');
    assert.equal(objective.detail, '3 key results');
    assert.equal(firstTask.detail, 'In-progress · CS leadership');
    assert.deepEqual(firstTask.children?.[0].children?.map((field) => `${field.name}: ${field.detail}`).slice(0, 2), ['Workgroup: Brielle, Nonso, Tamar, Virginia', 'Facilitator: Nonso']);
    assertSymbolsInside(server.documents.get(planUri)!.document, symbols);
  });

  it('nests department objectives under company objectives', async () => {
    const uri = fileUri(path.join(folder, 'okrs', 'FY21-Q2-OKR.md'));
    await server.open(uri, SEED_003);
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const company = symbols.filter((symbol) => symbol.name.startsWith('Scale up') || symbol.name.startsWith('Kick off') || symbol.name.startsWith('Build'));
    assert.ok(company.length >= 2, `company objectives: ${symbols.map((symbol) => symbol.name).join(' | ')}`);
    const first = symbols[0];
    assert.equal(first.detail?.split(' · ')[0], 'CEO');
    const nested = first.children!.filter((child) => child.kind === first.kind);
    assert.ok(nested.length >= 4, 'department objectives are children of the company objective');
    assert.ok(nested.some((child) => child.children?.some((grandchild) => grandchild.kind === first.kind)), 'and nest further');
    assertSymbolsInside(server.documents.get(uri)!.document, symbols);
    await server.close(uri);
  });

  it('goes from a task row to its details section, and from a name to the roster', async () => {
    const row = positionOf(SEED_000, '| 2 ', 'Healthy');
    const [details] = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: planUri }, position: row })) as Location[];
    assert.equal(details.range.start.line, positionOf(SEED_000, '### 2 Healthy', 'Healthy').line);
    const name = positionOf(SEED_000, '- Facilitator: Nonso', 'Nonso', 1);
    const [entry] = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: planUri }, position: name })) as Location[];
    assert.equal(entry.uri, fileUri(path.join(folder, 'data', 'team.yml')));
    assert.equal(readFileSync(path.join(folder, 'data', 'team.yml'), 'utf8').split('\n')[entry.range.start.line], 'nonso_okafor:');
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: planUri }, position: name });
    assert.match(JSON.stringify(hover?.contents), /Nonso Okafor.*Application Engineering Lead/);
  });

  it('indexes the workspace in the background for symbols, references and summaries', async () => {
    await server.waitFor((notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete, 20_000, 'the workspace index');
    const onDisk = fileUri(path.join(folder, 'okrs', 'FY22Q3-OKR.md'));
    const symbols = await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'healthy habits' });
    const uris = new Set((symbols ?? []).map((symbol) => ('location' in symbol ? symbol.location.uri : '')));
    assert.ok(uris.has(onDisk) && uris.has(planUri), `symbols from ${[...uris].join(', ')}`);
    const name = positionOf(SEED_000, '- Facilitator: Nonso', 'Nonso');
    const references = (await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: planUri }, position: name, context: { includeDeclaration: false } })) as Location[];
    assert.ok(references.some((reference) => reference.uri === onDisk), 'names in plans that are not open count');
    assert.equal(references.filter((reference) => reference.uri === planUri).length, 3, 'both Workgroups and the Facilitator');
    const summaries = await server.connection.sendRequest(PlanSummariesRequest.type);
    assert.deepEqual(summaries.map((summary) => path.basename(summary.uri)).sort(), ['FY22Q3-OKR.md', 'FY22Q4-OKR.md']);
    const open = summaries.find((summary) => summary.uri === planUri)!;
    assert.deepEqual([open.objectives, open.keyResults, open.tasks, open.tasksByStatus['in-progress'], open.open], [1, 3, 3, 3, true]);
    const plan = await server.connection.sendRequest(PlanRequest.type, { uri: onDisk });
    assert.equal(plan?.version, null);
    assert.ok((plan?.plan.tasks.length ?? 0) > 0);
  });

  it('updates diagnostics after an incremental change', async () => {
    const deadline = positionOf(SEED_000, 'TO BE FILLED IN', 'TO BE FILLED IN BY 2021-10-29.');
    const document = server.documents.get(planUri)!.document;
    const start = document.offsetAt(deadline);
    const version = await server.edit(planUri, start, 'TO BE FILLED IN BY 2021-10-29.'.length, 'We will run three projects:');
    const published = await server.waitForDiagnostics(planUri, version);
    assert.equal(published.version, version);
    assert.ok(!codes(published).includes('placeholder-deadline'), `codes: ${codes(published)}`);
    const row = server.documents.get(planUri)!.document.offsetAt(positionOf(server.documents.get(planUri)!.document.getText(), '| 3 ', 'Application engineers'));
    const next = await server.edit(planUri, row, 'Application engineers'.length, 'Zed');
    const withUnknown = await server.waitForDiagnostics(planUri, next);
    assert.ok(codes(withUnknown).includes('unknown-teammate'), `codes: ${codes(withUnknown)}`);
  });

  it('checks open plans again when the roster changes', async () => {
    const before = server.notifications.length;
    appendFileSync(path.join(folder, 'data', 'team.yml'), 'zed_quinn:\n  name: Zed Quinn\n  role: Designer\n');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(path.join(folder, 'data', 'team.yml')), type: FileChangeType.Changed }] });
    const published = await nextDiagnostics(server, planUri, before);
    assert.ok(!codes(published).includes('unknown-teammate'), `codes: ${codes(published)}`);
    const position = positionOf(server.documents.get(planUri)!.document.getText(), '| 3 ', 'Zed');
    const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri }, position });
    assert.ok(labels(items).includes('Zed'));
  });

  it('offers quick fixes and a fix-all that change only their own text', async () => {
    const uri = fileUri(path.join(folder, 'okrs', 'mojibake-OKR.md'));
    const text = '# FY23Q1 OKR Plan\n\n| # | Status | Responsible | Project |\n| - | ------ | ----------- | ------- |\n| 1 | âœ… | Nonso | Case reviews |\n';
    await server.open(uri, text);
    const published = await server.waitForDiagnostics(uri, 1);
    const mojibake = published.diagnostics.find((diagnostic) => diagnostic.code === 'mojibake');
    assert.ok(mojibake, `codes: ${codes(published)}`);
    const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: mojibake.range, context: { diagnostics: [mojibake] } });
    const fix = actions?.find((action) => 'kind' in action && action.kind === 'quickfix');
    assert.ok(fix && 'edit' in fix && fix.edit?.changes, 'a quick fix with plain edits');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), fix.edit!.changes![uri]);
    assert.equal(fixed, text.replace('âœ…', '✅'));
    const fixAll = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.deepEqual(fixAll?.map((action) => ('kind' in action ? action.kind : '')), ['source.fixAll.okr']);
    await server.close(uri);
  });

  it('leaves Markdown that is not a plan alone, and clears a page that stops being one', async () => {
    const uri = fileUri(path.join(folder, 'okrs', 'notes.md'));
    const prose = '# Meeting notes\n\nWe talked about the roadmap. Details are TBD.\n';
    await server.open(uri, prose);
    assert.deepEqual(await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
    assert.deepEqual(labels(await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 3 } })), []);
    const table = '\n## FY22Q3 OKRs\n\n| # | Status | Responsible | Project |\n| - | ------ | ----------- | ------- |\n| 1 | TBD | Nonso | Roadmap |\n';
    const asPlan = await server.edit(uri, prose.length, 0, table);
    const published = await server.waitForDiagnostics(uri, asPlan);
    assert.ok(published.diagnostics.length > 0, 'a page that becomes a plan is checked');
    const asProse = await server.edit(uri, prose.length, table.length, '');
    const cleared = await nextDiagnostics(server, uri, server.notifications.length);
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(server.documents.get(uri)!.version, asProse);
    const publishedForUri = server.notifications.filter((notification) => notification.method === PublishDiagnosticsNotification.method && (notification.params as PublishDiagnosticsParams).uri === uri);
    assert.equal(publishedForUri.length, 2, 'nothing was published while it was prose');
    await server.close(uri);
  });

  it('keeps an open plan in the workspace when its file is deleted', async () => {
    const file = path.join(folder, 'okrs', 'FY22Q3-OKR.md');
    const uri = fileUri(file);
    await server.open(uri, readFileSync(file, 'utf8'));
    await server.waitForDiagnostics(uri, 1);
    rmSync(file);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    const summaries = await server.connection.sendRequest(PlanSummariesRequest.type);
    assert.ok(summaries.some((summary) => summary.uri === uri && summary.open), 'its unsaved text still counts');
    await server.close(uri);
  });

  it('withdraws diagnostics when a plan closes', async () => {
    const before = server.notifications.length;
    await server.close(planUri);
    const cleared = await nextDiagnostics(server, planUri, before);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('language server limits and rosters', () => {
  it('reads only the first lines of a plan that is too large, and says so once', async () => {
    const folder = copyHandbook();
    const server = await startServer({ workspaceFolders: [folder], settings: { okr: { maxLines: 12 } } });
    try {
      const uri = fileUri(path.join(folder, 'big-OKR.md'));
      await server.open(uri, SEED_000);
      const published = await server.waitForDiagnostics(uri, 1);
      const tooLarge = published.diagnostics.filter((diagnostic) => diagnostic.code === 'plan-too-large');
      assert.equal(tooLarge.length, 1);
      assert.match(JSON.stringify(tooLarge[0].message), /diagnostics limited to the first 12 lines/);
      assert.ok(published.diagnostics.every((diagnostic) => diagnostic.range.end.line < 12), 'nothing past the limit is checked');
      const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      assert.equal(symbols.length, 1, 'the objective within the limit is still outlined');
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('checks the top of a long plan for line-local problems at once, then the whole plan', async () => {
    const folder = copyHandbook();
    const server = await startServer({ workspaceFolders: [folder] });
    try {
      const uri = fileUri(path.join(folder, 'long-OKR.md'));
      const filler = Array.from({ length: 1500 }, (_, index) => `Note ${index}: context for the team.\n`).join('\n');
      const text = [
        '# FY23Q1 OKR Plan\n\n**Grow the customer base.**\n\n- KR: Survey TBD customers\n- KR: Grow revenue by 5%\n',
        '## Status\n\n| # | Status | Responsible | Project |\n|---|---|---|---|\n| 1 | Done | Warren | Ship the survey |\n| 2 | Done | Warren | Ship the docs |\n',
        filler,
        '## Details\n\n### 1 Ship the survey\n\n- Owner: Warren\n\n### 2 Write poems\n\n- Owner: Warren\n',
      ].join('\n');
      await server.open(uri, text);
      const first = await server.waitForDiagnostics(uri, 1);
      assert.deepEqual(codes(first), ['placeholder-tbd'], 'the top is checked before the table and its sections at the end are read');
      const whole = await server.waitFor(
        (notification) => notification.method === PublishDiagnosticsNotification.method && codes(notification.params as PublishDiagnosticsParams).includes('task-title-mismatch'),
        60_000,
        'the whole plan checked',
      );
      assert.deepEqual(codes(whole.params as PublishDiagnosticsParams).sort(), ['placeholder-tbd', 'task-title-mismatch']);
      assert.equal(server.latestDiagnostics(uri), whole.params, 'the whole check is the last word');
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports a malformed roster once and keeps serving', async () => {
    const folder = copyHandbook();
    writeFileSync(path.join(folder, 'data', 'team.yml'), 'nonso_okafor:\n  name: [Nonso\n  role: Lead\n');
    const server = await startServer({ workspaceFolders: [folder] });
    try {
      const uri = fileUri(path.join(folder, 'q4-OKR.md'));
      await server.open(uri, SEED_000);
      await server.waitForDiagnostics(uri, 1);
      const message = await server.waitFor((notification) => notification.method === ShowMessageNotification.method, 20_000, 'a roster message');
      assert.match((message.params as { message: string }).message, /team\.yml.*malformed/);
      const before = server.notifications.length;
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(path.join(folder, 'data', 'team.yml')), type: FileChangeType.Changed }] });
      await nextDiagnostics(server, uri, before);
      assert.equal(server.notifications.filter((notification) => notification.method === ShowMessageNotification.method).length, 1, 'the same problem is not shown again');
      const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(SEED_000, '| 1 ', 'CS') });
      assert.ok(Array.isArray(items), 'completion still answers');
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports a project file that names no rule once, with the closest rule, and applies the rest', async () => {
    const folder = copyHandbook();
    writeFileSync(path.join(folder, '.okr.json'), JSON.stringify({ rules: { 'placeholder-tdb': 'off', 'placeholder-tbd': 'error' } }));
    const server = await startServer({ workspaceFolders: [folder] });
    try {
      const uri = fileUri(path.join(folder, 'q4-OKR.md'));
      await server.open(uri, `${SEED_000}\nNext steps: TBD.\n`);
      const published = await server.waitForDiagnostics(uri, 1);
      const message = await server.waitFor((notification) => notification.method === ShowMessageNotification.method, 20_000, 'a project file message');
      assert.match((message.params as { message: string }).message, /\.okr\.json: Rule "placeholder-tdb" does not exist; did you mean "placeholder-tbd"\?/);
      const tbd = published.diagnostics.find((diagnostic) => diagnostic.code === 'placeholder-tbd');
      assert.equal(tbd?.severity, DiagnosticSeverity.Error, 'the valid setting applies');
      const before = server.notifications.length;
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(path.join(folder, '.okr.json')), type: FileChangeType.Changed }] });
      await nextDiagnostics(server, uri, before);
      assert.equal(server.notifications.filter((notification) => notification.method === ShowMessageNotification.method).length, 1, 'the same problem is not shown again');
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives each folder of a multi-root workspace its own roster, and re-checks on a settings change', async () => {
    const support = copyHandbook();
    const design = mkdtempSync(path.join(tmpdir(), 'okr-lsp-design-'));
    mkdirSync(path.join(design, 'data'));
    writeFileSync(path.join(design, 'data', 'team.yml'), 'ada_byron:\n  name: Ada Byron\n  role: Designer\n');
    const server = await startServer({ workspaceFolders: [support, design] });
    try {
      const supportPlan = fileUri(path.join(support, 'q4-OKR.md'));
      const designPlan = fileUri(path.join(design, 'q4-OKR.md'));
      await server.open(supportPlan, SEED_000);
      await server.open(designPlan, SEED_000);
      const position = positionOf(SEED_000, '| 1 ', 'CS');
      const supportNames = labels(await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: supportPlan }, position }));
      const designNames = labels(await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: designPlan }, position }));
      assert.ok(supportNames.includes('Nonso') && !supportNames.includes('Ada'));
      assert.deepEqual(designNames, ['Ada']);
      await server.waitForDiagnostics(supportPlan, 1);
      await server.waitForDiagnostics(designPlan, 1);
      const before = server.notifications.length;
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await nextDiagnostics(server, supportPlan, before);
      await nextDiagnostics(server, designPlan, before);
    } finally {
      await server.stop();
      rmSync(support, { recursive: true, force: true });
      rmSync(design, { recursive: true, force: true });
    }
  });

  it('counts a plan once however its URI escapes the file name', async () => {
    const folder = copyHandbook();
    mkdirSync(path.join(folder, 'okrs'));
    writeFileSync(path.join(folder, 'okrs', 'plan (1)-OKR.md'), SEED_000);
    const server = await startServer({ workspaceFolders: [folder] });
    try {
      await server.waitFor((notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete, 20_000, 'the workspace index');
      assert.equal((await server.connection.sendRequest(PlanSummariesRequest.type)).length, 1);
      // VS Code escapes parentheses in URIs; Node's file URLs do not.
      const uri = fileUri(path.join(folder, 'okrs', 'plan (1)-OKR.md')).replace('(', '%28').replace(')', '%29');
      await server.open(uri, SEED_000.replace('Case reviews', 'Case audits'));
      await server.waitForDiagnostics(uri, 1);
      const summaries = await server.connection.sendRequest(PlanSummariesRequest.type);
      assert.deepEqual(summaries.map((summary) => [summary.uri, summary.open]), [[uri, true]]);
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
