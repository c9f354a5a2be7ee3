/**
 * Aligning a plan's tables: columns padded by display width (CJK and emoji
 * take two), delimiter rows following their alignment, nothing but
 * whitespace changed in a row, tables in code blocks and lists left alone,
 * and a second run a no-op.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument, type PlanDocument } from '../../server/src/okr/parse/parser';
import { displayWidth, formatTables, tablesOf, type LineEdit } from '../../server/src/okr/format/tables';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'format');
const corpus = join(import.meta.dirname, '../../../shared/corpus');

/** The text with the edits applied. */
function apply(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  for (const edit of edits) lines[edit.line - 1] = edit.newText;
  return lines.join('\n');
}

const format = (text: string, range?: { from: number; to: number }): string => apply(text, formatTables(parseDocument(text), range));

/** A delimiter row's alignments, the one thing about it that must survive. */
const alignments = (row: string): string => row.replace(/\s/g, '').replace(/-+/g, '-');

/** Checks that formatting changed only whitespace in table rows, and dashes in delimiter rows. */
function assertOnlyWhitespace(doc: PlanDocument, edits: readonly LineEdit[], where: string): void {
  const lines = doc.lines;
  const tableLines = new Set(tablesOf(doc).flatMap((table) => [table.header, table.header + 1, ...table.rows]));
  const delimiters = new Set(tablesOf(doc).map((table) => table.header + 1));
  for (const edit of edits) {
    const old = lines[edit.line - 1];
    assert.ok(tableLines.has(edit.line), `${where}:${edit.line} is not a table row: ${old}`);
    if (delimiters.has(edit.line)) assert.equal(alignments(edit.newText), alignments(old), `${where}:${edit.line}`);
    else assert.equal(edit.newText.replace(/\s/g, ''), old.replace(/\s/g, ''), `${where}:${edit.line}`);
  }
}

test('a ragged status table is aligned by display width, its delimiter row following each column\'s alignment', () => {
  const text = readFileSync(join(fixtures, 'ragged.md'), 'utf8');
  assert.equal(format(text), readFileSync(join(fixtures, 'ragged.expected.md'), 'utf8'));
});

test('formatting again changes nothing, and an aligned table gets no edit', () => {
  const text = readFileSync(join(fixtures, 'ragged.md'), 'utf8');
  const once = format(text);
  assert.deepEqual(formatTables(parseDocument(once)), []);
});

test('wide characters count two columns, so aligned CJK and emoji cells line up on screen', () => {
  assert.equal(displayWidth('山田'), 4);
  assert.equal(displayWidth('✅'), 2);
  assert.equal(displayWidth('🚀 go'), 5);
  assert.equal(displayWidth('Nonso'), 5);
});

test('range formatting aligns only the tables the range touches', () => {
  const table = (name: string): string => `| ${name} | b |\n|-|-|\n| 1 | 22 |`;
  const text = `# FY26Q1 OKR Plan\n\n${table('first')}\n\nBetween the tables.\n\n${table('second')}\n`;
  const formatted = format(text, { from: 11, to: 11 });
  assert.ok(formatted.includes(table('first')), 'the first table is untouched');
  assert.ok(formatted.includes('| second | b   |\n| ------ | --- |\n| 1      | 22  |'), formatted);
  assert.deepEqual(formatTables(parseDocument(text), { from: 6, to: 8 }), [], 'a range between tables touches none');
});

test('rows keep their cells and outer pipes: extra cells, missing cells and pipe-less rows', () => {
  const text = 'a | b\n--|--\nlonger | x | extra\nonly\n';
  const formatted = format(text);
  assert.equal(formatted, 'a      | b\n------ | ---\nlonger | x   | extra\nonly\n');
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : /\.(md|txt)$/.test(name) ? [path] : [];
  });
}

test('on every real page, formatting changes only whitespace inside table rows and is idempotent', { skip: !existsSync(corpus) && 'no shared corpus beside the project' }, () => {
  const pages = markdownFiles(corpus);
  assert.ok(pages.length >= 200);
  let formattedTables = 0;
  for (const page of pages) {
    const text = readFileSync(page, 'utf8').replace(/\r\n?/g, '\n');
    // Only a page with a delimiter row can hold a table.
    if (!/^ *\|? *:?-+:? *\|/m.test(text)) continue;
    const doc = parseDocument(text);
    const edits = formatTables(doc);
    assertOnlyWhitespace(doc, edits, page);
    if (edits.length === 0) continue;
    formattedTables++;
    assert.deepEqual(formatTables(parseDocument(apply(text, edits))), [], `${page} formats to a fixed point`);
  }
  assert.ok(formattedTables > 5, `pages with tables to align: ${formattedTables}`);
});

test('on generated tables, formatting changes only whitespace and reaches a fixed point in one run', () => {
  const cell = fc.stringMatching(/^[ a-zA-Z0-9山田✅🚀`*_\\|-]{0,12}$/).map((text) => text.replace(/\\+$/, ''));
  const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => `|${cells.join('|')}|`);
  const table = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(row, { maxLength: 6 }), fc.constantFrom('---', ':--', '--:', ':-:')).map(
    ([columns, rows, delimiter]) => [`|${Array.from({ length: columns }, (_, index) => ` h${index} `).join('|')}|`, `|${Array(columns).fill(delimiter).join('|')}|`, ...rows].join('\n'),
  );
  fc.assert(
    fc.property(table, (generated) => {
      const text = `# FY26Q1 OKR Plan\n\n${generated}\n`;
      const doc = parseDocument(text);
      const edits = formatTables(doc);
      assertOnlyWhitespace(doc, edits, 'generated');
      assert.deepEqual(formatTables(parseDocument(apply(text, edits))), []);
    }),
    { numRuns: 300 },
  );
});
