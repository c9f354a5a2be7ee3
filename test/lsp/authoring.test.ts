/**
 * What authors of plans use over JSON-RPC: renaming a teammate across plans
 * and the roster, aligning tables, completing details headings, KR
 * references and links to company objectives, going to what a reference or
 * an alignment link names, and the diagnostic on a link to an objective that
 * no longer exists (and none on a link that still leads somewhere).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionRequest, DefinitionRequest, HoverRequest, DocumentFormattingRequest, DocumentRangeFormattingRequest, PrepareRenameRequest, RenameRequest,
  type CompletionItem, type Location, type Position, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { fileUri, startServer, type LspServer } from '../support/lspServer';
import { PlansChangedNotification, type PlansChangedParams } from '../../server/src/protocol';

const ROSTER = ['nonso_obi:', '  name: Nonso Obi', '  github: nonso', 'warren_diaz:', '  name: Warren Diaz', '  github: wdiaz', ''].join('\n');

const COMPANY = `# FY26-Q1 OKRs

### 1. CEO: Grow ARR

1. CEO KR: Reach $12M ARR.

### 2. CEO: Great team

1. CEO KR: Hire 25 engineers.
`;

const PLAN_A = `# FY26Q1 OKR Plan

Our objective this quarter is to:

**Make every support case a reason to renew, for [Grow ARR](../company/okrs.md#1-ceo-grow-arr).**

We will measure this via the following key results:

- Renewals of accounts that opened a case reach 95%.
- First replies within 4 hours for 90% of cases.

An old link to [churn](../company/okrs.md#3-ceo-lower-churn) leads nowhere.

| # | Status | Responsible | Project |
|---|---|---|---|
| 1 | In-progress | Nonso | Nonsolution review with Nonso Obi's notes |
| 2 | Not started | Warren, Nonso Obi | Case 山田 reviews |

## Task details

### 1 Nonsolution review

- Workgroup: Nonso, Warren
- Details: Nonso leads this in order to impact KR2.
`;

const PLAN_B = `# FY26Q1 OKR Plan

Our objective this quarter is to:

**Ship the docs.**

We will measure this via the following key results:

- KR: 40 docs updated.

| # | Status | Responsible | Project |
| --- | --- | --- | --- |
| 1 | Done | @nonso | Docs for Nonso |

## Task details

### 1 Docs for Nonso

- Workgroup: Nonso Obi
`;

let folder: string;
let server: LspServer;
const file = (name: string): string => path.join(folder, name);
const uri = (name: string): string => fileUri(file(name));

/** The position of the `occurrence`-th `needle` on the first line that contains `lineText`. */
function at(text: string, lineText: string, needle: string, occurrence = 0): Position {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(lineText));
  assert.ok(line >= 0, `no line with ${lineText}`);
  let character = -1;
  for (let index = 0; index <= occurrence; index++) character = lines[line].indexOf(needle, character + 1);
  assert.ok(character >= 0, `no ${needle} on ${lines[line]}`);
  return { line, character };
}

function applied(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), [...edits]);
}

before(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'okr-authoring-'));
  mkdirSync(path.join(folder, '.git'));
  for (const dir of ['data', 'company', 'team-a', 'team-b']) mkdirSync(file(dir));
  writeFileSync(file('data/team.yml'), ROSTER);
  writeFileSync(file('company/okrs.md'), COMPANY);
  writeFileSync(file('team-a/plan.md'), PLAN_A);
  writeFileSync(file('team-b/plan.md'), PLAN_B);
  writeFileSync(file('notes.md'), '# Notes\n\n| a | b |\n|-|-|\n| 1 | 22 |\n');
  server = await startServer({ workspaceFolders: [folder] });
  await server.waitFor((notification) => notification.method === PlansChangedNotification.method && (notification.params as PlansChangedParams).indexComplete, 60_000, 'the workspace index');
  await server.open(uri('team-a/plan.md'), PLAN_A);
});

after(() => server.stop());

