/**
 * The bundled server against what a user's workspace can throw at it: huge
 * plans, giant lines, deep nesting, control bytes, broken encodings, odd line
 * endings, huge tables, files deleted or renamed while open, and hostile
 * rosters. After each, the server still answers, inside the document.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type DocumentSymbol,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { fileUri, REPO_ROOT, startServer, type LspServer } from '../support/lspServer';
import {
  assertCodeActionsInside,
  assertCompletionsInside,
  assertDiagnosticsInside,
  assertFoldingInside,
  assertHoverInside,
  assertSymbolsInside,
} from '../support/ranges';

const SEED_000 = readFileSync(path.join(REPO_ROOT, 'test/fixtures/seeds/000_69fd8793c6f93951.txt'), 'utf8');
const TABLE_HEAD = '# FY23Q1 OKR Plan\n\n| # | Status | Responsible | Project |\n| - | ------ | ----------- | ------- |\n';

/** Plans no one would write by hand but anyone can open. */
const HOSTILE: Record<string, string> = {
  'a 5 MB plan': SEED_000.repeat(Math.ceil(5_000_000 / SEED_000.length)),
  'a single 1 MB line': `${TABLE_HEAD}| 1 | Done | Nonso | ${'x'.repeat(1_000_000)} |\n`,
  '10,000 nested list levels': `# OKR\n\n${'- '.repeat(10_000)}KR: deep\n`,
  '10,000 nested blockquotes': `# OKR\n\n${'>'.repeat(10_000)} KR: deep\n`,
  'NUL and control bytes': SEED_000.replace(/e/g, '\0\u0001\u001b\u007f'),
  'invalid UTF-8, decoded as an editor would': Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a]), Buffer.from(SEED_000)]).toString('utf8'),
  'CRLF line endings and a BOM': `\uFEFF${SEED_000.replace(/\n/g, '\r\n')}`,
  'mixed line endings': SEED_000.split('\n').map((line, index) => line + ['\r\n', '\r', '\n'][index % 3]).join(''),
  'a 10,000-row status table': TABLE_HEAD + Array.from({ length: 10_000 }, (_, index) => `| ${index + 1} | In-progress | Nonso | Task ${index + 1} |`).join('\n') + '\n',
};

/** Asks for everything an editor asks for and checks every range returned lies inside the document. */
async function exercise(server: LspServer, uri: string): Promise<void> {
  const { document } = server.documents.get(uri)!;
  const last = document.lineCount - 1;
  const positions = [
    { line: 0, character: 0 },
    { line: Math.min(4, last), character: 12 },
    { line: Math.floor(last / 2), character: 3 },
    { line: last, character: 0 },
  ];
  for (const position of positions) {
    const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    assertCompletionsInside(document, items as CompletionItem[]);
    assertHoverInside(document, await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  }
  assertSymbolsInside(document, (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[]);
  assertFoldingInside(document, await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }));
  const everything = { start: { line: 0, character: 0 }, end: { line: last, character: 0 } };
  assertCodeActionsInside(document, await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: everything, context: { diagnostics: [] } }));
}

describe('the server survives hostile plans', () => {
  let folder: string;
  let server: LspServer;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'okr-hostile-'));
    cpSync(path.join(REPO_ROOT, 'test/fixtures/handbook'), folder, { recursive: true });
    server = await startServer({ workspaceFolders: [folder] });
  });

  after(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`answers every request on ${name}`, async () => {
      const uri = fileUri(path.join(folder, `${name.replace(/\W+/g, '-')}-OKR.md`));
      await server.open(uri, text);
      const published = await server.waitForDiagnostics(uri, 1, 120_000);
      assertDiagnosticsInside(server.documents.get(uri)!.document, published.diagnostics);
      await exercise(server, uri);
      await server.close(uri);
      assert.equal(server.exited, undefined, server.stderr);
    });
  }

  it('limits a 5 MB plan with one clear message', async () => {
    const uri = fileUri(path.join(folder, 'limited-OKR.md'));
    await server.open(uri, HOSTILE['a 5 MB plan']);
    const published = await server.waitForDiagnostics(uri, 1, 120_000);
    const messages = published.diagnostics.filter((diagnostic) => diagnostic.code === 'plan-too-large');
    assert.equal(messages.length, 1);
    assert.match(JSON.stringify(messages[0].message), /Plan too large: diagnostics limited to the first \d+ lines/);
    await server.close(uri);
  });

  it('keeps serving a plan whose file is deleted, and follows a rename', async () => {
    const file = path.join(folder, 'moving-OKR.md');
    writeFileSync(file, SEED_000);
    const uri = fileUri(file);
    await server.open(uri, SEED_000);
    await server.waitForDiagnostics(uri, 1);
    unlinkSync(file);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    const symbols = await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'healthy habits' });
    assert.ok((symbols ?? []).some((symbol) => 'location' in symbol && symbol.location.uri === uri), 'the open plan stays in the workspace symbols');
    await exercise(server, uri);
    const renamed = fileUri(path.join(folder, 'moved-OKR.md'));
    const before = server.notifications.length;
    await server.close(uri);
    await server.open(renamed, SEED_000);
    await server.waitForDiagnostics(renamed, 1);
    const cleared = await server.waitFor(
      (notification, index) => index >= before && notification.method === PublishDiagnosticsNotification.method && (notification.params as PublishDiagnosticsParams).uri === uri,
      20_000,
      'the old name cleared',
    );
    assert.deepEqual((cleared.params as PublishDiagnosticsParams).diagnostics, []);
    await server.close(renamed);
  });
});

describe('the server survives hostile rosters', () => {
  /** Each roster, and whether it deserves a message (aliases that are never expanded name nobody, which is no error). */
  const rosters: Record<string, { text: string; reported: boolean }> = {
    'a "billion laughs" roster': { reported: false, text: ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, index) => {
      const name = String.fromCharCode(98 + index);
      const previous = String.fromCharCode(97 + index);
      return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
    })].join('\n') },
    'a 10 MB roster': { reported: true, text: `people:\n${'  - name: Someone Somebody\n    role: Engineer\n'.repeat(250_000)}` },
    'a malformed roster': { reported: true, text: 'nonso_okafor:\n  name: "Nonso\n  role: [Lead\n' },
  };

  for (const [name, roster] of Object.entries(rosters)) {
    it(`survives ${name}${roster.reported ? ', reported once' : ''}`, async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'okr-roster-'));
      cpSync(path.join(REPO_ROOT, 'test/fixtures/handbook'), folder, { recursive: true });
      writeFileSync(path.join(folder, 'data', 'team.yml'), roster.text);
      const server = await startServer({ workspaceFolders: [folder] });
      try {
        const uri = fileUri(path.join(folder, 'q4-OKR.md'));
        await server.open(uri, SEED_000);
        await server.waitForDiagnostics(uri, 1, 60_000);
        await exercise(server, uri);
        const messages = server.notifications.filter((notification) => notification.method === ShowMessageNotification.method);
        assert.equal(messages.length, roster.reported ? 1 : 0);
        if (roster.reported) assert.match((messages[0].params as { message: string }).message, /team\.yml/);
      } finally {
        await server.stop();
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
