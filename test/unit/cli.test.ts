import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { parsePlan } from '../../server/src/okr/parse/parser';

const root = join(__dirname, '..', '..');
const seedsDir = join(root, 'test', 'fixtures', 'seeds');
const seeds = readdirSync(seedsDir).sort();
const seedPath = (prefix: string): string => join(seedsDir, seeds.find((name) => name.startsWith(prefix))!);

/** The CLI bundled the way the build bundles it, once for all tests. */
const bundle = join(mkdtempSync(join(tmpdir(), 'okr-bundle-')), 'cli.js');
buildSync({
  entryPoints: [join(root, 'server', 'src', 'cli.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'error',
  // As esbuild.mjs does: ESM-only dependencies read import.meta.url.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

/** Runs the bundled CLI as `okr …`. */
function okr(args: readonly string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'okr-cli-'));
const PLAN_WITH_WARNING = '# FY22Q4 OKR Plan\n\n**Objective: Reply within 2 days.**\n\nWe will measure this via the following key results:\n\n- Reply to X% of cases in 2 days.\n';

test('--version prints the package version; --help prints usage', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(okr(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
  const help = okr(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: okr <command>/);
  assert.match(help.stdout, /check PATH\.\.\./);
});

test('an unknown command or option prints usage and exits 2', () => {
  for (const args of [['frobnicate'], ['check', '--colour', 'x.md'], ['check'], ['outline'], ['check', '--format', 'xml', 'x.md'], []]) {
    const result = okr(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr + result.stdout, /Usage: okr/);
  }
  assert.match(okr(['frobnicate']).stderr, /unknown command "frobnicate"/);
});

test('outline --json prints exactly the parsed plan', () => {
  for (const prefix of ['000', '003']) {
    const result = okr(['outline', seedPath(prefix), '--json']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${JSON.stringify(parsePlan(readFileSync(seedPath(prefix), 'utf8')), null, 2)}\n`);
  }
});

test('outline without --json prints a readable outline', () => {
  const result = okr(['outline', seedPath('003')]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^FY21-Q2 OKRs/);
  assert.match(result.stdout, /\n {2}Objective: CEO: Scale up pipeline and ARR\. {2}\(line 7\)\n {4}KR: Q3 and Q4 new and expansion pipelines ahead of plan\./);
  assert.match(result.stdout, /\n {4}Objective: Marketing: More professional developers will know about and try Sourcegraph/);
  assert.match(okr(['outline', seedPath('000')]).stdout, /Tasks \(3\):\n {2}1\. \[In-progress\] Case reviews — CS leadership {2}\(line 21, details line 27\)/);
});

test('check --format json prints the contract fields for every seed and exits 1 on errors', () => {
  const result = okr(['check', '--format', 'json', ...seeds.map((name) => join('test', 'fixtures', 'seeds', name))]);
  assert.equal(result.code, 1, result.stderr);
  const items = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
  for (const item of items) assert.deepEqual(Object.keys(item), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
  for (const name of seeds) {
    const golden = JSON.parse(readFileSync(join(root, 'test', 'golden', name.replace(/\.txt$/, '.diagnostics.json')), 'utf8')) as unknown[];
    const printed = items.filter((item) => item.file === join('test', 'fixtures', 'seeds', name)).map(({ file: _file, ...rest }) => rest);
    assert.deepEqual(printed, golden, name);
  }
});

test('check exits 0 when there are only warnings, and says so in text', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'plan.md'), PLAN_WITH_WARNING);
  const result = okr(['check', join(dir, 'plan.md')]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /plan\.md:7:12: warning placeholder-value: "X" is a placeholder value/);
  assert.match(result.stdout, /1 problem \(0 errors, 1 warning, 0 other\) in 1 file\.\n$/);
});

test('unreadable and binary files get one clear line and exit 2; the other files are still checked', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.md'), PLAN_WITH_WARNING);
  writeFileSync(join(dir, 'b.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
  writeFileSync(join(dir, 'c.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x41]));
  writeFileSync(join(dir, 'd.md'), PLAN_WITH_WARNING);
  const result = okr(['check', '--format', 'json', join(dir, 'a.md'), join(dir, 'b.md'), join(dir, 'c.md'), join(dir, 'missing.md'), join(dir, 'd.md')]);
  assert.equal(result.code, 2);
  assert.deepEqual(result.stderr.trim().split('\n'), [
    `${join(dir, 'b.md')}: not a text file (it contains NUL bytes)`,
    `${join(dir, 'c.md')}: not a text file (it is not valid UTF-8)`,
    `${join(dir, 'missing.md')}: cannot read: no such file`,
  ]);
  const items = JSON.parse(result.stdout) as Array<{ file: string }>;
  assert.deepEqual(items.map((item) => item.file), [join(dir, 'a.md'), join(dir, 'd.md')]);
  const text = okr(['check', join(dir, 'a.md'), join(dir, 'b.md')]);
  assert.match(text.stdout, /in 1 file\.\n$/, 'the summary counts only the files that were checked');
});

test('folders and globs expand to their Markdown files; thousands of files in one call', () => {
  const dir = tempDir();
  const count = 2500;
  for (let index = 0; index < count; index++) {
    const sub = join(dir, `team${index % 50}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `plan${index}.md`), PLAN_WITH_WARNING);
  }
  // Text files are read too, but one that is not a plan gets nothing.
  writeFileSync(join(dir, 'notes.txt'), 'TBD');
  const byFolder = okr(['check', '--format', 'json', dir]);
  assert.equal(byFolder.code, 0, byFolder.stderr);
  const items = JSON.parse(byFolder.stdout) as Array<{ file: string; code: string }>;
  assert.equal(items.length, count);
  assert.ok(items.every((item) => item.code === 'placeholder-value'));
  copyFileSync(seedPath('000'), join(dir, 'team0', 'FY22Q4-plan.txt'));
  const withTextPlan = JSON.parse(okr(['check', '--format', 'json', dir]).stdout) as Array<{ file: string; code: string }>;
  assert.deepEqual(withTextPlan.filter((item) => item.file.endsWith('.txt')).map((item) => item.code), ['placeholder-deadline']);
  const byGlob = okr(['check', 'team1/*.md', 'team2*/plan2.md'], dir);
  assert.equal(byGlob.code, 0, byGlob.stderr);
  assert.match(byGlob.stdout, /51 problems .* in 51 files\.\n$/);
  assert.equal(okr(['check', 'nothing/*.md'], dir).code, 2);
});

test('check --fix repairs safe problems in place, reports them, and a second run changes nothing', () => {
  const dir = tempDir();
  copyFileSync(seedPath('002'), join(dir, 'q3.md'));
  copyFileSync(seedPath('004'), join(dir, 'skeleton.md'));
  writeFileSync(join(dir, 'bom.md'), `\uFEFF${readFileSync(seedPath('002'), 'utf8')}`);
  const first = okr(['check', '--fix', 'q3.md', 'skeleton.md', 'bom.md'], dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /^q3\.md: fixed 15 problems: mojibake ×15$/m);
  assert.match(first.stderr, /^skeleton\.md: fixed 6 problems: list-nesting ×6$/m);
  const fixed = readFileSync(join(dir, 'q3.md'), 'utf8');
  const expected = readFileSync(seedPath('002'), 'utf8')
    .replaceAll('ðŸš«', '🚫')
    .replaceAll('âœ…', '✅')
    .replaceAll('â€¦', '…')
    .replaceAll('â€™', '’')
    .replaceAll('Ã¨', 'è')
    .replaceAll('Ã©', 'é');
  assert.equal(fixed, expected);
  assert.ok(readFileSync(join(dir, 'bom.md'), 'utf8').startsWith('\uFEFF# FY22Q3'));
  assert.doesNotMatch(first.stdout, /mojibake|list-nesting/);
  assert.match(first.stdout, /placeholder-value/);
  const second = okr(['check', '--fix', 'q3.md', 'skeleton.md', 'bom.md'], dir);
  assert.equal(second.stderr, '');
  assert.equal(readFileSync(join(dir, 'q3.md'), 'utf8'), fixed);
});

test('the nearest data/team.yml names the team, and .okr.json configures rules and groups', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'handbook', 'support'), { recursive: true });
  writeFileSync(join(dir, 'data', 'team.yml'), 'warren:\n  name: Warren Diaz\n  github: wdiaz\nnonso:\n  name: Nonso Obi\n');
  const plan = '# FY22Q4 OKR Plan\n\n**Objective: Reply within 2 days.**\n\n| # | Status | Responsible | Project |\n| - | ------ | ----------- | ------- |\n| 1 | Done | Waren | Debug command |\n| 2 | Done | Tooling guild | Tooling |\n';
  writeFileSync(join(dir, 'handbook', 'support', 'plan.md'), plan);
  const named = okr(['check', '--format', 'json', join(dir, 'handbook')]);
  const codes = (JSON.parse(named.stdout) as Array<{ code: string; message: string; line: number }>).filter((item) => item.code === 'unknown-teammate');
  assert.deepEqual(codes.map((item) => [item.line, item.message]), [
    [7, '"Waren" is not in the team roster. Did you mean Warren?'],
    [8, '"Tooling guild" is not in the team roster.'],
  ]);
  writeFileSync(join(dir, 'handbook', '.okr.json'), JSON.stringify({ groups: ['Tooling guild'], rules: { 'unknown-teammate': 'error' } }));
  const configured = okr(['check', '--format', 'json', join(dir, 'handbook')]);
  assert.equal(configured.code, 1);
  assert.deepEqual((JSON.parse(configured.stdout) as Array<{ code: string; severity: string; line: number }>).filter((item) => item.code === 'unknown-teammate').map((item) => [item.line, item.severity]), [[7, 'error']]);
  writeFileSync(join(dir, 'handbook', '.okr.json'), '{"rules": {"unknown-teammate": "off"}');
  const broken = okr(['check', join(dir, 'handbook')]);
  assert.match(broken.stderr, /\.okr\.json is not valid JSON/);
});

