/**
 * The formats CI systems read, from the built `okr` command (run `npm run
 * build` first): SARIF checked against the SARIF 2.1.0 schema, GitHub
 * workflow commands with their escapes, GitLab Code Quality with stable
 * fingerprints, the text lines the `okr` problem matcher reads, and the
 * `okr summary` table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { escapeGithubData, escapeGithubProperty, type JsonDiagnostic } from '../../server/src/cli/formats';
import type { Objective, Plan } from '../../server/src/okr/model/plan';
import { RULES } from '../../server/src/okr/check/rules/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const seedNames = readdirSync(join(root, 'test', 'fixtures', 'seeds')).sort();
const seeds = seedNames.map((name) => `test/fixtures/seeds/${name}`);
const seed = (prefix: string): string => seeds.find((file) => file.startsWith(`test/fixtures/seeds/${prefix}`))!;

/** Runs the built CLI as `okr …`. */
function okr(args: readonly string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'okr-formats-'));

/** A plan whose file name and messages hold the characters GitHub needs escaped. */
const ESCAPE_PLAN = [
  '# FY22Q4 OKR Plan',
  '',
  '**Objective: Reply within 2 days.**',
  '',
  '- KR: Reply to X% of cases in 2 days.',
  '',
  '| #   | Status           | Responsible | Project      |',
  '| --- | ---------------- | ----------- | ------------ |',
  '| 1   | 50%, soon: maybe | Ann         | Case reviews |',
  '',
  '### 1 Case reviews',
  '',
  '- Workgroup: Ann',
  '',
].join('\n');

test('check --format sarif validates against the SARIF 2.1.0 schema and describes every rule', () => {
  const result = okr(['check', '--format', 'sarif', ...seeds]);
  assert.equal(result.code, 1, result.stderr);
  const log = JSON.parse(result.stdout);
  const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's language pattern has a stray "]" that only non-Unicode regular expressions accept, as the schema's authors' validators did.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const compiled = ajv.compile(schema);
  const validate = (data: unknown): boolean => compiled(data);
  assert.ok(validate(log), JSON.stringify(compiled.errors, null, 2));
  // The validator does look: a level SARIF does not have is refused.
  const broken = structuredClone(log);
  broken.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken), false);

  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(run.tool.driver.name, 'okr');
  assert.equal(run.tool.driver.version, version);
  assert.deepEqual(
    run.tool.driver.rules.map((rule: { id: string }) => rule.id),
    RULES.map((rule) => rule.id),
  );
  const levels = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  RULES.forEach((rule, index) => {
    const described = run.tool.driver.rules[index];
    assert.equal(described.shortDescription.text, rule.description);
    assert.equal(described.fullDescription.text, rule.doc);
    assert.deepEqual(described.help, { text: rule.doc, markdown: rule.doc });
    assert.equal(described.defaultConfiguration.level, levels[rule.defaultSeverity]);
    assert.deepEqual(described.properties.tags, [...rule.tags]);
  });
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });

  // One result per diagnostic, in the same order and at the same place as --format json.
  const diagnostics = JSON.parse(okr(['check', '--format', 'json', ...seeds]).stdout) as JsonDiagnostic[];
  assert.ok(diagnostics.length > 0);
  assert.equal(run.results.length, diagnostics.length);
  diagnostics.forEach((diagnostic, index) => {
    const item = run.results[index];
    assert.equal(item.ruleId, diagnostic.code);
    assert.equal(run.tool.driver.rules[item.ruleIndex].id, diagnostic.code);
    assert.equal(item.level, levels[diagnostic.severity]);
    assert.equal(item.message.text, diagnostic.message);
    const { artifactLocation, region } = item.locations[0].physicalLocation;
    assert.deepEqual(artifactLocation, { uri: diagnostic.file, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(region, { startLine: diagnostic.line, startColumn: diagnostic.column, endLine: diagnostic.endLine, endColumn: diagnostic.endColumn });
    assert.match(item.partialFingerprints['okrLineHash/v1'], /^[0-9a-f]{64}$/);
  });
  const fingerprints = run.results.map((item: { partialFingerprints: Record<string, string> }) => item.partialFingerprints['okrLineHash/v1']);
  assert.equal(new Set(fingerprints).size, fingerprints.length, 'every result has its own fingerprint');
  // Files checked on worker threads give the same log, fingerprints included.
  assert.equal(okr(['check', '--format', 'sarif', '--jobs', '2', ...seeds]).stdout, result.stdout);
});

