/**
 * The pure `compute…` functions behind each language feature, run on the seed
 * plans and small fixtures without a server, so each behaviour is pinned where
 * it is computed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CodeActionKind, CompletionItemKind, DiagnosticSeverity, SymbolKind, type CompletionItem, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as PlanDiagnostic } from '../../server/src/okr/check/types';
import { splitLines } from '../../server/src/okr/parse/markdown';
import { parseDocument, parsePlan, PlanParser, type PlanDocument } from '../../server/src/okr/parse/parser';
import { parseRosterYaml, Roster } from '../../server/src/okr/model/roster';
import { defaultStatusSet } from '../../server/src/okr/model/statuses';
import { computeCodeActions, FIX_ALL_KIND } from '../../server/src/lsp/features/codeActions';
import { snippetToText } from '../../server/src/okr/check/edits';
import { computeCompletions } from '../../server/src/lsp/features/completion';
import { computeLspDiagnostics, PLAN_TOO_LARGE } from '../../server/src/lsp/session/checkScheduler';
import { limitLines, type OpenPlan } from '../../server/src/lsp/session/documents';
import { computeDocumentSymbols } from '../../server/src/lsp/features/documentSymbols';
import { computeFoldingRanges } from '../../server/src/lsp/features/folding';
import { computeHover } from '../../server/src/lsp/features/hover';
import { computeDefinition, computeTeammateReferences } from '../../server/src/lsp/features/navigation';
import { DEFAULT_SCORING } from '../../server/src/okr/model/scoring';
import { type PlanContext } from '../../server/src/lsp/session/planContext';
import { declaredPlan, matchesGlob } from '../../server/src/okr/project/lookup';
import { PlanFileReader } from '../../server/src/diskPlanReader';
import { posixPaths } from '../../server/src/okr/project/paths';
import { diskFiles } from '../../server/src/node/projectFiles';
import { computePlanSummaries } from '../../server/src/lsp/features/planRequests';
import { modelRange } from '../../server/src/lsp/convert/positions';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/session/settings';
import { preferredNameForm } from '../../server/src/lsp/features/teammates';
import { computeWorkspaceSymbols, matchesQuery } from '../../server/src/lsp/features/workspaceSymbols';
import { assertSymbolsInside } from '../support/ranges';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const SEED_FILES = ['000_69fd8793c6f93951', '001_9efd263ab51c3d5b', '002_31f0bcaf8382ca47', '003_f6da9e41b6b58373', '004_bbe281e721deb864'];
const seedText = (name: string): string => readFileSync(path.join(FIXTURES, 'seeds', `${name}.txt`), 'utf8');
const ROSTER_FILE = path.join(FIXTURES, 'handbook/data/team.yml');
const roster = Roster.combine([parseRosterYaml(readFileSync(ROSTER_FILE, 'utf8'), ROSTER_FILE)], [], ['CS leadership']);
const context = { roster, statuses: defaultStatusSet };

const parse = (text: string): PlanDocument => new PlanParser().parse(text);
const SEED_000 = seedText('000_69fd8793c6f93951');
const DOC_000 = parse(SEED_000);
const DOC_003 = parse(seedText('003_f6da9e41b6b58373'));

/** The 0-based position of `needle` (plus `offset`) on the first line that starts with `lineStart`. */
function at(doc: PlanDocument, lineStart: string, needle: string, offset = 0): { line: number; character: number } {
  const line = doc.lines.findIndex((text) => text.startsWith(lineStart));
  assert.ok(line >= 0, `no line starts with ${lineStart}`);
  return { line, character: doc.lines[line].indexOf(needle) + offset };
}

const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label);

