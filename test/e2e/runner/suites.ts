/**
 * End-to-end suites that run inside VS Code's extension host, through the
 * `vscode` API, against the installed extension and a copy of examples/.
 * Each waits on events (diagnostics, process table), never on fixed sleeps.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { generatePlan } from '../../../bench/generatePlan';

const WAIT_MS = 45_000;

function workspaceFile(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

async function open(path: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(path));
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/**
 * Resolves with the first truthy result of `check`, re-evaluated whenever one
 * of `events` fires (and on a short tick for state no event announces).
 */
function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, events: vscode.Event<unknown>[] = []): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let settled = false;
    const finish = (error: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      clearInterval(tick);
      for (const subscription of subscriptions) subscription.dispose();
      if (error) reject(error); else resolve(value as T);
    };
    const evaluate = async () => {
      try {
        const value = await check();
        if (value) finish(undefined, value);
        else if (Date.now() > deadline) finish(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`));
      } catch (error) {
        finish(error as Error);
      }
    };
    const tick = setInterval(evaluate, 250);
    for (const event of events) subscriptions.push(event(evaluate));
    void evaluate();
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return code === undefined ? '' : typeof code === 'object' ? String(code.value) : String(code);
}

function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, [vscode.languages.onDidChangeDiagnostics]);
}

/** 0-based index of the first line containing `needle`. */
function lineOf(document: vscode.TextDocument, needle: string | RegExp): number {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (typeof needle === 'string' ? text.includes(needle) : needle.test(text)) return line;
  }
  throw new Error(`no line matches ${String(needle)}`);
}

const isPlaceholder = (diagnostic: vscode.Diagnostic) => codeOf(diagnostic).startsWith('placeholder');

/** Language-server processes this extension host started. */
function serverProcesses(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      return parent === process.pid && command.includes('server.js') ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Every symbol of an outline, parents before children. */
function flatten(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...flatten(symbol.children ?? [])]);
}

/**
 * Writes and opens a generated plan of 10,000 lines, waits until it is
 * checked as a whole, and finds a key result in its second half: one of the
 * company objective tree's, which end in a hard break as their siblings do.
 */
async function openGeneratedPlan(optedOut = false): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri; anchor: number; indent: string }> {
  const path = optedOut ? 'handbook/generated-10k-opted-out.md' : 'handbook/generated-10k-OKR-Plan.md';
  const uri = workspaceFile(path);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${optedOut ? '<!-- okr-disable-file -->\n' : ''}${generatePlan({ lines: 10_000 }, 7)}`));
  const editor = await open(path);
  const document = editor.document;
  const middle = Math.floor(document.lineCount / 2);
  if (!optedOut) await waitForDiagnostics(uri, 'diagnostics in the second half of the plan', (found) => found.some((d) => d.range.start.line > middle));
  let anchor = middle;
  while (anchor < document.lineCount && !/^\s*KR: .*\\$/.test(document.lineAt(anchor).text)) anchor++;
  assert.ok(anchor < document.lineCount, 'the second half of the plan has a key result to type after');
  return { editor, uri, anchor, indent: /^\s*/.exec(document.lineAt(anchor).text)![0] };
}

/** A suite; its arguments are the strings the driver's request carries. */
type Suite = (...args: string[]) => Promise<unknown>;

