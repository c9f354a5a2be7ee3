/**
 * The project file: `.okr.jsonc` read with comments, `ignores` that keep
 * files from `okr check` when it expands folders and globs and from the
 * editor, and the JSON schema that VS Code validates both names against.
 * The CLI cases run the built `okr` command (run `npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseProjectConfig } from '../../server/src/okr/project/projectConfig';
import { declaredPlan, isIgnored, projectGlobs } from '../../server/src/okr/project/lookup';
import { posixPaths } from '../../server/src/okr/project/paths';
import { RULES } from '../../server/src/okr/check/rules/index';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const schema = JSON.parse(readFileSync(join(root, 'server', 'schemas', 'okr.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

function okr(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A plan with one warning: a placeholder (TBD). */
const PLAN = ['# FY23Q1 OKR Plan', '', '**Objective: Grow revenue.**', '', '- KR: Reach TBD customers', '- KR: Hire 2 PMs', ''].join('\n');

test('the schema accepts the README examples and every rule id, and rejects a bad project file', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```jsonc?\n([\s\S]*?)```/g)].map((match) => match[1]).filter((text) => /"(?:rules|groups|roster|files|exclude|ignores)"/.test(text));
  assert.ok(examples.length >= 1, 'the README shows a project file');
  for (const example of examples) {
    const config = parseProjectConfig(example, '/project/.okr.jsonc');
    assert.deepEqual(config.problems, [], example);
    const data = JSON.parse(example.replace(/^\s*\/\/.*$/gm, ''));
    assert.ok(validate(data), `${example}: ${JSON.stringify(validate.errors)}`);
  }
  assert.ok(validate({ rules: Object.fromEntries(RULES.map((rule) => [rule.id, 'warning'])) }), JSON.stringify(validate.errors));
  assert.ok(validate({ rules: { 'placeholder-tbd': false, 'kr-without-target': 'Warn' }, ignores: ['drafts/**'] }), JSON.stringify(validate.errors));
  for (const bad of [{ rules: { 'placeholder-tbd': 'loud' } }, { ignores: 'drafts/**' }, { files: [3] }, { ignore: ['drafts/**'] }, []]) {
    assert.equal(validate(bad), false, JSON.stringify(bad));
  }
});

test('.okr.jsonc is read with comments and trailing commas; bad JSON with comments is a problem, not an exception', () => {
  const config = parseProjectConfig('{\n  // drafts are not checked\n  "ignores": ["drafts/**",],\n  /* rules */ "rules": { "placeholder-tbd": "off" },\n}\n', '/project/.okr.jsonc');
  assert.deepEqual(config.problems, []);
  assert.deepEqual(config.ignores, ['drafts/**']);
  assert.deepEqual(config.rules, { 'placeholder-tbd': 'off' });
  assert.match(parseProjectConfig('{ "ignores": [ }', '/project/.okr.jsonc').problems[0], /not valid JSON with comments/);
  assert.match(parseProjectConfig('{ // no comments here\n}', '/project/.okr.json').problems[0], /not valid JSON/);
  assert.match(parseProjectConfig('{ "ignores": "drafts" }', '/project/.okr.json').problems[0], /"ignores" must be a list of strings/);
});

test('ignored files are never plans in the editor and the workspace index', () => {
  const config = parseProjectConfig('{ "ignores": ["drafts/**"], "files": ["**/*.md"] }', '/project/.okr.json');
  assert.equal(isIgnored(posixPaths, '/project/drafts/plan.md', config), true);
  assert.equal(isIgnored(posixPaths, '/project/plans/plan.md', config), false);
  assert.equal(declaredPlan(posixPaths, '/project/drafts/plan.md', projectGlobs(posixPaths, config)), false);
  assert.equal(declaredPlan(posixPaths, '/project/plans/plan.md', projectGlobs(posixPaths, config)), true);
});

test('okr check skips ignored files when it expands folders and globs, and reads a file named on its own as no plan', () => {
  const project = mkdtempSync(join(tmpdir(), 'okr-ignores-'));
  mkdirSync(join(project, 'plans'));
  mkdirSync(join(project, 'drafts'));
  writeFileSync(join(project, '.okr.jsonc'), '{\n  // drafts are work in progress\n  "ignores": ["drafts/**"]\n}\n');
  writeFileSync(join(project, 'plans', 'q1.md'), PLAN);
  writeFileSync(join(project, 'drafts', 'q2.md'), PLAN);
  const folder = okr(['check', '.', '--format', 'json'], project);
  assert.equal(folder.code, 0, folder.stderr);
  assert.match(folder.stdout, /plans\/q1\.md/);
  assert.doesNotMatch(folder.stdout, /drafts/);
  const globbed = okr(['check', '**/*.md', '--format', 'json'], project);
  assert.doesNotMatch(globbed.stdout, /drafts/);
  const named = okr(['check', 'drafts/q2.md', '--format', 'json'], project);
  assert.equal(named.code, 0, named.stderr);
  assert.doesNotMatch(named.stdout, /placeholder-tbd/, 'a named ignored file is read as no plan, so nothing is reported');
});