describe('positions', () => {
  it('clamps model ranges into the document and never inverts them', () => {
    const lines = ['abc', 'de\r', ''];
    assert.deepEqual(modelRange(lines, 2, 1, 2, 99), { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
    assert.deepEqual(modelRange(lines, 40, 5, 41, 9), { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
    assert.deepEqual(modelRange(lines, 1, 3, 1, 1), { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } });
    assert.deepEqual(modelRange([], 1, 1, 1, 1).end, { line: 0, character: 0 });
  });
});

describe('limits and settings', () => {
  it('keeps whole lines within the line and character limits', () => {
    const lines = ['one', 'two', 'three', 'four'];
    assert.deepEqual(limitLines(lines, 10, 1000), { lines, limitedToLines: null });
    assert.deepEqual(limitLines(lines, 2, 1000), { lines: ['one', 'two'], limitedToLines: 2 });
    assert.deepEqual(limitLines(lines, 10, 12), { lines: ['one', 'two'], limitedToLines: 2 });
    assert.deepEqual(limitLines(['x'.repeat(50)], 10, 20), { lines: [''], limitedToLines: 0 });
  });

  it('falls back to defaults for invalid settings and keeps the valid parts', () => {
    const settings = normalizeSettings({
      files: 'plans/**/*.md',
      roster: { files: '', names: ['Ada', 3], groups: 'not a list' },
      statuses: [{ text: 'In review', state: 'in-progress' }, { text: 'Bad', state: 'nonsense' }, 'junk'],
      rules: { 'kr-without-target': 'off', 'unknown-status': 'loud' },
      maxFileSize: -4,
      maxLines: 500.7,
    });
    assert.deepEqual(settings.files, ['plans/**/*.md']);
    assert.equal(settings.roster.files, DEFAULT_SETTINGS.roster.files);
    assert.deepEqual(settings.roster.names, ['Ada']);
    assert.deepEqual(settings.roster.groups, []);
    assert.deepEqual(settings.statuses, [{ text: 'In review', state: 'in-progress' }]);
    assert.deepEqual(settings.rules, { 'kr-without-target': 'off' });
    assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(settings.maxLines, 500);
    assert.deepEqual(normalizeSettings(null), { ...DEFAULT_SETTINGS, roster: { ...DEFAULT_SETTINGS.roster } });
  });

  it('matches okr.files globs relative to the folder, ignoring case', () => {
    const folder = '/handbook';
    assert.ok(matchesGlob(posixPaths, '/handbook/teams/cs/FY22Q4-okr.md', folder, ['**/*OKR*.md']));
    assert.ok(!matchesGlob(posixPaths, '/handbook/teams/cs/index.md', folder, ['**/*OKR*.md']));
    assert.ok(!matchesGlob(posixPaths, '/handbook/a-okr.md', folder, []));
  });
});

describe('completion', () => {
  it('offers roster names in a Responsible cell and statuses in a Status cell', () => {
    const names = computeCompletions(DOC_000, context, at(DOC_000, '| 1 ', 'CS leadership'));
    assert.deepEqual(labels(names), ['Brielle', 'Nonso', 'Tamar', 'Virginia', 'Warren', 'CS leadership']);
    assert.equal(names[0].kind, CompletionItemKind.Value);
    assert.match(JSON.stringify(names[0].documentation), /Brielle Ashford.*Customer Support Manager/);
    const statuses = computeCompletions(DOC_000, context, at(DOC_000, '| 3 ', 'In-progress', 2));
    assert.ok(labels(statuses).includes('Done') && labels(statuses).includes('Blocked'));
    assert.match(JSON.stringify(statuses.find((item) => item.label === 'Done')?.documentation), /means \*done\*/);
  });

  it('offers the names not yet in a Workgroup, replacing only the name being typed', () => {
    const position = at(DOC_000, '- Workgroup: Brielle, Nonso, Tamar, Virginia', 'Virg', 4);
    const items = computeCompletions(DOC_000, context, position);
    assert.deepEqual(labels(items), ['Virginia', 'Warren', 'CS leadership']);
    const edit = items[0].textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: position.line, character: position.character - 4 }, end: position });
  });

  it('writes full names where the plan writes full names', () => {
    const fullNames: Record<string, string> = { Brielle: 'Brielle Ashford', Nonso: 'Nonso Okafor', Tamar: 'Tamar Levin', Virginia: 'Virginia Hale' };
    const text = SEED_000.replace(/^(- (?:Workgroup|Facilitator):)(.*)$/gm, (_, field: string, names: string) => field + names.replace(/\w+/g, (name) => fullNames[name] ?? name));
    const doc = parse(text);
    assert.equal(preferredNameForm(doc.plan, roster), 'full');
    const items = computeCompletions(doc, context, at(doc, '| 2 ', 'CS leadership'));
    assert.deepEqual(labels(items).slice(0, 2), ['Brielle Ashford', 'Nonso Okafor']);
    assert.equal(preferredNameForm(DOC_000.plan, roster), 'first');
  });

  it('offers names on an owner prefix and statuses on an inline status', () => {
    const owner = computeCompletions(DOC_003, context, at(DOC_003, '1. **CEO: Scale', 'CEO', 1));
    assert.ok(labels(owner).includes('Nonso'));
    assert.equal((owner[0].textEdit as TextEdit).range.start.character, 5);
    const initiatives = parse(readFileSync(path.join(FIXTURES, 'dialects/initiatives.md'), 'utf8'));
    const inline = computeCompletions(initiatives, context, at(initiatives, '1. ✅', '✅', 1));
    assert.ok(labels(inline).includes('✅') && labels(inline).includes('🚫'));
  });

  it('offers names in a row being typed below the table', () => {
    const text = SEED_000.replace('| 3   | In-progress | Application engineers | Enablement     |\n', '$&| 4 | Not started | \n');
    const doc = parse(text);
    const row = at(doc, '| 4 ', 'Not started');
    assert.ok(labels(computeCompletions(doc, context, { line: row.line, character: doc.lines[row.line].length })).includes('Nonso'));
  });

  it('offers nothing in prose, headings, table headers, other table columns or past the end of the document', () => {
    const positions = [at(DOC_000, 'We will track', 'weekly'), at(DOC_000, '# FY22Q4', 'OKR'), at(DOC_000, '| 1 ', 'Case'), at(DOC_000, '| #', 'Responsible'), at(DOC_000, '| ---', '---', 1)];
    for (const position of [...positions, { line: 999, character: 0 }, { line: 0, character: 999 }]) {
      assert.deepEqual(computeCompletions(DOC_000, context, position), [], JSON.stringify(position));
    }
  });
});

