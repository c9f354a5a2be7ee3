import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, type IGrammar, type IRawGrammar } from 'vscode-textmate';

const injection = JSON.parse(readFileSync(join(__dirname, '..', '..', 'syntaxes', 'okr.injection.tmLanguage.json'), 'utf8')) as IRawGrammar;
// A stand-in for VS Code's Markdown grammar: the injection must scope plain text on its own.
const markdown = { scopeName: 'text.html.markdown', patterns: [{ include: '#inline' }], repository: { inline: { patterns: [] } } } as unknown as IRawGrammar;

let grammar: Promise<IGrammar | null> | undefined;
function loadGrammar(): Promise<IGrammar | null> {
  grammar ??= (async () => {
    await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scope: string) => (scope === 'text.html.markdown' ? markdown : scope === injection.scopeName ? injection : null),
      getInjections: (scope: string) => (scope === 'text.html.markdown' ? [injection.scopeName] : []),
    });
    return registry.loadGrammar('text.html.markdown');
  })();
  return grammar;
}

/** The scopes of the token that covers `needle` (its first occurrence) on `line`. */
async function scopesAt(line: string, needle: string): Promise<string[]> {
  const loaded = await loadGrammar();
  assert.ok(loaded);
  const start = line.indexOf(needle);
  assert.ok(start >= 0, `${needle} is on the line`);
  const { tokens } = loaded.tokenizeLine(line, INITIAL);
  const token = tokens.find((candidate) => candidate.startIndex <= start && start < candidate.endIndex);
  assert.ok(token);
  return token.scopes;
}

async function assertScope(line: string, needle: string, scope: string): Promise<void> {
  const scopes = await scopesAt(line, needle);
  assert.ok(scopes.includes(scope), `"${needle}" in "${line}" has ${scope}; got ${scopes.join(' ')}`);
}

async function assertNoOkrScope(line: string, needle: string): Promise<void> {
  const scopes = await scopesAt(line, needle);
  assert.ok(!scopes.some((scope) => scope.endsWith('.okr')), `"${needle}" in "${line}" is left alone; got ${scopes.join(' ')}`);
}

test('objective and key-result markers and their owners are scoped', async () => {
  await assertScope('OBJECTIVE: Make every engineer productive.', 'OBJECTIVE', 'keyword.other.objective.okr');
  await assertScope('   1. CEO KR: Key result', 'CEO', 'entity.name.type.owner.okr');
  await assertScope('   1. CEO KR: Key result', 'KR', 'keyword.other.key-result.okr');
  await assertScope('  1. VP Eng KR: Grow team to plan.', 'VP Eng', 'entity.name.type.owner.okr');
  await assertScope('      KR: Upgrades take less than 30 minutes.', 'KR', 'keyword.other.key-result.okr');
  await assertScope('1. **Sales: Create clear paths to value.**', 'Sales', 'entity.name.type.owner.okr');
  await assertScope('- Key Result 1: Ship it.', 'Key Result 1', 'keyword.other.key-result.okr');
});

test('progress notes after => are scoped up to the hard break', async () => {
  const line = '   KR: Increase Go test coverage from 46% to 60%. => Increased to 58.3%. \\';
  await assertScope(line, '=>', 'keyword.operator.progress.okr');
  await assertScope(line, 'Increased', 'meta.progress-note.okr');
  await assertNoOkrScope(line, '\\');
});

test('statuses in table cells are scoped by their canonical state', async () => {
  await assertScope('| 1   | In-progress | CS leadership | Case reviews |', 'In-progress', 'markup.changed.status.in-progress.okr');
  await assertScope('| 3   | ✅     | Giselle     | Retro all Q2 tickets |', '✅', 'markup.inserted.status.done.okr');
  await assertScope('| 1   | ðŸš«     | Warren      | Add a command |', 'ðŸš«', 'markup.deleted.status.dropped.okr');
  await assertScope('| 4   | Not started | Gabe | Quarantine |', 'Not started', 'constant.language.status.not-started.okr');
  await assertNoOkrScope('We are done when the table is Done.', 'Done');
});

test('placeholders are scoped, words that merely contain them are not', async () => {
  await assertScope('TO BE FILLED IN BY 2021-10-29.', 'TO BE FILLED IN BY 2021-10-29', 'invalid.deprecated.placeholder.okr');
  await assertScope('| 3   |             | TBD           | TBD            |', 'TBD', 'invalid.deprecated.placeholder.okr');
  await assertScope('Sales (Closing Deals): Achieve $X net new ARR.', '$X', 'invalid.deprecated.placeholder.okr');
  await assertScope('at least a 2 in at least X% of the areas', 'X%', 'invalid.deprecated.placeholder.okr');
  await assertScope('cases that take longer than X days to solve', 'X days', 'invalid.deprecated.placeholder.okr');
  await assertNoOkrScope('TBDs and X-rays are fine; so is Xavier.', 'TBDs');
  await assertNoOkrScope('TBDs and X-rays are fine; so is Xavier.', 'X-rays');
});

test('redacted references are scoped as a whole, with their number and identifier', async () => {
  const line = '      KR: Reach [_$N<sub>5</sub>_][n5] in new IARR.';
  await assertScope(line, '[_$N', 'meta.redacted-reference.okr');
  await assertScope(line, '$N', 'variable.other.redacted.okr');
  await assertScope(line, 'n5]', 'constant.other.reference.link.okr');
});