describe('renaming a teammate', () => {
  it('renames a first name in every plan, in its own form, and in the roster, never inside other words', async () => {
    const position = at(PLAN_A, '| 1 | In-progress', 'Nonso', 0);
    const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position });
    assert.deepEqual(prepared, { range: { start: position, end: { line: position.line, character: position.character + 5 } }, placeholder: 'Nonso' });
    const edit = (await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position, newName: 'Nnamdi' })) as WorkspaceEdit;
    const changes = edit.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [uri('data/team.yml'), uri('team-a/plan.md'), uri('team-b/plan.md')].sort());
    const a = applied(PLAN_A, changes[uri('team-a/plan.md')]);
    assert.ok(a.includes('| 1 | In-progress | Nnamdi | Nonsolution review with Nonso Obi\'s notes |'), 'the Responsible cell, not the project text');
    assert.ok(a.includes('| 2 | Not started | Warren, Nnamdi Obi |'), 'full names keep their form');
    assert.ok(a.includes('- Workgroup: Nnamdi, Warren'));
    assert.ok(a.includes('- Details: Nonso leads this'), 'prose is no place the model reads people');
    assert.ok(a.includes('### 1 Nonsolution review'));
    const b = applied(PLAN_B, changes[uri('team-b/plan.md')]);
    assert.ok(b.includes('| 1 | Done | @nonso | Docs for Nonso |'), 'a handle stays when the first name changes');
    assert.ok(b.includes('- Workgroup: Nnamdi Obi'));
    assert.equal(applied(ROSTER, changes[uri('data/team.yml')]), ROSTER.replace('name: Nonso Obi', 'name: Nnamdi Obi'));
  });

  it('renames a handle from the roster file, where the rename may start too, reading the roster from disk as the editor does not sync it', async () => {
    const position = at(ROSTER, 'github: nonso', 'nonso');
    const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri('data/team.yml') }, position });
    assert.equal(prepared && 'placeholder' in prepared ? prepared.placeholder : null, 'nonso');
    const edit = (await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri('data/team.yml') }, position, newName: 'nobi' })) as WorkspaceEdit;
    const changes = edit.changes ?? {};
    assert.equal(applied(ROSTER, changes[uri('data/team.yml')]), ROSTER.replace('github: nonso', 'github: nobi'));
    assert.ok(applied(PLAN_B, changes[uri('team-b/plan.md')]).includes('| 1 | Done | @nobi | Docs for Nonso |'));
    assert.equal(changes[uri('team-a/plan.md')], undefined, 'plan A writes no handle');
  });

  it('offers no rename where no teammate is named, and refuses a name that would split a cell', async () => {
    const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position: at(PLAN_A, '| 1 | In-progress', 'Nonsolution') });
    assert.equal(prepared, null);
    await assert.rejects(
      server.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position: at(PLAN_A, '| 1 | In-progress', 'Nonso'), newName: 'Ann, Bob' }),
      /separate names/,
    );
  });
});

describe('formatting', () => {
  it('aligns the plan\'s table, changing only whitespace and dashes, and a second run changes nothing', async () => {
    const edits = (await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, options: { tabSize: 2, insertSpaces: true } })) ?? [];
    const formatted = applied(PLAN_A, edits);
    assert.ok(formatted.includes(['| #   | Status      | Responsible       | Project                                   |', '| --- | ----------- | ----------------- | ----------------------------------------- |'].join('\n')), formatted);
    assert.ok(formatted.includes('| 2   | Not started | Warren, Nonso Obi | Case 山田 reviews                         |'), 'CJK takes two columns');
    assert.equal(formatted.replace(/[ -]/g, ''), PLAN_A.replace(/[ -]/g, ''));
    const version = await server.change(uri('team-a/plan.md'), [{ text: formatted }]);
    await server.waitForDiagnostics(uri('team-a/plan.md'), version);
    const again = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
    await server.change(uri('team-a/plan.md'), [{ text: PLAN_A }]);
  });

  it('range formatting touches only the tables in the range, and pages that are not plans are left alone', async () => {
    const row = at(PLAN_A, '| 2 | Not started', '|');
    const outside = (await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, options: { tabSize: 2, insertSpaces: true } })) ?? [];
    assert.deepEqual(outside, []);
    const inside = (await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, range: { start: row, end: row }, options: { tabSize: 2, insertSpaces: true } })) ?? [];
    assert.equal(inside.length, 4, 'the header, delimiter and both rows');
    const notes = readFileSync(file('notes.md'), 'utf8');
    await server.open(uri('notes.md'), notes);
    assert.deepEqual(await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri('notes.md') }, options: { tabSize: 2, insertSpaces: true } }), []);
    await server.close(uri('notes.md'));
  });
});