describe('document symbols and folding', () => {
  it('outlines seed 000 as one objective with three key results, then three tasks with their details', () => {
    const symbols = computeDocumentSymbols(DOC_000);
    assert.deepEqual(symbols.map((symbol) => symbol.kind), [SymbolKind.Module, SymbolKind.Event, SymbolKind.Event, SymbolKind.Event]);
    assert.deepEqual(symbols[0].children?.map((child) => child.kind), [SymbolKind.Property, SymbolKind.Property, SymbolKind.Property]);
    assert.deepEqual(symbols.slice(1).map((symbol) => symbol.name), ['1 Case reviews', '2 Healthy habits', '3 Enablement']);
    assert.deepEqual(symbols[2].children?.map((child) => [child.kind, child.range.start.line]), [[SymbolKind.Struct, at(DOC_000, '### 2', '2').line]]);
  });

  it('gives every seed an outline whose ranges lie inside the document', () => {
    for (const seed of SEED_FILES) {
      const text = seedText(seed);
      const symbols = computeDocumentSymbols(parse(text));
      assert.ok(symbols.length > 0, seed);
      assertSymbolsInside(TextDocument.create('file:///x.md', 'markdown', 1, text), symbols);
    }
  });

  it('folds objectives and task details sections', () => {
    const folds = computeFoldingRanges(DOC_000);
    const starts = folds.map((fold) => fold.startLine);
    assert.ok(starts.includes(at(DOC_000, '### 1', '1').line) && starts.includes(at(DOC_000, '### 3', '3').line));
    const nested = computeFoldingRanges(DOC_003);
    assert.ok(nested.length >= 10);
    assert.ok(nested.every((fold) => fold.endLine > fold.startLine && fold.endLine < DOC_003.lines.length));
  });
});

