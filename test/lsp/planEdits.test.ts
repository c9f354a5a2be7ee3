/**
 * The check-in and authoring requests over JSON-RPC, against the bundled
 * server: each answers with one versioned workspace edit that, applied as the
 * editor applies it, changes exactly what it says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { CheckInItemsRequest, CheckInRequest, PlanEditRequest, type PlanEditResult } from '../../server/src/protocol';
import { fileUri, REPO_ROOT, startServer, type LspServer } from '../support/lspServer';

const ENGINEERING = readFileSync(path.join(REPO_ROOT, 'examples/handbook/engineering/2026-Q1-OKR-Plan.md'), 'utf8');
const SEED_002 = readFileSync(path.join(REPO_ROOT, 'test/fixtures/seeds/002_31f0bcaf8382ca47.txt'), 'utf8');

/** Applies a result's edit to the text the server saw, checking it is tied to the document's version. */
function applied(server: LspServer, uri: string, result: PlanEditResult): string {
  const open = server.documents.get(uri)!;
  assert.ok(result.edit?.documentChanges, `an edit is returned: ${result.message}`);
  const [change] = result.edit.documentChanges as TextDocumentEdit[];
  assert.equal(change.textDocument.version, open.version, 'the edit names the version it was computed for');
  return TextDocument.applyEdits(open.document, change.edits as TextEdit[]);
}

function changed(before: string, after: string): string[] {
  const a = before.split('\n');
  return after.split('\n').filter((line, index) => line !== a[index]);
}

describe('plan edits over LSP', () => {
  let server: LspServer;
  const folder = mkdtempSync(path.join(tmpdir(), 'okr-edits-'));
  const engineering = fileUri(path.join(folder, '2026-Q1-OKR-Plan.md'));
  const support = fileUri(path.join(folder, 'FY22Q3-OKR-Plan.md'));

  before(async () => {
    writeFileSync(path.join(folder, '2026-Q1-OKR-Plan.md'), ENGINEERING);
    writeFileSync(path.join(folder, 'FY22Q3-OKR-Plan.md'), SEED_002);
    server = await startServer({ workspaceFolders: [folder] });
    await server.open(engineering, ENGINEERING);
    await server.open(support, SEED_002);
  });
  after(() => server.stop());

  it('lists the check-in items, the plan\'s statuses and its progress section', async () => {
    const plan = await server.connection.sendRequest(CheckInItemsRequest.type, { uri: support });
    assert.ok(plan);
    assert.equal(plan.version, 1);
    assert.equal(plan.progressLog, 'Progress update');
    assert.equal(plan.items.filter((item) => item.kind === 'task').length, 11);
    assert.deepEqual(plan.statuses.slice(0, 2).map((status) => status.text), ['🚫', '✅']);
    assert.equal(await server.connection.sendRequest(CheckInItemsRequest.type, { uri: fileUri(path.join(folder, 'missing.md')) }), null);
  });

  it('checks in: a progress note, a status cell and a dated line, as one edit', async () => {
    const plan = (await server.connection.sendRequest(CheckInItemsRequest.type, { uri: support }))!;
    const task = plan.items.find((item) => item.key === 'task:1')!;
    const result = await server.connection.sendRequest(CheckInRequest.type, {
      uri: support, date: '2026-12-01', updates: [{ key: task.key, text: task.text, status: '✅' }],
    });
    assert.equal(result.summary, 'task 1 done');
    const after = applied(server, support, result);
    assert.deepEqual(changed(SEED_002, after).slice(0, 1), [SEED_002.split('\n')[task.line - 1].replace('| ðŸš«     |', '| ✅     |')]);
    assert.ok(after.includes('\n- 2026-12-01: task 1 (Add src debug command to src-cli) 🚫 → ✅.\n'));
    const unchanged = await server.connection.sendRequest(CheckInRequest.type, {
      uri: support, date: '2026-12-01', updates: [{ key: task.key, text: task.text, status: '🚫' }],
    });
    assert.equal(unchanged.edit, null, 'keeping a value writes nothing');
    const badDate = await server.connection.sendRequest(CheckInRequest.type, { uri: support, date: 'tomorrow', updates: [] });
    assert.equal(badDate.edit, null);
  });

  it('sets a task status from the sidebar', async () => {
    const result = await server.connection.sendRequest(PlanEditRequest.type, {
      uri: engineering, edit: { kind: 'setTaskStatus', taskId: '4', title: 'Remote build cache', status: 'In-progress' },
    });
    const after = applied(server, engineering, result);
    assert.deepEqual(changed(ENGINEERING, after), ['| 4   | In-progress | Warren, Priya   | Remote build cache         |']);
    assert.equal(result.line, ENGINEERING.split('\n').findIndex((line) => line.startsWith('| 4 ')));
  });

  it('adds a key result, an objective and a task', async () => {
    const keyResult = await server.connection.sendRequest(PlanEditRequest.type, {
      uri: engineering, edit: { kind: 'addKeyResult', objectiveLine: 9, objectiveTitle: 'Keep the build green.', text: 'Main is green 95% of the day.' },
    });
    const withKeyResult = applied(server, engineering, keyResult).split('\n');
    assert.equal(withKeyResult[keyResult.line!], '- KR: Main is green 95% of the day.');
    assert.equal(withKeyResult[keyResult.line! - 1], '- KR: TBD');

    const objective = await server.connection.sendRequest(PlanEditRequest.type, { uri: engineering, edit: { kind: 'addObjective', text: 'Make releases boring.' } });
    assert.equal(applied(server, engineering, objective).split('\n')[objective.line!], 'OBJECTIVE: Make releases boring.');

    const task = await server.connection.sendRequest(PlanEditRequest.type, {
      uri: engineering, edit: { kind: 'addTask', title: 'Release train', responsible: 'Gabe', status: 'Not started' },
    });
    const withTask = applied(server, engineering, task);
    assert.ok(withTask.includes('| 5   | Not started | Gabe            | Release train              |\n'));
    assert.ok(withTask.includes('### 5 Release train\n\n- Workgroup: Gabe\n- Channel:\n- Details:\n'));
  });

  it('says why when an edit cannot be made, and survives hostile requests', async () => {
    const gone = await server.connection.sendRequest(PlanEditRequest.type, {
      uri: engineering, edit: { kind: 'addKeyResult', objectiveLine: 2, objectiveTitle: 'No such objective', text: 'x' },
    });
    assert.equal(gone.edit, null);
    assert.match(gone.message, /no longer in the plan/);
    const hostile = await server.connection.sendRequest(PlanEditRequest.type, { uri: engineering, edit: null } as never);
    assert.equal(hostile.edit, null);
    const garbage = await server.connection.sendRequest(CheckInRequest.type, { uri: engineering, date: '2026-12-01', updates: [{ key: 'kr:x' } as never, null as never] });
    assert.equal(garbage.edit, null);
    assert.equal(server.exited, undefined);
  });
});
