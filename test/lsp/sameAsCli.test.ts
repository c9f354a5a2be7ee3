/**
 * The editor and `okr check` find a plan's project the same way, so a
 * workspace gets the same diagnostics from both: the same rosters (a
 * nested team's and the root's), the same `.okr.json` rules and groups.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileUri, REPO_ROOT, startServer, type LspServer } from '../support/lspServer';
import { PlansChangedNotification, type PlansChangedParams } from '../../server/src/protocol';

let folder: string;
let server: LspServer;

before(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'okr-same-'));
  cpSync(path.join(REPO_ROOT, 'examples'), folder, { recursive: true });
  mkdirSync(path.join(folder, '.git'));
  // A team with its own roster, and a project file that changes a rule and adds a group.
  mkdirSync(path.join(folder, 'handbook', 'engineering', 'data'));
  writeFileSync(path.join(folder, 'handbook', 'engineering', 'data', 'team.yml'), 'priya:\n  name: Priya Shah\n');
  writeFileSync(path.join(folder, '.okr.json'), JSON.stringify({ rules: { 'kr-without-target': 'off', 'placeholder-tbd': 'error' }, groups: ['CS leadership'] }));
  // A company plan with objectives as headings, and a team plan that links to one that exists and one that no longer does.
  writeFileSync(path.join(folder, 'handbook', 'company', '2026-Q1-OKRs.md'), '# 2026-Q1 OKRs\n\n### 1. CEO: Grow ARR\n\n1. CEO KR: Reach $12M ARR.\n');
  mkdirSync(path.join(folder, 'handbook', 'sales'));
  writeFileSync(
    path.join(folder, 'handbook', 'sales', '2026-Q1-OKR-Plan.md'),
    '# 2026-Q1 OKR Plan\n\nOur objective this quarter is to:\n\n**Close bigger deals, for [Grow ARR](../company/2026-Q1-OKRs.md#1-ceo-grow-arr).**\n\nWe will measure this via the following key results:\n\n- KR: 12 deals above $100K.\n\nWe also served [Lower churn](../company/2026-Q1-OKRs.md#2-ceo-lower-churn).\n',
  );
  server = await startServer({ workspaceFolders: [folder] });
  // Links between plans are checked against the plans the index has read.
  await server.waitFor((notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete, 60_000, 'the workspace index');
});

after(() => server.stop());

it('publishes for every plan of a workspace exactly what okr check prints for it', async () => {
  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', '--jobs', '1', 'handbook'], { cwd: folder, encoding: 'utf8' });
  assert.equal(cli.stderr, '');
  const printed = JSON.parse(cli.stdout) as Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }>;
  const files = [...new Set(printed.map((diagnostic) => diagnostic.file))].sort();
  assert.ok(files.length >= 4, `plans with diagnostics: ${files.join(', ')}`);
  const severities = ['error', 'warning', 'information', 'hint'];
  for (const file of files) {
    const uri = fileUri(path.join(folder, file));
    await server.open(uri, readFileSync(path.join(folder, file), 'utf8'));
    const published = await server.waitForDiagnostics(uri, 1);
    const editor = published.diagnostics.map((diagnostic) => ({
      file,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      endLine: diagnostic.range.end.line + 1,
      endColumn: diagnostic.range.end.character + 1,
      severity: severities[(diagnostic.severity ?? 1) - 1],
      code: diagnostic.code,
      message: diagnostic.message,
    }));
    const key = (diagnostic: { line: number; column: number; code: unknown }): string => `${diagnostic.line}:${diagnostic.column}:${String(diagnostic.code)}`;
    assert.deepEqual(editor.sort((a, b) => key(a).localeCompare(key(b))), printed.filter((diagnostic) => diagnostic.file === file).sort((a, b) => key(a).localeCompare(key(b))), file);
    await server.close(uri);
  }
  assert.ok(printed.some((diagnostic) => diagnostic.code === 'placeholder-tbd' && diagnostic.severity === 'error'), 'the project file sets a severity');
  assert.ok(!printed.some((diagnostic) => diagnostic.code === 'kr-without-target'), 'and turns a rule off');
  assert.ok(!printed.some((diagnostic) => diagnostic.message.includes('Priya')), 'a team roster under the project root names its people');
  assert.deepEqual(
    printed.filter((diagnostic) => diagnostic.code === 'objective-link-broken').map((diagnostic) => [diagnostic.file, diagnostic.line]),
    [[path.join('handbook', 'sales', '2026-Q1-OKR-Plan.md'), 11]],
    'only the link to the objective that is gone',
  );
});