test('check --format sarif names files relative to the working folder, percent-encoded', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a%b:c,d.md'), ESCAPE_PLAN);
  const log = JSON.parse(okr(['check', '--format', 'sarif', dir], join(dir, '..')).stdout);
  const uris = new Set(log.runs[0].results.map((item: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => item.locations[0].physicalLocation.artifactLocation.uri));
  const folder = dir.split('/').pop();
  assert.deepEqual([...uris], [`${folder}/a%25b%3Ac%2Cd.md`]);
});

test('check --format github prints one workflow command per diagnostic, relative to the working folder', () => {
  const result = okr(['check', '--format', 'github', seed('001')]);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  const diagnostics = JSON.parse(okr(['check', '--format', 'json', seed('001')]).stdout) as JsonDiagnostic[];
  assert.equal(lines.length, diagnostics.length);
  assert.equal(
    lines[0],
    `::warning file=${seed('001')},line=10,endLine=10,col=62,endColumn=63,title=placeholder-value::"X" is a placeholder value: write the number, or redact it as a confidential reference.`,
  );
  assert.match(lines[1], /^::error file=test\/fixtures\/seeds\/001_[0-9a-f]+\.txt,line=17,endLine=17,col=1,endColumn=30,title=placeholder-deadline::Overdue since /);
  // From another folder the path is relative to where the command runs, however it was named.
  const fromTest = okr(['check', '--format', 'github', join(root, seed('001'))], join(root, 'test'));
  assert.equal(fromTest.stdout.split('\n')[0], lines[0].replace('file=test/', 'file='));
});

test('check --format github escapes %, :, , and line breaks as GitHub reads them back', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a%b:c,d.md'), ESCAPE_PLAN);
  const result = okr(['check', '--format', 'github', 'a%b:c,d.md'], dir);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    '::warning file=a%25b%3Ac%2Cd.md,line=5,endLine=5,col=16,endColumn=17,title=placeholder-value::"X" is a placeholder value: write the number, or redact it as a confidential reference.',
    '::warning file=a%25b%3Ac%2Cd.md,line=9,endLine=9,col=9,endColumn=25,title=unknown-status::"50%25, soon: maybe" is not a known status.',
  ]);
  assert.equal(escapeGithubData('100% done:\r\nnext, then\nlast'), '100%25 done:%0D%0Anext, then%0Alast');
  assert.equal(escapeGithubProperty('dir,x/a:b%\r\n.md'), 'dir%2Cx/a%3Ab%25%0D%0A.md');
});

test('check --format codequality writes a GitLab report whose fingerprints survive lines added above', () => {
  const dir = tempDir();
  const text = readFileSync(join(root, seed('001')), 'utf8');
  writeFileSync(join(dir, 'plan.md'), text);
  const before = okr(['check', '--format', 'codequality', 'plan.md'], dir);
  assert.equal(before.code, 1, before.stderr);
  const issues = JSON.parse(before.stdout) as Array<{ description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number; end: number } } }>;
  const diagnostics = JSON.parse(okr(['check', '--format', 'json', 'plan.md'], dir).stdout) as JsonDiagnostic[];
  const severities = { error: 'major', warning: 'minor', information: 'info', hint: 'info' } as const;
  assert.deepEqual(
    issues.map(({ fingerprint: _fingerprint, ...issue }) => issue),
    diagnostics.map((diagnostic) => ({
      description: diagnostic.message,
      check_name: diagnostic.code,
      severity: severities[diagnostic.severity],
      location: { path: 'plan.md', lines: { begin: diagnostic.line, end: diagnostic.endLine } },
    })),
  );
  for (const issue of issues) assert.match(issue.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'the same problem on the same text twice still gets two fingerprints');

  // A blank line after the title moves every problem down one line, and changes no fingerprint.
  writeFileSync(join(dir, 'plan.md'), text.replace('\n', '\n\n'));
  const after = JSON.parse(okr(['check', '--format', 'codequality', 'plan.md'], dir).stdout) as typeof issues;
  assert.deepEqual(after.map((issue) => issue.fingerprint), issues.map((issue) => issue.fingerprint));
  assert.deepEqual(after.map((issue) => issue.location.lines.begin), issues.map((issue) => issue.location.lines.begin + 1));
  // So do SARIF's.
  const sarifFingerprints = (): string[] =>
    JSON.parse(okr(['check', '--format', 'sarif', 'plan.md'], dir).stdout).runs[0].results.map((item: { partialFingerprints: Record<string, string> }) => item.partialFingerprints['okrLineHash/v1']);
  const moved = sarifFingerprints();
  writeFileSync(join(dir, 'plan.md'), text);
  assert.deepEqual(sarifFingerprints(), moved);
});