test('in a project (a folder with .git), every data/team.yml under its root names the team', () => {
  const dir = tempDir();
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'people', 'data'), { recursive: true });
  mkdirSync(join(dir, 'handbook', 'support'), { recursive: true });
  writeFileSync(join(dir, 'people', 'data', 'team.yml'), 'warren:\n  name: Warren Diaz\n');
  writeFileSync(join(dir, 'handbook', 'support', 'plan.md'), '# FY22Q4 OKR Plan\n\n**Objective: Reply within 2 days.**\n\n| # | Status | Responsible | Project |\n| - | ------ | ----------- | ------- |\n| 1 | Done | Warren | Debug command |\n| 2 | Done | Wren | Tooling |\n');
  const result = okr(['check', '--format', 'json', 'handbook'], dir);
  assert.deepEqual((JSON.parse(result.stdout) as Array<{ code: string; line: number }>).filter((item) => item.code === 'unknown-teammate').map((item) => item.line), [8]);
});

/**
 * A handbook of many plans in several projects: each project has its own roster or
 * project file (one of them broken), and a binary page and a missing file are among them.
 */
function manyPlans(): string {
  const dir = tempDir();
  for (let team = 0; team < 24; team++) {
    const project = join(dir, `project-${team % 3}`, `team-${String(team).padStart(2, '0')}`);
    mkdirSync(project, { recursive: true });
    copyFileSync(seedPath(String(team % 5).padStart(3, '0')), join(project, 'FY22Q4-OKR.md'));
  }
  mkdirSync(join(dir, 'project-0', 'data'));
  writeFileSync(join(dir, 'project-0', 'data', 'team.yml'), 'warren:\n  name: Warren Diaz\nnonso:\n  name: Nonso Obi\n');
  writeFileSync(join(dir, 'project-1', '.okr.json'), JSON.stringify({ rules: { 'kr-without-target': 'error', 'placeholder-tbd': 'loud', 'kr-witout-target': 'off' }, roster: ['people.yml'] }));
  writeFileSync(join(dir, 'project-1', 'people.yml'), 'warren: [unclosed\n');
  writeFileSync(join(dir, 'project-2', 'team-02', 'scan.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  return dir;
}

test('checking on worker threads prints exactly what checking one file at a time prints', () => {
  const dir = manyPlans();
  for (const format of ['text', 'json']) {
    const args = ['check', '--format', format, dir, join(dir, 'gone-OKR.md')];
    const alone = okr([...args, '--jobs', '1']);
    const together = okr([...args, '--jobs', '3']);
    assert.equal(alone.code, 2, alone.stderr);
    assert.deepEqual(together, alone, `--format ${format}`);
    assert.deepEqual(okr(args), alone, `--format ${format} with the default number of threads`);
    assert.match(alone.stderr, /scan\.md: not a text file[\s\S]*gone-OKR\.md: cannot read[\s\S]*"loud" is not one of[\s\S]*Rule "kr-witout-target" does not exist; did you mean "kr-without-target"\?[\s\S]*people\.yml: malformed YAML/);
  }
  const files = (JSON.parse(okr(['check', '--format', 'json', dir, '--jobs', '3']).stdout) as Array<{ file: string }>).map((item) => item.file);
  assert.ok(files.length > 100, `${files.length} diagnostics`);
  assert.deepEqual(files, [...files].sort(), 'files are reported in order');
});

test('--fix on worker threads fixes and reports the same as one file at a time', () => {
  const alone = manyPlans();
  const together = tempDir();
  cpSync(alone, together, { recursive: true });
  const fixAlone = okr(['check', '--fix', '.', '--jobs', '1'], alone);
  const fixTogether = okr(['check', '--fix', '.', '--jobs', '4'], together);
  assert.match(fixAlone.stderr, /fixed \d+ problems?: mojibake/);
  assert.deepEqual({ ...fixTogether, stderr: fixTogether.stderr.replaceAll(together, alone) }, fixAlone);
  const seed002 = join('project-2', 'team-02', 'FY22Q4-OKR.md');
  assert.equal(readFileSync(join(together, seed002), 'utf8'), readFileSync(join(alone, seed002), 'utf8'));
  assert.notEqual(readFileSync(join(alone, seed002), 'utf8'), readFileSync(seedPath('002'), 'utf8'));
});

test('--jobs takes a whole number of threads', () => {
  for (const jobs of ['0', 'two', '-1', '1.5']) {
    const result = okr(['check', '--jobs', jobs, seedPath('000')]);
    assert.equal(result.code, 2, jobs);
    assert.match(result.stderr, /--jobs must be a whole number/);
  }
});

test('.okr.json sets how scores roll up and where the bands start, for okr outline as for the editor', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'plan.md'), '# FY26Q4 OKRs\n\n**Objective: Ship it.**\n\n- KR: Reach 50% adoption => 80%\n- KR: Set up in 5 minutes => 20%\n');
  const objective = (): { score: number | null; band: string | null } => (JSON.parse(okr(['outline', 'plan.md', '--json'], dir).stdout) as { objectives: Array<{ score: number | null; band: string | null }> }).objectives[0];
  assert.deepEqual(objective(), { ...objective(), score: 0.5, band: 'yellow' }, 'the average by default, in Google\'s bands');
  writeFileSync(join(dir, '.okr.json'), JSON.stringify({ rollup: 'weakest', scoreBands: { yellow: 0.1, green: 0.5 } }));
  assert.deepEqual(objective(), { ...objective(), score: 0.2, band: 'yellow' }, 'the weakest, in the project\'s bands');
});