/** The suites, by the name the driver asks for. */
export const suites: Record<string, Suite> = {
  /** Opening a seed lists its placeholders as diagnostics. */
  async problems() {
    const editor = await open('handbook/support/FY22Q4-OKR-Plan.md');
    const document = editor.document;
    const expected = {
      deadline: lineOf(document, 'TO BE FILLED IN BY 2021-10-29'),
      tbdRow: lineOf(document, /^\| 3 +\| +\| TBD/),
      emptyWorkgroup: lineOf(document, /^- Workgroup:\s*$/),
      percent: lineOf(document, 'at least X% of the technical'),
    };
    const diagnostics = await waitForDiagnostics(document.uri, 'placeholder diagnostics on every expected line', (found) =>
      Object.values(expected).every((line) => found.some((d) => isPlaceholder(d) && d.range.start.line === line)));
    const placeholders = diagnostics.filter(isPlaceholder);
    return { placeholders: placeholders.length, codes: [...new Set(placeholders.map(codeOf))].sort() };
  },

  /** Completion in a Responsible cell offers the roster's names. */
  async completion() {
    const editor = await open('handbook/support/FY22Q4-OKR-Plan.md');
    const line = lineOf(editor.document, /^\| 3 +\| +\| TBD/);
    const text = editor.document.lineAt(line).text;
    const cell = text.indexOf('TBD');
    const position = new vscode.Position(line, cell);
    const labels = await waitFor('roster names among the completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      const names = (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return names.some((name) => name.includes('Warren')) ? names : undefined;
    });
    // Names that appear nowhere in this plan, so only the roster can offer them.
    for (const name of ['Warren', 'Giselle', 'Adeola']) {
      assert.ok(labels.some((label) => label.includes(name)), `completion offers ${name}: ${labels.join(', ')}`);
    }
    return { offered: labels.length, sample: labels.slice(0, 8) };
  },

  /** A teammate's hover names them from the roster; go-to goes from a name to the roster and from a task row to its details. */
  async hoverAndGoTo() {
    const editor = await open('handbook/support/FY22Q3-OKR-Plan.md');
    const document = editor.document;
    const row = lineOf(document, /^\| 1 +\|/);
    const name = new vscode.Position(row, document.lineAt(row).text.indexOf('Warren') + 2);
    const hoverText = await waitFor('a hover on Warren', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, name);
      const text = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
      return text.includes('Warren Hughes') ? text : undefined;
    });
    assert.match(hoverText, /Customer Support Engineer/, `the hover gives Warren's role: ${hoverText}`);
    const definitions = async (position: vscode.Position) =>
      (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position))
        .map((found) => ('targetUri' in found ? { uri: found.targetUri, line: found.targetRange.start.line } : { uri: found.uri, line: found.range.start.line }));
    const [roster] = await definitions(name);
    assert.ok(roster?.uri.path.endsWith('/data/team.yml'), `go-to on a name opens the roster: ${roster?.uri.toString()}`);
    const rosterText = new TextDecoder().decode(await vscode.workspace.fs.readFile(roster.uri)).split('\n');
    assert.equal(rosterText[roster.line], 'warren_hughes:');
    const project = new vscode.Position(row, document.lineAt(row).text.indexOf('Add ') + 1);
    const [details] = await definitions(project);
    assert.equal(details?.uri.toString(), document.uri.toString(), 'the task\'s details are in the same plan');
    assert.match(document.lineAt(details.line).text, /^### 1 /, `go-to on a task's project reaches its details: ${document.lineAt(details.line).text}`);
    return { hover: hoverText.split('\n')[0], roster: `team.yml:${roster.line + 1}`, details: details.line + 1 };
  },

  /** The Outline lists objectives, nested ones under their parents. */
  async outline() {
    const editor = await open('handbook/company/2020-Q2-OKRs.md');
    const symbols = await waitFor('document symbols', async () => {
      const result = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      return result && result.length > 0 ? result : undefined;
    });
    const all = flatten(symbols);
    const parent = all.find((symbol) => symbol.name.includes('Kick off long-term projects to massively grow awareness'));
    assert.ok(parent, `the outline names the company objective: ${all.map((s) => s.name).join(' | ')}`);
    const nested = flatten(parent.children ?? []);
    assert.ok(nested.some((symbol) => symbol.name.includes('Take big risks to massively increase awareness')),
      'the marketing objective is nested under the company objective');
    return { symbols: all.length, top: symbols.map((symbol) => symbol.name).slice(0, 5) };
  },

  /** A quick fix changes exactly the text it promises and nothing else. */
  async quickfix() {
    const editor = await open('handbook/support/FY22Q3-OKR-Plan.md');
    const document = editor.document;
    const row = lineOf(document, /^\| 1 +\| ðŸš«/);
    const diagnostics = await waitForDiagnostics(document.uri, 'a mojibake diagnostic on the first task row', (found) =>
      found.some((d) => d.range.start.line === row && codeOf(d).includes('mojibake')));
    const target = diagnostics.find((d) => d.range.start.line === row && codeOf(d).includes('mojibake'));
    assert.ok(target);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, target.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.edit && action.diagnostics?.some((d) => codeOf(d) === codeOf(target) && d.range.isEqual(target.range)))
      ?? actions.find((action) => action.edit);
    assert.ok(fix?.edit, `a quick fix is offered: ${actions.map((action) => action.title).join(' | ')}`);
    const before = document.getText();
    const edits = fix.edit.get(document.uri);
    assert.ok(edits.length > 0, 'the fix edits the plan');
    // What the fix promises: its own edits applied to the text, and nothing more.
    let expected = before;
    for (const edit of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
      expected = expected.slice(0, document.offsetAt(edit.range.start)) + edit.newText + expected.slice(document.offsetAt(edit.range.end));
    }
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    const after = document.getText();
    assert.equal(after, expected, 'the document changed exactly as the fix said');
    assert.ok(document.lineAt(row).text.startsWith('| 1   | 🚫'), `the row now reads 🚫: ${document.lineAt(row).text}`);
    assert.ok(fix.title.includes('🚫'), `the fix's title names the repair: ${fix.title}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { title: fix.title, edits: edits.length };
  },

  /** `okr.fixAll` repairs every mojibake in a plan and touches no line without a diagnostic. */
  async fixAll() {
    const editor = await open('handbook/support/FY22Q3-OKR-Plan.md');
    const document = editor.document;
    // Diagnostics of the text as it is now: the quick fix before reverted a repair, and until its check arrives the repaired row is unflagged.
    const garbled = document.getText().split('\n').flatMap((line, index) => (line.includes('ðŸ') ? [index] : []));
    assert.ok(garbled.length > 0, 'the plan holds garbled statuses');
    const before = await waitForDiagnostics(document.uri, 'a mojibake diagnostic on every garbled line', (found) =>
      garbled.every((line) => found.some((d) => codeOf(d) === 'mojibake' && d.range.start.line <= line && d.range.end.line >= line)));
    const flagged = new Set(before.flatMap((d) => Array.from({ length: d.range.end.line - d.range.start.line + 1 }, (_, i) => d.range.start.line + i)));
    const linesBefore = document.getText().split('\n');
    const count = await vscode.commands.executeCommand<number>('okr.fixAll');
    assert.ok(count > 0, 'the command made fixes');
    await waitForDiagnostics(document.uri, 'no mojibake left', (found) => !found.some((d) => codeOf(d) === 'mojibake'));
    const linesAfter = document.getText().split('\n');
    assert.equal(linesAfter.length, linesBefore.length, 'no line was added or removed');
    linesBefore.forEach((line, index) => {
      if (!flagged.has(index)) assert.equal(linesAfter[index], line, `line ${index + 1} had no diagnostic and must not change`);
    });
    assert.ok(!document.getText().includes('ðŸš«') && document.getText().includes('| 1   | 🚫'), 'the garbled statuses are repaired');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { fixes: count };
  },

  /** `okr.newPlan` creates a plan file from the snippet for the chosen period. */
  async newPlan() {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('okr.newPlan', { period: '2031-Q2', kind: 'team' });
    assert.ok(uri, 'the command returns the new file');
    const document = await waitFor('the new plan in the editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor.document.lineCount > 10
        ? vscode.window.activeTextEditor.document : undefined, [vscode.workspace.onDidChangeTextDocument]);
    assert.equal(document.lineAt(0).text, '# 2031-Q2 OKR Plan');
    assert.ok(document.getText().includes('| #   | Status'), 'the plan has a status table');
    assert.ok(document.getText().includes('## Task details'), 'the plan has task details');
    await document.save();
    return { file: vscode.workspace.asRelativePath(uri) };
  },

  /** Opens a plan and its progress page; the driver reads the page on screen. */
  async showProgress(path: string) {
    await open(path);
    await vscode.commands.executeCommand('okr.showProgress');
    return { path };
  },

  /** Marks the FY22Q3 plan's first task done without saving; the driver watches the page follow. */
  async finishFirstTask() {
    const editor = await open('handbook/support/FY22Q3-OKR-Plan.md');
    const row = lineOf(editor.document, /^\| 1 +\| /);
    const cell = editor.document.lineAt(row).text.match(/^(\| 1 +\| )(\S+)/);
    assert.ok(cell, 'the first task row has a status');
    const start = new vscode.Position(row, cell[1].length);
    await editor.edit((builder) => builder.replace(new vscode.Range(start, start.translate(0, cell[2].length)), 'Done'));
    return { row: row + 1 };
  },

  /** Runs a command of the extension, as a person would from the palette. */
  async command(id: string, ...args: string[]) {
    await vscode.commands.executeCommand(id, ...args);
    return { id };
  },

  /** Where the cursor is (nothing while the page has focus): the driver checks that a click on the page moved it. */
  async activeSelection() {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return { file: null, line: null };
    return { file: vscode.workspace.asRelativePath(editor.document.uri), line: editor.selection.active.line + 1 };
  },

  /** Switches the colour theme (or back to the default when given none). */
  async theme(name?: string) {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
    return { theme: name ?? 'default' };
  },

  /** Opens a plan in the editor. */
  async openPlan(path: string) {
    await open(path);
    return { path };
  },

  /** A plan's text as the editor holds it, and whether it has unsaved changes. */
  async planText(path: string) {
    const uri = workspaceFile(path);
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    const text = document ? document.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return { text, dirty: document?.isDirty ?? false };
  },

  /** Undoes the last edit of a plan, in its editor; returns its text. */
  async undoPlan(path: string) {
    const editor = await open(path);
    await vscode.commands.executeCommand('undo');
    return { text: editor.document.getText() };
  },

  /** Drops a plan's unsaved changes. */
  async revertPlan(path: string) {
    await open(path);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { path };
  },

  /** Drops unsaved changes in the active editor. */
  async revert() {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return {};
  },

  /**
   * Edits a generated plan of 10,000 lines in its middle, as typing does:
   * how long the editor takes to apply each edit, and how long until the
   * diagnostics show a placeholder the edit added. Medians of a few edits.
   */
  async editLatency() {
    const { editor, uri, anchor, indent } = await openGeneratedPlan();
    const document = editor.document;
    const editMs: number[] = [];
    const diagnosticsMs: number[] = [];
    for (let sample = 0; sample < 5; sample++) {
      const line = anchor + 1;
      const started = performance.now();
      await editor.edit((builder) => builder.insert(new vscode.Position(line, 0), `${indent}KR: Cut review time to TBD hours, take ${sample}. \\\n`));
      editMs.push(performance.now() - started);
      await waitForDiagnostics(uri, `a placeholder on the inserted line ${line + 1}`, (found) => found.some((d) => isPlaceholder(d) && d.range.start.line === line));
      diagnosticsMs.push(performance.now() - started);
      await editor.edit((builder) => builder.delete(document.lineAt(line).rangeIncludingLineBreak));
      await waitForDiagnostics(uri, 'the placeholder to go with its line', (found) => !found.some((d) => isPlaceholder(d) && d.range.start.line === line && d.message.includes('TBD')));
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);
    return { lines: document.lineCount, editMs: median(editMs), diagnosticsMs: median(diagnosticsMs), samples: diagnosticsMs.map(Math.round) };
  },

  /**
   * Puts the cursor before a key result in the middle of the generated plan,
   * on screen and focused, for the driver to type there. With `optedOut`, in
   * the same Markdown opted out by `<!-- okr-disable-file -->`, which the
   * editor's own Markdown support reads and this extension leaves alone: the
   * baseline that typing in the plan is measured against.
   */
  async cursorInGeneratedPlan(optedOut?: string) {
    const { editor, anchor, indent } = await openGeneratedPlan(optedOut === 'optedOut');
    const position = new vscode.Position(anchor, indent.length);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    return { line: anchor + 1 };
  },

  /** In the web run the extension's server is a web worker: diagnostics arrive, and this host started no Node server. */
  async noNodeServer() {
    const editor = await open('handbook/engineering/2026-Q1-OKR-Plan.md');
    await waitForDiagnostics(editor.document.uri, 'placeholder diagnostics', (found) => found.some(isPlaceholder));
    assert.deepEqual(serverProcesses(), [], 'no language server process runs beside the Node extension host');
    return { nodeServers: 0 };
  },

  /**
   * Kills the language server with unsaved edits in a plan: the client starts
   * a new one, which answers for the unsaved text, and the text is untouched.
   */
  async crash() {
    const editor = await open('handbook/engineering/2026-Q1-OKR-Plan.md');
    const document = editor.document;
    // Which saves of the plan happen meanwhile, to explain a failure.
    const saves: string[] = [];
    const watching = vscode.workspace.onDidSaveTextDocument((savedDocument) => {
      if (savedDocument === document) saves.push(`version ${savedDocument.version}`);
    });
    try {
      const anchor = lineOf(document, '- KR: TBD');
      const firstEdit = '- KR: Cut review time to TBD hours.\n';
      await editor.edit((builder) => builder.insert(new vscode.Position(anchor + 1, 0), firstEdit));
      await waitForDiagnostics(document.uri, 'a placeholder on the unsaved line', (found) =>
        found.some((d) => isPlaceholder(d) && d.range.start.line === anchor + 1));
      const [before, ...others] = serverProcesses();
      assert.ok(before && others.length === 0, `one language server runs: ${[before, ...others].join(', ')}`);
      const textBefore = document.getText();
      process.kill(before, 'SIGKILL');
      // Typing goes on: the edits reach a server that is gone, and the client must restart it all the same.
      for (let keystroke = 0; keystroke < 5; keystroke++) {
        await editor.edit((builder) => builder.insert(new vscode.Position(anchor + 1, 0), 'x'));
        await editor.edit((builder) => builder.delete(new vscode.Range(anchor + 1, 0, anchor + 1, 1)));
      }
      const after = await waitFor('a restarted language server', () => {
        const running = serverProcesses();
        return running.length === 1 && running[0] !== before ? running[0] : undefined;
      });
      assert.equal(document.getText(), textBefore, 'the unsaved text is untouched by the crash');
      // Nothing is lost: the edit is still unsaved, or, where the editor saved it meanwhile (code-server, a web
      // build, saves after a delay by default), it is what the file holds once that save has landed.
      let saved = '';
      await waitFor('the edit to be unsaved or saved whole', async () => {
        saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
        return document.isDirty || saved === textBefore ? true : undefined;
      }, [vscode.workspace.onDidSaveTextDocument, vscode.workspace.onDidChangeTextDocument]).catch((error: Error) => {
        const differing = textBefore.split('\n').filter((line, index) => saved.split('\n')[index] !== line).slice(0, 3);
        throw new Error(`${error.message}: the plan is clean, and the file differs from its text at ${JSON.stringify(differing)}; saves seen: ${saves.join(', ') || 'none'}`);
      });
      // The new server must know the unsaved text and keep following edits.
      const secondEdit = '- KR: Halve the time to green to TBD minutes.\n';
      await editor.edit((builder) => builder.insert(new vscode.Position(anchor + 2, 0), secondEdit));
      await waitForDiagnostics(document.uri, 'placeholders from the restarted server on both unsaved lines', (found) =>
        [anchor + 1, anchor + 2].every((line) => found.some((d) => isPlaceholder(d) && d.range.start.line === line)));
      assert.ok(document.getText().includes(firstEdit + secondEdit), 'both unsaved edits are in the document');
      return { killed: before, restarted: after, saves };
    } finally {
      watching.dispose();
    }
  },
};
