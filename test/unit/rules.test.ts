import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PlanParser } from '../../server/src/okr/parse/parser';
import { computeDiagnostics } from '../../server/src/okr/check/engine';
import { SEVERITIES, type ChunkRule, type Diagnostic, type DiagnosticOptions } from '../../server/src/okr/check/types';
import { RULES } from '../../server/src/okr/check/rules/index';
import { findMojibake } from '../../server/src/okr/check/rules/mojibake';
import { mergeRuleSettings, parseRuleSettings } from '../../server/src/okr/check/ruleSettings';
import { parseProjectConfig } from '../../server/src/okr/project/projectConfig';
import { FIXTURES, fixtureOptions, readFixture } from '../fixtures/rules/loadFixtures';

const fixtures = join(__dirname, '..', 'fixtures');
const goldens = join(__dirname, '..', 'golden');
const check = (text: string, options: DiagnosticOptions = fixtureOptions()): Diagnostic[] => computeDiagnostics(new PlanParser().parse(text), options);

test('every fixture reports exactly the diagnostics its lines expect', () => {
  assert.ok(FIXTURES.length >= 8);
  const mismatches: string[] = [];
  for (const name of FIXTURES) {
    const { text, expected } = readFixture(name);
    const actual = new Map<number, string[]>();
    const messages = new Map<number, string[]>();
    for (const diagnostic of check(text)) {
      actual.set(diagnostic.line, [...(actual.get(diagnostic.line) ?? []), diagnostic.code].sort());
      messages.set(diagnostic.line, [...(messages.get(diagnostic.line) ?? []), `${diagnostic.code}: ${diagnostic.message}`]);
    }
    for (const line of [...new Set([...expected.keys(), ...actual.keys()])].sort((a, b) => a - b)) {
      const got = (actual.get(line) ?? []).join(' ');
      const want = (expected.get(line) ?? []).join(' ');
      if (got !== want) mismatches.push(`${name}:${line}: expected [${want}], got [${got}] ${(messages.get(line) ?? []).join(' | ')}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('every rule is exercised by some fixture', () => {
  const seen = new Set<string>();
  for (const name of FIXTURES) for (const ids of readFixture(name).expected.values()) ids.forEach((id) => seen.add(id));
  assert.deepEqual(RULES.map((rule) => rule.id).filter((id) => !seen.has(id)), []);
});

test('rules declare a stable kebab-case id, a description, tags and a doc paragraph', () => {
  const ids = new Set<string>();
  for (const rule of RULES) {
    assert.match(rule.id, /^[a-z]+(?:-[a-z]+)*$/);
    assert.ok(!ids.has(rule.id), `duplicate id ${rule.id}`);
    ids.add(rule.id);
    assert.ok(SEVERITIES.includes(rule.defaultSeverity));
    assert.ok(rule.description.length > 20 && rule.doc.length > 120 && rule.tags.length > 0, rule.id);
    assert.ok(!rule.doc.includes('\n'), `${rule.id}: the doc is one paragraph`);
  }
  for (const rule of RULES.filter((candidate) => candidate.tags.includes('placeholder'))) assert.match(rule.id, /^placeholder/);
});

test('redacted numbers never get more than information by default', () => {
  for (const rule of RULES.filter((candidate) => candidate.tags.includes('redacted'))) assert.equal(rule.defaultSeverity, 'information', rule.id);
});

test('each seed matches its reviewed diagnostics (UPDATE_GOLDEN=1 rewrites them)', () => {
  mkdirSync(goldens, { recursive: true });
  for (const name of readdirSync(join(fixtures, 'seeds')).sort()) {
    // Seeds have no git history: the stale-plan rule has nothing to read there.
    const diagnostics = check(readFileSync(join(fixtures, 'seeds', name), 'utf8'), { ...fixtureOptions(), lastCheckIn: null }).map(({ fixes: _fixes, ...rest }) => rest);
    const golden = join(goldens, name.replace(/\.txt$/, '.diagnostics.json'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, `${JSON.stringify(diagnostics, null, 2)}\n`);
    assert.deepEqual(diagnostics, JSON.parse(readFileSync(golden, 'utf8')), name);
  }
});

test('a passed "TO BE FILLED IN BY" date is an error, a future one a warning', () => {
  const text = '# FY22Q4 OKR Plan\n\n**Objective: Reply within 2 days.**\n\n- KR: 90% of replies in 2 days.\n\nTO BE FILLED IN BY 2021-10-29.\n';
  const severity = (today: string): string | undefined => check(text, { today }).find((d) => d.code === 'placeholder-deadline')?.severity;
  assert.equal(severity('2021-10-28'), 'warning');
  assert.equal(severity('2021-10-29'), 'warning');
  assert.equal(severity('2021-10-30'), 'error');
});

test('settings and the project file turn rules off or change their severity', () => {
  const { text } = readFixture('placeholders.md');
  const codes = (options: DiagnosticOptions): Diagnostic[] => check(text, { ...fixtureOptions(), ...options });
  assert.ok(codes({}).some((d) => d.code === 'placeholder-value' && d.severity === 'warning'));
  const project = parseProjectConfig('{"rules": {"placeholder-value": "error", "placeholder-tbd": "off"}}');
  assert.deepEqual(project.problems, []);
  const configured = codes({ rules: project.rules });
  assert.ok(configured.filter((d) => d.code === 'placeholder-value').every((d) => d.severity === 'error'));
  assert.ok(!configured.some((d) => d.code === 'placeholder-tbd'));
  // The project file wins over settings.
  const merged = mergeRuleSettings(parseRuleSettings({ 'placeholder-value': 'hint', 'placeholder-tbd': 'info' }), project.rules);
  assert.deepEqual(merged, { 'placeholder-value': 'error', 'placeholder-tbd': 'off' });
});

test('bad configuration is reported in words and the valid part still applies', () => {
  const config = parseProjectConfig('{"rules": {"mojibake": "loud", "empty-item": false}, "groups": "Platform"}', '/repo/.okr.json');
  assert.deepEqual(config.rules, { 'empty-item': 'off' });
  assert.equal(config.problems.length, 2);
  assert.match(config.problems[0], /mojibake.*"loud"/);
  assert.match(parseProjectConfig('{oops', '/repo/.okr.json').problems[0], /\.okr\.json is not valid JSON/);
});

test('a page that is not a plan gets no diagnostics', () => {
  assert.deepEqual(check(readFixture('not-a-plan.md').text), []);
});

test('without a roster, names are not checked', () => {
  const { text } = readFixture('people.md');
  assert.ok(check(text).some((d) => d.code === 'unknown-teammate'));
  assert.ok(!check(text, { today: '2021-11-01' }).some((d) => d.code === 'unknown-teammate'));
});

test('unknown teammates and statuses offer the closest known names', () => {
  const diagnostics = check(readFixture('people.md').text);
  const waren = diagnostics.find((d) => d.code === 'unknown-teammate' && d.message.includes('"Waren"'));
  assert.match(waren?.message ?? '', /Did you mean Warren/);
  assert.equal(waren?.fixes?.[0].edits[0].newText, 'Warren');
  const status = diagnostics.find((d) => d.code === 'unknown-status' && d.message.includes('In-progess'));
  assert.equal(status?.fixes?.[0].edits[0].newText, 'In-progress');
});

test('chunk rules re-check only the block that changed', () => {
  let calls = 0;
  const tbd = RULES.find((rule) => rule.id === 'placeholder-tbd') as ChunkRule;
  const counting: ChunkRule = { ...tbd, id: 'counting-placeholder-tbd', check: (chunk, context) => (calls++, tbd.check(chunk, context)) };
  const parser = new PlanParser();
  const { text } = readFixture('placeholders.md');
  const before = parser.parse(text);
  const first = computeDiagnostics(before, fixtureOptions(), [counting]);
  const blocks = calls;
  assert.ok(blocks > 2, `the fixture has ${blocks} blocks`);
  const edited = text.replace('Survey TBD customers', 'Survey TBD consumers');
  const after = parser.parse(edited);
  const second = computeDiagnostics(after, fixtureOptions(), [counting]);
  // The edited line may open a block of its own now, so the edit leaves one or two new blocks.
  const kept = new Set(before.chunks.map((chunk) => chunk.syntax));
  const changed = after.chunks.filter((chunk) => !kept.has(chunk.syntax)).length;
  assert.ok(changed >= 1 && changed <= 2, `${changed} blocks changed`);
  assert.equal(calls - blocks, changed, 'only the changed blocks are re-checked');
  assert.deepEqual(second.map((d) => [d.line, d.column]), first.map((d) => [d.line, d.column]));
});

test('mojibake: any garbled text is found and repaired exactly', () => {
  const cp1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const garble = (text: string): string => [...Buffer.from(text, 'utf8')].map((byte) => (byte >= 0x80 && byte <= 0x9f ? cp1252[byte - 0x80] : String.fromCharCode(byte))).join('');
  const piece = fc.constantFrom('a', ' ', 'x1', 'é', 'è', 'ü', 'Ø', 'ß', '’', '“', '”', '…', '—', '€', '✅', '🚫', '✔️', '🎉', '©', '½');
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (parts) => {
      const original = parts.join('');
      const garbled = garble(original);
      let repaired = '';
      let cursor = 0;
      for (const run of findMojibake(garbled)) {
        repaired += garbled.slice(cursor, run.start) + run.repaired;
        cursor = run.end;
      }
      assert.equal(repaired + garbled.slice(cursor), original);
    }),
    { seed: 20211101, numRuns: 300 },
  );
});

test('mojibake: real accented text is never flagged', () => {
  const word = fc.constantFrom('pièce', 'résistance', 'naïve', 'café', 'Zürich', 'façade', 'São', 'Ærø', 'El Niño', 'déjà vu', 'crème brûlée', 'JOSÉ…', 'CAFÉ’S', 'café…”', '“quoted”', '—', '±2 °C', '½', '✅', '🚫', '€5', 'Ångström', 'Ça va', 'Öl', 'naïveté…', 'À la carte');
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 10 }), fc.constantFrom(' ', ', ', '; ', ''), (words, separator) => {
      assert.deepEqual(findMojibake(words.join(separator)), []);
    }),
    { seed: 20211102, numRuns: 300 },
  );
});

test('any text: the rules never throw, and every diagnostic and fix stays inside the document', () => {
  const fragment = fc.constantFrom(
    '# FY22Q4 OKR Plan', '**Objective: Grow.**', '- KR: Reach X% by TBD', '1. **CEO: Objective** \\', '   KR: Key result', '  1. VP KR: nested',
    '| # | Status | Responsible | Project |', '| --- | --- | --- | --- |', '| 1 | ðŸš« | Waren | TBD |', '### 2 Details', '- Workgroup:', '  1.        padded',
    '[_N<sub>26</sub>_][n23]', '[n1]: https://x', '<!-- okr-disable -->', '```', 'TO BE FILLED IN BY 2021-10-29.', '-', '', '\t- tab', '\r', '\u0000', 'â€', '\uFEFF',
  );
  const text = fc.oneof(fc.array(fragment, { maxLength: 30 }).map((lines) => lines.join('\n')), fc.string({ unit: 'grapheme', maxLength: 300 }));
  fc.assert(
    fc.property(text, (source) => {
      const doc = new PlanParser().parse(source);
      const inside = (line: number, column: number): boolean => line >= 1 && line <= doc.lines.length && column >= 1 && column <= doc.lines[line - 1].length + 1;
      for (const diagnostic of computeDiagnostics(doc, fixtureOptions())) {
        assert.ok(inside(diagnostic.line, diagnostic.column) && inside(diagnostic.endLine, diagnostic.endColumn), JSON.stringify(diagnostic));
        for (const fix of diagnostic.fixes ?? []) for (const edit of fix.edits) assert.ok(inside(edit.line, edit.column) && inside(edit.endLine, edit.endColumn), JSON.stringify(edit));
      }
    }),
    { seed: 20211103, numRuns: 400 },
  );
});

test('the okr.rules setting offers every rule with its default severity', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };
  const sections = ([] as Array<{ properties?: Record<string, { properties?: Record<string, { default: string }> }> }>).concat(pkg.contributes.configuration as never);
  const schema = sections.find((section) => section.properties?.['okr.rules'])?.properties?.['okr.rules']?.properties ?? {};
  assert.deepEqual(Object.entries(schema).map(([id, entry]) => [id, entry.default]), RULES.map((rule) => [rule.id, rule.defaultSeverity]));
});

test('placeholder-empty-field quotes the whole of a one-sentence field that ends in a colon, from its first letter', () => {
  const text = ['# FY23Q1 OKRs', '', '| # | Status | Responsible | Project |', '| - | - | - | - |', '| 1 | Done | Ann | Docs |', '', '### 1 Docs', '', '- Details: Measure the docs before the release:', ''].join('\n');
  const found = check(text).filter((diagnostic) => diagnostic.code === 'placeholder-empty-field');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^"Measure the docs before the release:" has nothing after it in task 1/);
  assert.equal(found[0].column, '- Details: '.length + 1);
});
