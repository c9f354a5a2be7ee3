/**
 * The `okr` CLI survives hostile files: it never crashes with a stack trace,
 * never hangs, stays within a memory bound, prints valid JSON, and reports an
 * unreadable file in one line while it still checks the others. Time and
 * memory bounds are generous guards against hangs and blow-ups, not speed checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lspServer';
import { ANSWER_WITHIN_MS, HOSTILE_PLANS, HOSTILE_ROSTERS, MEMORY_LIMIT_BYTES, SEED_PLAN, mixLineEndings } from '../support/hostileInputs';
import { describeRun, runNode, type ProcessResult } from '../support/process';

const CLI = path.join(REPO_ROOT, 'dist/cli.js');
let scratch: string;

before(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'okr-hostile-cli-'));
});

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes a file into a fresh folder of its own and returns its path. */
function writeInFolder(name: string, bytes: Buffer | string, files: Record<string, Buffer | string> = {}): string {
  const folder = mkdtempSync(path.join(scratch, 'case-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    writeFileSync(path.join(folder, relative), content);
  }
  const file = path.join(folder, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function okr(args: readonly string[], cwd: string): Promise<ProcessResult> {
  return runNode([CLI, ...args], { cwd, timeoutMs: ANSWER_WITHIN_MS });
}

/** Survival: it ended by itself, without a crash, within the memory bound, with one of the documented exit codes. */
function assertSurvived(result: ProcessResult, what: string): void {
  assert.equal(result.timedOut, false, `${what}: no answer within ${ANSWER_WITHIN_MS} ms`);
  assert.equal(result.signal, null, `${what}: killed by ${result.signal}\n${result.stderr.slice(-2000)}`);
  assert.doesNotMatch(result.stderr, /^\s+at /m, `${what}: crashed with a stack trace\n${result.stderr.slice(-3000)}`);
  assert.ok([0, 1, 2].includes(result.code ?? -1), `${what}: exit code ${result.code}\n${result.stderr.slice(-2000)}`);
  if (result.peakRss !== undefined) assert.ok(result.peakRss <= MEMORY_LIMIT_BYTES, `${what}: peak memory ${result.peakRss} bytes`);
  if (result.code === 2) assert.equal(result.stderr.trim().split('\n').length, 1, `${what}: exit 2 must come with a one-line message:\n${result.stderr}`);
}

/** Diagnostics must point at lines that exist in the file. */
function assertDiagnosticsInFile(stdout: string, lineCount: number, what: string): void {
  const diagnostics = JSON.parse(stdout) as Array<{ line: number; endLine: number; column: number; endColumn: number }>;
  assert.ok(Array.isArray(diagnostics), `${what}: check --format json did not print an array`);
  for (const d of diagnostics) {
    assert.ok(d.line >= 1 && d.endLine >= d.line && d.endLine <= lineCount + 1 && d.column >= 1, `${what}: diagnostic outside the file: ${JSON.stringify(d)}`);
  }
}

for (const input of HOSTILE_PLANS) {
  test(`okr outline and okr check survive ${input.name}`, async (t) => {
    const bytes = input.bytes();
    const file = writeInFolder('FY23Q1-OKR.md', bytes);
    const lineCount = bytes.toString('utf8').split(/\r\n|\r|\n/).length;

    const outline = await okr(['outline', file, '--json'], path.dirname(file));
    t.diagnostic(`outline --json: ${describeRun(outline)}`);
    const check = await okr(['check', file, '--format', 'json'], path.dirname(file));
    t.diagnostic(`check --format json: ${describeRun(check)}`);
    assertSurvived(outline, 'outline');
    if (outline.code === 0) assert.ok(Array.isArray((JSON.parse(outline.stdout) as { objectives: unknown }).objectives), 'outline --json printed no plan');
    assertSurvived(check, 'check');
    if (check.code !== 2) assertDiagnosticsInFile(check.stdout, lineCount, 'check');
  });
}

for (const input of HOSTILE_ROSTERS) {
  test(`okr check survives ${input.name} next to the plan`, async (t) => {
    const file = writeInFolder('plans/FY23Q1-OKR.md', SEED_PLAN, { 'data/team.yml': input.bytes() });
    const check = await okr(['check', file, '--format', 'json'], path.dirname(file));
    t.diagnostic(`check --format json: ${describeRun(check)}`);
    assertSurvived(check, 'check');
    if (check.code !== 2) assertDiagnosticsInFile(check.stdout, SEED_PLAN.split('\n').length, 'check');
  });
}

/** The outline and the diagnostics of a text must not depend on its line endings or a byte order mark. */
const SAME_PLAN_VARIANTS: ReadonlyArray<[string, (text: string) => string]> = [
  ['CRLF line endings', (text) => text.replace(/\n/g, '\r\n')],
  ['mixed line endings', mixLineEndings],
  ['a byte order mark', (text) => `\ufeff${text}`],
];

for (const [name, variant] of SAME_PLAN_VARIANTS) {
  test(`a plan with ${name} has the same outline and diagnostics as with LF`, async () => {
    const plain = writeInFolder('FY23Q1-OKR.md', SEED_PLAN);
    const varied = writeInFolder('FY23Q1-OKR.md', variant(SEED_PLAN));
    const [plainOutline, variedOutline] = await Promise.all([okr(['outline', plain, '--json'], scratch), okr(['outline', varied, '--json'], scratch)]);
    assert.equal(variedOutline.code, 0, variedOutline.stderr);
    assert.deepStrictEqual(JSON.parse(variedOutline.stdout), JSON.parse(plainOutline.stdout));
    const [plainCheck, variedCheck] = await Promise.all([okr(['check', plain, '--format', 'json'], scratch), okr(['check', varied, '--format', 'json'], scratch)]);
    const withoutFile = (stdout: string): unknown => (JSON.parse(stdout) as Array<Record<string, unknown>>).map(({ file: _file, ...rest }) => rest);
    assert.deepStrictEqual(withoutFile(variedCheck.stdout), withoutFile(plainCheck.stdout));
  });
}

test('okr check reports a missing file and a binary file in one line each, exits 2, and still checks the others', async () => {
  const good = writeInFolder('FY23Q1-OKR.md', SEED_PLAN);
  const binary = writeInFolder('binary-OKR.md', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 73 + 11) % 256)));
  const missing = path.join(scratch, 'deleted-OKR.md');
  const result = await okr(['check', missing, binary, good, '--format', 'json'], scratch);
  assert.equal(result.timedOut, false);
  assert.doesNotMatch(result.stderr, /^\s+at /m, `crashed with a stack trace\n${result.stderr}`);
  assert.equal(result.code, 2);
  const messages = result.stderr.trim().split('\n');
  assert.equal(messages.length, 2, `one line per unreadable file:\n${result.stderr}`);
  assert.ok(messages.some((line) => line.includes('deleted-OKR.md')) && messages.some((line) => line.includes('binary-OKR.md')), result.stderr);
  const diagnostics = JSON.parse(result.stdout) as Array<{ file: string }>;
  assert.ok(diagnostics.some((d) => d.file.endsWith('FY23Q1-OKR.md')), 'the readable plan was not checked');
});