describe('completion and go-to', () => {
  const complete = async (text: string, position: Position): Promise<CompletionItem[]> => {
    const version = await server.change(uri('team-a/plan.md'), [{ text }]);
    await server.waitForDiagnostics(uri('team-a/plan.md'), version);
    return ((await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position })) ?? []) as CompletionItem[];
  };

  it('completes a details heading with the tasks that have none yet, with their titles', async () => {
    const text = `${PLAN_A}\n### \n`;
    const line = text.split('\n').length - 2;
    const items = await complete(text, { line, character: 4 });
    assert.deepEqual(items.map((item) => item.label), ['2 Case 山田 reviews']);
    assert.equal(items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.newText : null, '2 Case 山田 reviews');
  });

  it('completes KR references with the plan\'s key results', async () => {
    const text = PLAN_A.replace('in order to impact KR2.', 'in order to impact KR');
    const position = at(text, 'in order to impact KR', 'KR');
    const items = await complete(text, { line: position.line, character: position.character + 2 });
    assert.deepEqual(items.map((item) => [item.label, item.detail]), [['KR1', 'Renewals of accounts that opened a case reach 95%.'], ['KR2', 'First replies within 4 hours for 90% of cases.']]);
  });

  it('completes a link after ]( with the company plans\' objectives as relative paths with anchors', async () => {
    const text = PLAN_A.replace('leads nowhere.', 'leads nowhere, unlike [this](');
    const position = at(text, 'unlike [this](', '](');
    const items = await complete(text, { line: position.line, character: position.character + 2 });
    const targets = items.map((item) => [item.label, item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : null]);
    assert.deepEqual(targets, [['CEO: Grow ARR', '../company/okrs.md#1-ceo-grow-arr'], ['CEO: Great team', '../company/okrs.md#2-ceo-great-team']]);
  });

  it('goes from "impact KR2" to the key result, and from an alignment link to the company objective', async () => {
    await server.change(uri('team-a/plan.md'), [{ text: PLAN_A }]);
    const [keyResult] = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position: at(PLAN_A, 'impact KR2', 'KR2') })) as Location[];
    assert.equal(keyResult.range.start.line, at(PLAN_A, 'First replies', 'First').line);
    const [objective] = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('team-a/plan.md') }, position: at(PLAN_A, '[Grow ARR]', 'okrs.md') })) as Location[];
    assert.deepEqual([objective.uri, objective.range.start.line], [uri('company/okrs.md'), 2]);
  });
});

describe('alignment links', () => {
  it('rolls the team plans that link to a company objective into its score, shown in the objective\'s hover', async () => {
    const version = await server.change(uri('team-a/plan.md'), [{ text: PLAN_A.replace('| 1 | In-progress |', '| 1 | Done |') }]);
    await server.waitForDiagnostics(uri('team-a/plan.md'), version);
    await server.open(uri('company/okrs.md'), COMPANY);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('company/okrs.md') }, position: at(COMPANY, '### 1. CEO: Grow ARR', 'Grow') });
    const text = JSON.stringify(hover?.contents);
    assert.match(text, /Team plans that serve it\*\* \(1\)/);
    assert.match(text, /FY26Q1 OKR Plan \(.*plan.*\): 0\.5/, 'one of its two tasks is done');
    assert.match(text, /the objective scores \*\*0\.5\*\*/);
    const other = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('company/okrs.md') }, position: at(COMPANY, '### 2. CEO: Great team', 'Great') });
    assert.doesNotMatch(JSON.stringify(other?.contents), /Team plans/, 'no plan links to the other objective');
    await server.close(uri('company/okrs.md'));
  });

  it('flags the link to an objective that no longer exists, and not the one that still leads to its objective', async () => {
    const version = await server.change(uri('team-a/plan.md'), [{ text: PLAN_A }]);
    const published = await server.waitForDiagnostics(uri('team-a/plan.md'), version);
    const broken = published.diagnostics.filter((diagnostic) => diagnostic.code === 'objective-link-broken');
    const anchor = at(PLAN_A, '[churn]', '3-ceo-lower-churn');
    assert.deepEqual(broken.map((diagnostic) => diagnostic.range), [{ start: anchor, end: { line: anchor.line, character: anchor.character + '3-ceo-lower-churn'.length } }]);
    assert.match(String(broken[0].message), /renamed or removed/);
  });

  it('flags a working link once its objective is renamed in the company plan, and clears it when the anchor is back', async () => {
    const renamed = COMPANY.replace('CEO: Grow ARR', 'CEO: Grow revenue');
    await server.open(uri('company/okrs.md'), renamed);
    await server.waitForDiagnostics(uri('company/okrs.md'), 1);
    const line = at(PLAN_A, '[Grow ARR]', '1-ceo-grow-arr').line;
    const flagged = await server.waitFor(
      (notification) => notification.method === 'textDocument/publishDiagnostics' && (notification.params as { uri: string; diagnostics: Array<{ code: string; range: { start: Position } }> }).uri === uri('team-a/plan.md') && (notification.params as { diagnostics: Array<{ code: string; range: { start: Position } }> }).diagnostics.some((diagnostic) => diagnostic.code === 'objective-link-broken' && diagnostic.range.start.line === line),
      20_000,
      'the renamed objective',
    );
    assert.ok(flagged);
    const version = await server.change(uri('company/okrs.md'), [{ text: COMPANY }]);
    await server.waitForDiagnostics(uri('company/okrs.md'), version);
    await server.waitFor(
      (notification) => notification.method === 'textDocument/publishDiagnostics' && (notification.params as { uri: string }).uri === uri('team-a/plan.md') && !(notification.params as { diagnostics: Array<{ code: string; range: { start: Position } }> }).diagnostics.some((diagnostic) => diagnostic.code === 'objective-link-broken' && diagnostic.range.start.line === line),
      20_000,
      'the restored objective',
    );
    await server.close(uri('company/okrs.md'));
  });
});
