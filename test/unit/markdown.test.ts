/**
 * The parser reads GFM without remark-gfm's pass that links bare addresses
 * in text. A plan must read exactly as it would with that pass: every seed,
 * fixture and generated plan gives the same syntax, and so the same plan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { generatePlan } from '../../bench/generatePlan';
import { parseMarkdown, splitLines, tameForParser } from '../../server/src/okr/parse/markdown';
import { blockSyntax } from '../../server/src/okr/parse/syntax';

const withGfm = unified().use(remarkParse).use(remarkGfm);
const FIXTURES = path.resolve(__dirname, '../fixtures');

const ADDRESSES = [
  '# FY23Q1 OKR Plan',
  '',
  '1. **CEO: Grow.** \\',
  '   KR: Reach www.example.com/path_(x) and https://example.com/a*b*c by Q2; mail ops@example.com. \\',
  '   KR: _Ship www.docs.io_ with **http://x.io/?q=1**, see <https://example.com>.',
  '   KR: Move "www.old.example.com" and [www.wiki.example.com] to ‘https://z.io’.',
  '',
  '| # | Status | Responsible | Task |',
  '|---|---|---|---|',
  '| 1 | Done | Warren (warren@example.com) | Move www.old.example.com to https://new.example.com |',
].join('\n');

function texts(): Array<[string, string]> {
  const files = ['seeds', 'dialects', 'rules'].flatMap((folder) =>
    readdirSync(path.join(FIXTURES, folder))
      .filter((name) => /\.(txt|md)$/.test(name))
      .map((name): [string, string] => [`${folder}/${name}`, readFileSync(path.join(FIXTURES, folder, name), 'utf8')]),
  );
  return [...files, ['addresses', ADDRESSES], ['generated plan', generatePlan({ lines: 2000 }, 3)]];
}

test('plans read the same as with remark-gfm', () => {
  for (const [name, text] of texts()) {
    const lines = splitLines(text);
    assert.deepEqual(blockSyntax(parseMarkdown(text), lines), blockSyntax(withGfm.parse(tameForParser(text)), lines), name);
  }
});
