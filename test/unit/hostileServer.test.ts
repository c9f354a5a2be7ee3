/**
 * The bundled language server survives hostile documents, files that vanish
 * while open, and hostile rosters: it keeps answering every request within a
 * bound, returns only ranges inside the document, never fails with an
 * internal error, and stays within a memory bound. The bounds guard against
 * hangs and blow-ups; speed is measured by `npm run bench`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  ErrorCodes,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  ResponseError,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { PlansChangedNotification, type PlansChangedParams } from '../../server/src/protocol';
import { generateRoster } from '../../bench/generatePlan';
import { ANSWER_WITHIN_MS, HOSTILE_PLANS, HOSTILE_ROSTERS, MEMORY_LIMIT_BYTES, SEED_PLAN } from '../support/hostileInputs';
import { fileUri, startServer, withTimeout, type LspServer } from '../support/lspServer';
import { assertCodeActionsInside, assertCompletionsInside, assertDiagnosticsInside, assertFoldingInside, assertHoverInside, assertSymbolsInside } from '../support/ranges';

/** A workspace folder with a roster (or the given files) and a server started on it. */
async function serverIn(files: Record<string, Buffer | string> = { 'data/team.yml': generateRoster() }): Promise<{ server: LspServer; folder: string }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'okr-hostile-server-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    writeFileSync(path.join(folder, relative), content);
  }
  // Hostile text shows little evidence of a plan: the settings declare the OKR files plans, so every one is checked.
  return { server: await startServer({ workspaceFolders: [folder], settings: { okr: { files: ['**/*OKR*.md'] } } }), folder };
}

/** The server is still running, caught no error of its own, and stayed within the memory bound. */
function assertHealthy(server: LspServer): void {
  assert.equal(server.exited, undefined, `the server exited:\n${server.stderr.slice(-3000)}`);
  assert.deepStrictEqual(server.internalErrors(), [], 'the server caught and logged errors of its own');
  const peak = server.peakMemoryBytes();
  if (peak !== undefined) assert.ok(peak <= MEMORY_LIMIT_BYTES, `server peak memory ${Math.round(peak / 1024 / 1024)} MB`);
}

async function finish(server: LspServer, folder: string): Promise<void> {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}

/** Sends a request within the hang guard; an internal error fails the test, a cancelled or stale request is a fair answer. */
async function ask<R>(server: LspServer, what: string, request: () => Promise<R>): Promise<R | null> {
  try {
    return await withTimeout(request(), ANSWER_WITHIN_MS, what);
  } catch (error) {
    if (error instanceof ResponseError) {
      assert.notEqual(error.code, ErrorCodes.InternalError, `${what} failed with an internal error: ${error.message}\n${server.stderr.slice(-3000)}`);
      assert.ok(error.code === -32800 || error.code === -32801, `${what} failed (${error.code}): ${error.message}`);
      return null;
    }
    throw error;
  }
}

/** Asks for symbols, folding, and hover, completion and quick fixes at the start, middle and end, checking every range. */
async function probeEverywhere(server: LspServer, uri: string, document: TextDocument): Promise<void> {
  const textDocument = { uri };
  assertSymbolsInside(document, await ask(server, 'documentSymbol', () => server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument })));
  assertFoldingInside(document, await ask(server, 'foldingRange', () => server.connection.sendRequest(FoldingRangeRequest.type, { textDocument })));
  const length = document.getText().length;
  for (const offset of [0, Math.floor(length / 2), length]) {
    const position = document.positionAt(offset);
    assertHoverInside(document, await ask(server, 'hover', () => server.connection.sendRequest(HoverRequest.type, { textDocument, position })));
    assertCompletionsInside(document, await ask(server, 'completion', () => server.connection.sendRequest(CompletionRequest.type, { textDocument, position })));
    const range = { start: { line: position.line, character: 0 }, end: position };
    assertCodeActionsInside(document, await ask(server, 'codeAction', () => server.connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } })));
  }
}

for (const input of HOSTILE_PLANS) {
  test(`the server survives ${input.name}`, async (t) => {
    const { server, folder } = await serverIn();
    try {
      // The editor decodes the file before it sends it, as VS Code does (invalid UTF-8 becomes U+FFFD).
      const text = input.bytes().toString('utf8');
      const uri = fileUri(path.join(folder, 'FY23Q1-OKR.md'));
      const opened = await server.open(uri, text);
      const first = await server.waitForDiagnostics(uri, 1, ANSWER_WITHIN_MS);
      const openMs = performance.now() - opened;
      const document = server.documents.get(uri)!.document;
      assertDiagnosticsInside(document, first.diagnostics);
      await probeEverywhere(server, uri, document);

      const edited = performance.now();
      const version = await server.edit(uri, Math.floor(text.length / 2), 0, 'x');
      const second = await server.waitForDiagnostics(uri, version, ANSWER_WITHIN_MS);
      const editMs = performance.now() - edited;
      assertDiagnosticsInside(server.documents.get(uri)!.document, second.diagnostics);
      await probeEverywhere(server, uri, server.documents.get(uri)!.document);
      t.diagnostic(
        `open → diagnostics ${Math.round(openMs)} ms (${first.diagnostics.length} diagnostics), edit → diagnostics ${Math.round(editMs)} ms, ` +
          `peak ${Math.round((server.peakMemoryBytes() ?? 0) / 1024 / 1024)} MB`,
      );
      assertHealthy(server);
    } finally {
      await finish(server, folder);
    }
  });
}