describe('hover and navigation', () => {
  it('explains a teammate, a status, a redacted number and a placeholder', () => {
    assert.match(JSON.stringify(computeHover(DOC_000, context, at(DOC_000, '- Facilitator', 'Nonso', 2))?.contents), /Nonso Okafor.*Application Engineering Lead/);
    assert.match(JSON.stringify(computeHover(DOC_000, context, at(DOC_000, '| 1 ', 'In-progress', 1))?.contents), /means \*in-progress\*/);
    const redacted = computeHover(DOC_003, context, at(DOC_003, '      KR: [_N<sub>6</sub>_][n6]', 'N', 1));
    assert.match(JSON.stringify(redacted?.contents), /defined on line \d+/);
    const placeholder: PlanDiagnostic = { line: 17, column: 1, endLine: 17, endColumn: 31, severity: 'warning', code: 'placeholder-deadline', message: 'Overdue.' };
    const hover = computeHover(DOC_000, context, at(DOC_000, 'TO BE FILLED', 'FILLED'), [placeholder]);
    assert.match(JSON.stringify(hover?.contents), /Put here the content this section promises/);
    assert.equal(computeHover(DOC_000, context, at(DOC_000, 'We will track', 'weekly')), null);
  });

  it('says on the title why a page is read as a plan, and shows the cascade under key results in the Outline', () => {
    const why = JSON.stringify(computeHover(DOC_000, context, at(DOC_000, '# FY22Q4', 'OKR'))?.contents);
    assert.match(why, /read as a plan because/);
    assert.match(why, /names OKRs and a period/);
    const cascade = parseDocument('---\ntitle: FY21-Q1 OKRs\n---\n\n### 1. CEO: IACV\n1. CEO KR: Grow pipeline 2x\n    1. **CRO: Build the FY21 pipeline.**\n        1. CRO KR: Stage 3 pipeline at 1.8x\n');
    assert.match(JSON.stringify(computeHover(cascade, context, { line: 0, character: 2 })?.contents), /2 key results are marked KR/);
    const [ceo] = computeDocumentSymbols(cascade);
    assert.equal(ceo.name, 'IACV');
    const [keyResult] = ceo.children!;
    assert.deepEqual(keyResult.children?.map((symbol) => [symbol.name, symbol.detail]), [['Build the FY21 pipeline.', 'CRO · 1 key result']]);
  });

  it('goes between a task row and its details section, and from a redacted label to its definition', () => {
    const uri = 'file:///plan.md';
    const [toDetails] = computeDefinition(uri, DOC_000, roster, at(DOC_000, '| 3 ', 'Enablement'), diskFiles.toUri);
    assert.equal(toDetails.range.start.line, at(DOC_000, '### 3', '3').line);
    const [toRow] = computeDefinition(uri, DOC_000, roster, at(DOC_000, '### 3', 'Enablement'), diskFiles.toUri);
    assert.equal(toRow.range.start.line, at(DOC_000, '| 3 ', '3').line);
    const [toDefinition] = computeDefinition(uri, DOC_003, roster, at(DOC_003, '      KR: [_N<sub>6</sub>_][n6]', 'N', 1), diskFiles.toUri);
    assert.ok(DOC_003.lines[toDefinition.range.start.line].startsWith('[n6]:'));
    const [toRoster] = computeDefinition(uri, DOC_000, roster, at(DOC_000, '- Workgroup: Brielle, Nonso, Tamar, Virginia', 'Tamar'), diskFiles.toUri);
    assert.equal(readFileSync(ROSTER_FILE, 'utf8').split('\n')[toRoster.range.start.line], 'tamar_levin:');
  });

  it('finds a teammate in every plan, open or not', () => {
    const tamar = roster.find('Tamar')!;
    const plans = [
      { uri: 'file:///open.md', plan: DOC_000.plan, open: true, lines: DOC_000.lines },
      { uri: 'file:///closed.md', plan: parsePlan(seedText('001_9efd263ab51c3d5b')), open: false },
    ];
    const found = computeTeammateReferences(plans, roster, tamar, true, diskFiles.toUri);
    assert.equal(found[0].uri.endsWith('team.yml'), true);
    assert.deepEqual(found.slice(1).map((location) => location.uri), ['file:///open.md', 'file:///open.md', 'file:///closed.md', 'file:///closed.md']);
    const [first] = found.slice(1);
    assert.equal(DOC_000.lines[first.range.start.line].slice(first.range.start.character, first.range.end.character), 'Tamar');
  });
});