test('the okr problem matcher in package.json reads every line of the text output', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const matcher = manifest.contributes.problemMatchers.find((item: { name: string }) => item.name === 'okr');
  assert.equal(matcher.owner, 'okr');
  assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}']);
  const { regexp, file, line, column, severity, code, message } = matcher.pattern;
  const pattern = new RegExp(regexp);

  const dir = tempDir();
  writeFileSync(join(dir, 'a%b:c,d.md'), ESCAPE_PLAN);
  for (const [args, cwd] of [[['check', ...seeds], root], [['check', 'a%b:c,d.md'], dir]] as const) {
    const text = okr(args, cwd).stdout.trimEnd().split('\n');
    const diagnostics = JSON.parse(okr([...args, '--format', 'json'], cwd).stdout) as JsonDiagnostic[];
    assert.equal(text.length, diagnostics.length + 1, 'one line per diagnostic, then the count');
    assert.doesNotMatch(text[text.length - 1], pattern);
    diagnostics.forEach((diagnostic, index) => {
      const match = pattern.exec(text[index]);
      assert.ok(match, text[index]);
      assert.equal(match[file], diagnostic.file);
      assert.equal(Number(match[line]), diagnostic.line);
      assert.equal(Number(match[column]), diagnostic.column);
      assert.equal(match[code], diagnostic.code);
      assert.equal(match[message], diagnostic.message);
      // VS Code knows error, warning and info: information is read as info, and so is hint.
      assert.equal(match[severity], { error: 'error', warning: 'warning', information: 'info', hint: 'hint' }[diagnostic.severity]);
    });
  }
  assert.equal(pattern.exec('plans/q1.md:3:7: information line-too-long: Line 3 is long.')?.[severity], 'info');
});

test('an unknown --format is a usage error; an unreadable file gets one line and the others are still reported', () => {
  for (const args of [['check', '--format', 'xml', seed('000')], ['check', '--format=SARIF', seed('000')], ['summary', '--format', 'html', seed('000')], ['summary']]) {
    const result = okr(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Usage: okr/);
  }
  assert.match(okr(['check', '--format', 'xml', seed('000')]).stderr, /--format must be one of text, json, sarif, github, codequality, not "xml"/);

  const dir = tempDir();
  writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x00, 0x01]));
  writeFileSync(join(dir, 'plan.md'), ESCAPE_PLAN);
  for (const format of ['sarif', 'github', 'codequality']) {
    const result = okr(['check', '--format', format, 'binary.md', 'plan.md', 'missing.md'], dir);
    assert.equal(result.code, 2, format);
    assert.deepEqual(result.stderr.trimEnd().split('\n'), ['binary.md: not a text file (it contains NUL bytes)', 'missing.md: cannot read: no such file'], format);
    assert.match(result.stdout, /placeholder-value/, format);
  }
  const sarif = JSON.parse(okr(['check', '--format', 'sarif', 'binary.md', 'plan.md'], dir).stdout);
  assert.equal(sarif.runs[0].results.length, 2);
  // No problem at all: an empty but valid report.
  writeFileSync(join(dir, 'clean.md'), '# Notes\n\nNothing to see.\n');
  assert.deepEqual(okr(['check', '--format', 'codequality', 'clean.md'], dir), { code: 0, stdout: '[]\n', stderr: '' });
  assert.deepEqual(okr(['check', '--format', 'github', 'clean.md'], dir), { code: 0, stdout: '', stderr: '' });
  assert.deepEqual(JSON.parse(okr(['check', '--format', 'sarif', 'clean.md'], dir).stdout).runs[0].results, []);
});