test('the server survives a plan deleted, then renamed, while it is open', async () => {
  const { server, folder } = await serverIn({ 'data/team.yml': generateRoster(), 'plans/FY23Q1-OKR.md': SEED_PLAN });
  try {
    const file = path.join(folder, 'plans/FY23Q1-OKR.md');
    const uri = fileUri(file);
    await server.open(uri, SEED_PLAN);
    await server.waitForDiagnostics(uri, 1, ANSWER_WITHIN_MS);

    unlinkSync(file);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    const version = await server.edit(uri, 0, 0, 'x');
    await server.waitForDiagnostics(uri, version, ANSWER_WITHIN_MS);
    await probeEverywhere(server, uri, server.documents.get(uri)!.document);

    // A rename in the editor: the file moves, the old document closes and the new one opens.
    writeFileSync(file, SEED_PLAN);
    const renamed = path.join(folder, 'plans/FY23Q2-OKR.md');
    renameSync(file, renamed);
    const renamedUri = fileUri(renamed);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri, type: FileChangeType.Deleted },
        { uri: renamedUri, type: FileChangeType.Created },
      ],
    });
    await server.close(uri);
    await server.open(renamedUri, SEED_PLAN);
    const diagnostics = await server.waitForDiagnostics(renamedUri, 1, ANSWER_WITHIN_MS);
    assert.ok(diagnostics.diagnostics.length > 0, 'the renamed plan is checked');
    await probeEverywhere(server, renamedUri, server.documents.get(renamedUri)!.document);
    // The closed, deleted document's diagnostics are withdrawn.
    const cleared = server.latestDiagnostics(uri);
    assert.deepStrictEqual(cleared?.diagnostics ?? [], [], 'the old document keeps stale diagnostics');
    assertHealthy(server);
  } finally {
    await finish(server, folder);
  }
});

for (const input of HOSTILE_ROSTERS) {
  test(`the server survives ${input.name}, at start and when it changes`, async () => {
    const { server, folder } = await serverIn({ 'data/team.yml': input.bytes() });
    try {
      const uri = fileUri(path.join(folder, 'FY23Q1-OKR.md'));
      await server.open(uri, SEED_PLAN);
      await server.waitForDiagnostics(uri, 1, ANSWER_WITHIN_MS);
      await probeEverywhere(server, uri, server.documents.get(uri)!.document);

      // The roster is replaced by a good one: the plan is checked again, and the server still answers.
      const seen = server.notifications.length;
      writeFileSync(path.join(folder, 'data/team.yml'), generateRoster());
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(path.join(folder, 'data/team.yml')), type: FileChangeType.Changed }] });
      await server.waitFor(
        (notification, index) => index >= seen && notification.method === PublishDiagnosticsNotification.method && (notification.params as PublishDiagnosticsParams).uri === uri,
        ANSWER_WITHIN_MS,
        'diagnostics after the roster changed',
      );
      await probeEverywhere(server, uri, server.documents.get(uri)!.document);
      assertHealthy(server);
    } finally {
      await finish(server, folder);
    }
  });
}

test('the server indexes a workspace full of hostile files and keeps answering meanwhile', async (t) => {
  const files: Record<string, Buffer | string> = { 'data/team.yml': generateRoster() };
  HOSTILE_PLANS.forEach((input, index) => {
    if (!input.alone) files[`plans/hostile-${index}-OKR.md`] = input.bytes();
  });
  const started = performance.now();
  const { server, folder } = await serverIn(files);
  try {
    const uri = fileUri(path.join(folder, 'open-OKR.md'));
    await server.open(uri, SEED_PLAN);
    await server.waitForDiagnostics(uri, 1, ANSWER_WITHIN_MS);
    await probeEverywhere(server, uri, server.documents.get(uri)!.document);
    await server.waitFor(
      (notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete,
      ANSWER_WITHIN_MS,
      'the workspace index to complete',
    );
    t.diagnostic(`indexed ${Object.keys(files).length - 1} hostile files in ${Math.round(performance.now() - started)} ms`);
    assertHealthy(server);
  } finally {
    await finish(server, folder);
  }
});