describe('workspace', () => {
  it('matches symbols loosely and summarises every plan', () => {
    assert.ok(matchesQuery('Case reviews', 'cas rev') && !matchesQuery('Case reviews', 'review cases'));
    const plans = [{ uri: 'file:///b.md', plan: DOC_000.plan, open: true, lines: DOC_000.lines }, { uri: 'file:///a.md', plan: DOC_003.plan, open: false }];
    const symbols = computeWorkspaceSymbols(plans, 'enablement');
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.location.uri, symbol.containerName]), [['3 Enablement', 'file:///b.md', 'FY22Q4 OKR Plan']]);
    const summaries = computePlanSummaries(plans);
    assert.deepEqual(summaries.map((summary) => summary.uri), ['file:///a.md', 'file:///b.md']);
    assert.deepEqual(summaries[1].tasksByStatus, { done: 0, 'in-progress': 3, 'not-started': 0, blocked: 0, dropped: 0, unknown: 0 });
    assert.ok(summaries[0].objectives > summaries[0].keyResults / 10 && summaries[0].tasks === 0);
  });
});

describe('plan files', () => {
  it('reads a plan file in-process when the worker thread cannot start, saying so once', async () => {
    const logged: string[] = [];
    const reader = new PlanFileReader(path.join(FIXTURES, 'no-such-worker.js'), (message) => logged.push(message));
    const file = path.join(FIXTURES, 'seeds', '000_69fd8793c6f93951.txt');
    const options = { ...DEFAULT_SETTINGS, declared: false };
    const [plan, again] = await Promise.all([reader.read(file, options), reader.read(file, options)]);
    assert.deepEqual(plan, parsePlan(SEED_000));
    assert.deepEqual(again, plan);
    assert.equal(logged.filter((message) => message.includes('without a worker thread')).length, 1);
    assert.equal(await reader.read(path.join(FIXTURES, 'missing.md'), options), null);
    assert.equal((await reader.read(file, { maxFileSize: 2_000, maxLines: 10, declared: false }))?.tasks.length, 0, 'limits apply');
  });

  it('reads a page that settings declare a plan as one, whatever its evidence, and excludes win', async () => {
    const reader = new PlanFileReader(null, () => {});
    const steps = path.join(mkdtempSync(path.join(tmpdir(), 'okr-declared-')), 'release.md');
    writeFileSync(steps, '# Release steps\n\n| # | Status | Owner | Task |\n| - | ------ | ----- | ---- |\n| 1 | Done | Ann | Tag the release |\n');
    assert.equal((await reader.read(steps, { ...DEFAULT_SETTINGS, declared: false }))?.tasks.length, 0, 'a table of steps is not a plan');
    assert.equal((await reader.read(steps, { ...DEFAULT_SETTINGS, declared: true }))?.tasks.length, 1, 'unless the settings say it is');
    const settings = { folder: '/handbook', files: ['okrs/**'], exclude: [] };
    const project = { folder: '/handbook/okrs', files: [], exclude: ['guide.md'] };
    assert.equal(declaredPlan(posixPaths, '/handbook/okrs/guide.md', settings), true);
    assert.equal(declaredPlan(posixPaths, '/handbook/okrs/guide.md', settings, project), false, 'an exclude of the project file wins');
    assert.equal(declaredPlan(posixPaths, '/handbook/team/plan.md', settings, project), null);
  });
});

