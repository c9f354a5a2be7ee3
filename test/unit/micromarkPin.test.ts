/**
 * micromark 4.0.3 tokenizes list-heavy documents in quadratic time (a 100k-line
 * plan takes minutes instead of seconds), while 4.0.2 is linear and yields the
 * same trees. package.json pins 4.0.2 through `overrides`. These tests fail as
 * soon as any installed copy drifts from the pin: a version check is exact and
 * instant, where a timing test would be slow and flaky on shared machines (the
 * speed itself is measured by `npm run bench`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PINNED = '4.0.2';

/** Every installed copy of micromark, hoisted or nested under another package. */
function installedMicromarkCopies(): string[] {
  return readdirSync(path.join(ROOT, 'node_modules'), { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.split(path.sep).slice(-3).join('/') === 'node_modules/micromark/package.json' || entry === path.join('micromark', 'package.json'))
    .map((entry) => path.join(ROOT, 'node_modules', entry));
}

test('package.json pins micromark to the linear release through overrides', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { overrides?: Record<string, string> };
  assert.equal(manifest.overrides?.micromark, PINNED);
});

test('every installed copy of micromark is the pinned release', () => {
  const copies = installedMicromarkCopies();
  assert.ok(copies.length > 0, 'micromark is not installed');
  for (const copy of copies) {
    const { version } = JSON.parse(readFileSync(copy, 'utf8')) as { version: string };
    assert.equal(version, PINNED, `${path.relative(ROOT, copy)} is ${version}`);
  }
});

test('the markdown parser resolves micromark to the pinned copy', () => {
  // mdast-util-from-markdown is the package that calls micromark for remark-parse.
  const fromMarkdown = path.dirname(require.resolve('mdast-util-from-markdown', { paths: [path.dirname(require.resolve('remark-parse'))] }));
  const micromarkEntry = require.resolve('micromark', { paths: [fromMarkdown] });
  const micromarkRoot = micromarkEntry.slice(0, micromarkEntry.lastIndexOf(`${path.sep}micromark${path.sep}`) + `${path.sep}micromark`.length);
  const { version } = JSON.parse(readFileSync(path.join(micromarkRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version, PINNED);
});
