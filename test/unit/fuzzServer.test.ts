/**
 * Throws random edits at the bundled language server over JSON-RPC: typing,
 * deletions, pastes of real plan fragments and arbitrary code units. After
 * every edit the server must still answer symbols, hover, completion, folding
 * and code actions; nothing it returns may point outside the document; no
 * request may fail with an internal error; and the diagnostics it publishes
 * for the last version are those `okr check` finds in the same text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  FoldingRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generateRoster } from '../../bench/generatePlan';
import { main as okr } from '../../server/src/cli';
import { toLspDiagnostic } from '../../server/src/lsp/session/checkScheduler';
import { splitLines } from '../../server/src/okr/parse/markdown';
import { fuzzAssertAsync, resolveEdit, seedDocument, textEdit } from '../support/edits';
import { fileUri, startServer, withTimeout, type LspServer } from '../support/lspServer';
import {
  assertCodeActionsInside,
  assertCompletionsInside,
  assertDiagnosticsInside,
  assertFoldingInside,
  assertHoverInside,
  assertSymbolsInside,
} from '../support/ranges';

/** A hang guard, not a speed check: any answer within this time counts. */
const ANSWER_WITHIN_MS = 20_000;

let server: LspServer;
let folder: string;
/** Where `okr check` reads each last version, beside the same roster as the workspace's. */
let checkFolder: string;
let caseNumber = 0;
/** How many answers carried symbols or diagnostics: the edits must reach real plans, not only blank pages. */
const answered = { symbols: 0, diagnostics: 0, compared: 0 };

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'okr-fuzz-'));
  mkdirSync(path.join(folder, 'data'));
  writeFileSync(path.join(folder, 'data/team.yml'), generateRoster());
  checkFolder = mkdtempSync(path.join(os.tmpdir(), 'okr-fuzz-check-'));
  mkdirSync(path.join(checkFolder, 'data'));
  writeFileSync(path.join(checkFolder, 'data/team.yml'), generateRoster());
  // Random edits can take away a plan's evidence: the project file declares the OKR files plans, for the editor and okr check alike.
  for (const project of [folder, checkFolder]) writeFileSync(path.join(project, '.okr.json'), JSON.stringify({ files: ['**/*OKR*.md'] }));
  server = await startServer({ workspaceFolders: [folder] });
});

after(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
  rmSync(checkFolder, { recursive: true, force: true });
});

/**
 * What `okr check` finds in a text, as the server would publish it; null
 * for a text that a file cannot hold as it is (NUL or lone surrogates), which
 * the command refuses or reads differently.
 */
async function checkedByCli(text: string): Promise<Diagnostic[] | null> {
  if (text.includes('\0') || Buffer.from(text, 'utf8').toString('utf8') !== text) return null;
  const file = path.join(checkFolder, 'plan-OKR.md');
  writeFileSync(file, text);
  let out = '';
  let err = '';
  const code = await okr(['check', '--format', 'json', '--jobs', '1', file], { out: (chunk) => (out += chunk), err: (chunk) => (err += chunk) });
  assert.ok(code === 0 || code === 1, `okr check failed (${code}): ${err}`);
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  return (JSON.parse(out) as Parameters<typeof toLspDiagnostic>[0][]).map((diagnostic) => toLspDiagnostic(diagnostic, lines));
}

/** Sends a request and fails on an internal error; cancellation and content-modified are fair answers to a stale request. */
async function ask<R>(what: string, request: () => Promise<R>): Promise<R | null> {
  try {
    return await withTimeout(request(), ANSWER_WITHIN_MS, what);
  } catch (error) {
    if (error instanceof ResponseError && (error.code === LSPErrorCodes.RequestCancelled || error.code === LSPErrorCodes.ContentModified)) return null;
    if (error instanceof ResponseError) {
      assert.notEqual(error.code, ErrorCodes.InternalError, `${what} failed with an internal error: ${error.message}\n${server.stderr.slice(-3000)}`);
      assert.fail(`${what} failed (${error.code}): ${error.message}`);
    }
    throw error;
  }
}

/** Asks for everything a user's cursor can trigger at a place in the document, and checks every range returned. */
async function probe(uri: string, document: TextDocument, at: number): Promise<void> {
  const position = document.positionAt(Math.floor(at * (document.getText().length + 1)));
  const textDocument = { uri };
  const symbols = await ask('documentSymbol', () => server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }));
  assertSymbolsInside(document, symbols);
  if (symbols && symbols.length > 0) answered.symbols++;
  assertHoverInside(document, await ask('hover', () => server.connection.sendRequest(HoverRequest.type, { textDocument, position })));
  assertCompletionsInside(document, await ask('completion', () => server.connection.sendRequest(CompletionRequest.type, { textDocument, position })));
  assertFoldingInside(document, await ask('foldingRange', () => server.connection.sendRequest(FoldingRangeRequest.type, { textDocument })));
  const range = { start: { line: position.line, character: 0 }, end: position };
  // Quick fixes are asked for the diagnostics of this very version on the cursor's line, as VS Code does.
  const published = server.latestDiagnostics(uri);
  const current = published && (published.version === undefined || published.version === document.version);
  const diagnostics = current ? published.diagnostics.filter((d) => d.range.start.line <= position.line && d.range.end.line >= position.line) : [];
  assertCodeActionsInside(
    document,
    await ask('codeAction', () => server.connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics } })),
  );
}

test('the server answers, stays inside the document and publishes what okr check finds, through random edits', async () => {
  await fuzzAssertAsync(
    fc.asyncProperty(
      seedDocument,
      fc.array(fc.record({ edit: textEdit, probeAt: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000) }), { minLength: 1, maxLength: 8 }),
      async (initial, steps) => {
        const uri = fileUri(path.join(folder, `plan-${++caseNumber}-OKR.md`));
        const versions = new Map<number, TextDocument>();
        await server.open(uri, initial);
        try {
          versions.set(1, server.documents.get(uri)!.document);
          for (const { edit, probeAt } of steps) {
            const current = server.documents.get(uri)!.document;
            const { offset, length, insert } = resolveEdit(current.getText(), edit);
            const version = await server.edit(uri, offset, length, insert);
            const document = server.documents.get(uri)!.document;
            versions.set(version, document);
            await probe(uri, document, probeAt);
            assert.deepStrictEqual(server.internalErrors(), [], 'the server caught and logged errors of its own');
          }
          const last = server.documents.get(uri)!;
          const published = await server.waitForDiagnostics(uri, last.version, ANSWER_WITHIN_MS);
          const publishedFor = published.version === undefined || published.version === null ? last.document : versions.get(published.version);
          assert.ok(publishedFor, `diagnostics published for unknown version ${published.version}`);
          assertDiagnosticsInside(publishedFor, published.diagnostics);
          if (published.diagnostics.length > 0) answered.diagnostics++;
          // The check the server kept up with the edits finds what a fresh check of the same text finds.
          const fresh = published.version === last.version ? await checkedByCli(last.document.getText()) : null;
          if (fresh) {
            assert.deepStrictEqual(published.diagnostics, fresh, 'the published diagnostics differ from those of okr check');
            answered.compared++;
          }
        } finally {
          await server.close(uri);
        }
      },
    ),
    25,
  );
  assert.equal(server.exited, undefined, `the server exited:\n${server.stderr}`);
  assert.ok(answered.symbols > 0 && answered.diagnostics > 0 && answered.compared > 0, `the edited documents never yielded symbols, diagnostics and a comparison: ${JSON.stringify(answered)}`);
});