/** The counts of a plan, worked out from `okr outline --json` on its own. */
function outlineCounts(plan: Plan): { objectives: number; keyResults: number; filled: number; tasksDone: number; tasks: number } {
  const counts = { objectives: 0, keyResults: 0, filled: 0, tasksDone: plan.tasks.filter((task) => task.status === 'done').length, tasks: plan.tasks.length };
  const visit = (objective: Objective): void => {
    counts.objectives++;
    for (const keyResult of objective.keyResults) {
      counts.keyResults++;
      if (keyResult.progress !== null) counts.filled++;
      keyResult.children.forEach(visit);
    }
    objective.children.forEach(visit);
  };
  plan.objectives.forEach(visit);
  return counts;
}

test('summary --format json has one row per plan with the counts the outline shows', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.md'), '# Team notes\n\nWe met on Monday.\n');
  const result = okr(['summary', '--format', 'json', ...seeds, join(dir, 'notes.md')]);
  assert.equal(result.code, 0, result.stderr);
  const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(rows.map((row) => row.file), seeds, 'the page that is not a plan is left out');
  for (const row of rows) {
    const plan = JSON.parse(okr(['outline', row.file as string, '--json']).stdout) as Plan;
    assert.deepEqual(row, { file: row.file, title: plan.title, period: plan.period, ...outlineCounts(plan) });
  }
  const cascade = rows.find((row) => row.file === seed('003'))!;
  assert.deepEqual([cascade.title, cascade.period], ['FY21-Q2 OKRs', 'FY21-Q2']);
  assert.ok((cascade.objectives as number) > 1 && (cascade.filled as number) > 0, 'nested objectives and progress notes are counted');
  assert.ok(rows.some((row) => (row.tasksDone as number) > 0 && (row.tasksDone as number) < (row.tasks as number)), 'some tasks are done and some not');
});

test('summary prints a Markdown table for the job summary, with | in cells escaped', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pipe.md'), ESCAPE_PLAN.replace('# FY22Q4 OKR Plan', '# FY22Q4 OKR Plan | Support'));
  writeFileSync(join(dir, 'notes.md'), '# Team notes\n\nWe met on Monday.\n');
  const result = okr(['summary', '.'], dir);
  assert.equal(result.code, 0, result.stderr);
  const row = JSON.parse(okr(['summary', '--format', 'json', 'pipe.md'], dir).stdout)[0];
  assert.equal(
    result.stdout,
    [
      '| File | Title | Period | Objectives | Key results | Filled | Tasks done |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: |',
      `| pipe.md | ${(row.title as string).replace(/\|/g, '\\|')} | FY22Q4 | 1 | 1 | 0 | 0/1 |`,
      '',
      '1 plan.',
      '',
    ].join('\n'),
  );
  assert.match(row.title, /\|/);
  const seedsTable = okr(['summary', 'test/fixtures/seeds']);
  assert.equal(seedsTable.stdout.split('\n').filter((line) => line.startsWith('| test/')).length, seeds.length);

  // An unreadable file is reported in one line; the table still lists the rest.
  writeFileSync(join(dir, 'binary.md'), Buffer.from([0x00]));
  const mixed = okr(['summary', 'binary.md', 'pipe.md'], dir);
  assert.equal(mixed.code, 2);
  assert.equal(mixed.stderr, 'binary.md: not a text file (it contains NUL bytes)\n');
  assert.match(mixed.stdout, /\| pipe\.md \|/);
});