describe('diagnostics and code actions', () => {
  const request = { uri: 'file:///plan.md', version: 3, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, snippetSupport: false };
  const doc = parse('# Plan\n\n**Objective: Ship it**\n\n- KR: Reach X% adoption\n');
  const diagnostic = (fixes: PlanDiagnostic['fixes']): PlanDiagnostic => ({ line: 5, column: 13, endLine: 5, endColumn: 15, severity: 'warning', code: 'placeholder-value', message: 'X% is a placeholder.', fixes });

  it('turns plain fixes into quick fixes and safe ones into one fix-all', () => {
    const safe = { title: 'Use 50%', safe: true, edits: [{ line: 5, column: 13, endLine: 5, endColumn: 15, newText: '50%' }] };
    const unsafe = { title: 'Remove the key result', safe: false, edits: [{ line: 5, column: 1, endLine: 6, endColumn: 1, newText: '' }] };
    const actions = computeCodeActions(doc, [diagnostic([safe, unsafe])], request);
    assert.deepEqual(actions.map((action) => [action.title, action.kind, action.isPreferred ?? false]), [
      ['Use 50%', CodeActionKind.QuickFix, false],
      ['Remove the key result', CodeActionKind.QuickFix, false],
      ['Fix all safe OKR plan problems', FIX_ALL_KIND, false],
    ]);
    const fixed = TextDocument.applyEdits(TextDocument.create(request.uri, 'markdown', 1, doc.lines.join('\n')), actions[0].edit!.changes![request.uri]);
    assert.equal(fixed, doc.lines.join('\n').replace('X%', '50%'));
    assert.deepEqual(computeCodeActions(doc, [diagnostic([safe])], { ...request, only: [FIX_ALL_KIND] }).map((action) => action.kind), [FIX_ALL_KIND]);
  });

  it('sends snippet fixes as snippets only to clients that apply them', () => {
    const snippet = { title: 'Type the target', safe: false, snippet: true, edits: [{ line: 5, column: 13, endLine: 5, endColumn: 15, newText: '${1:target}% (\\$ in ${2:USD})$0' }] };
    const [asSnippet] = computeCodeActions(doc, [diagnostic([snippet])], { ...request, snippetSupport: true });
    assert.deepEqual(asSnippet.edit?.documentChanges, [{ textDocument: { uri: request.uri, version: 3 }, edits: [{ range: { start: { line: 4, character: 12 }, end: { line: 4, character: 14 } }, snippet: { kind: 'snippet', value: '${1:target}% (\\$ in ${2:USD})$0' } }] }]);
    const [asText] = computeCodeActions(doc, [diagnostic([snippet])], request);
    assert.equal(asText.edit?.changes?.[request.uri][0].newText, 'target% ($ in USD)');
    assert.equal(snippetToText('${1:a ${2:b}} c$1'), 'a b c');
  });

  it('never offers a fix whose edits fall outside the document, nor two overlapping edits in one fix-all', () => {
    const outside = { title: 'Broken', safe: true, edits: [{ line: 50, column: 1, endLine: 50, endColumn: 3, newText: 'x' }] };
    assert.deepEqual(computeCodeActions(doc, [diagnostic([outside])], request), []);
    const first = { title: 'A', safe: true, edits: [{ line: 5, column: 13, endLine: 5, endColumn: 15, newText: '1%' }] };
    const overlapping = { title: 'B', safe: true, edits: [{ line: 5, column: 14, endLine: 5, endColumn: 16, newText: '2' }] };
    const fixAll = computeCodeActions(doc, [diagnostic([first]), diagnostic([overlapping])], { ...request, only: ['source'] });
    assert.equal(fixAll[0].edit?.changes?.[request.uri].length, 1);
  });

  it('adds one message when a plan was too large to read whole', () => {
    const parsed = new PlanParser().parseLines(limitLines(splitLines(SEED_000), 10, 10_000).lines);
    const planContext = { settings: { ...DEFAULT_SETTINGS, maxLines: 10 }, roster, statuses: defaultStatusSet, rules: {}, folder: null, declared: null, scoring: DEFAULT_SCORING, staleAfterDays: null, lastCheckIn: null } satisfies PlanContext;
    const open: OpenPlan = { uri: 'file:///big.md', version: 1, doc: parsed, context: planContext, limitedToLines: 10 };
    const [first, ...rest] = computeLspDiagnostics(open);
    assert.equal(first.code, PLAN_TOO_LARGE);
    assert.equal(first.severity, DiagnosticSeverity.Information);
    assert.match(String(first.message), /Plan too large: diagnostics limited to the first 10 lines/);
    assert.ok(rest.every((diagnostic) => diagnostic.code !== PLAN_TOO_LARGE && diagnostic.range.end.line < 10));
  });
});
