/**
 * The server keeps open documents as lines. After any sequence of the
 * editor's changes, its lines must be the lines of the text the reference
 * `TextDocument` holds, or every position the server reports would drift.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LINE_DOCUMENTS, LineDocument } from '../../server/src/lsp/session/lineDocument';
import { splitLines } from '../../server/src/okr/parse/markdown';
import { fuzzAssert, resolveEdit, seedDocument, textEdit, type TextEdit } from '../support/edits';

/** A change as the editor sends it, with positions sometimes past the end of a line or of the document. */
interface Change {
  edit: TextEdit;
  overshoot: { line: number; character: number } | null;
}

const change: fc.Arbitrary<Change> = fc.record({
  edit: textEdit,
  overshoot: fc.option(fc.record({ line: fc.integer({ min: -2, max: 3 }), character: fc.integer({ min: -2, max: 300 }) }), { freq: 4 }),
});

test('the lines after any changes are the lines of the text a TextDocument holds', () => {
  fuzzAssert(
    fc.property(seedDocument, fc.boolean(), fc.array(change, { minLength: 1, maxLength: 20 }), (seedText, crlf, changes) => {
      // The editor's model uses one kind of line end, LF or CRLF, in the document and in what is typed.
      const eol = (text: string): string => (crlf ? text.replace(/\r\n|\r|\n/g, '\r\n') : text.replace(/\r\n|\r/g, '\n'));
      const text = eol(seedText);
      const reference = TextDocument.create('file:///plan.md', 'markdown', 1, text);
      const document = LINE_DOCUMENTS.create('file:///plan.md', 'markdown', 1, text);
      changes.forEach(({ edit, overshoot }, index) => {
        const { offset, length, insert } = resolveEdit(reference.getText(), edit);
        const start = reference.positionAt(offset);
        const end = overshoot
          ? { line: start.line + overshoot.line, character: overshoot.character }
          : reference.positionAt(offset + length);
        const event = { range: { start, end }, text: eol(insert) };
        TextDocument.update(reference, [event], index + 2);
        LINE_DOCUMENTS.update(document, [event], index + 2);
        assert.deepEqual(document.lines, splitLines(reference.getText()));
        assert.equal(document.version, index + 2);
      });
    }),
    200,
  );
});

test('an edit leaves the last version\'s lines as they were, and a change may replace the whole text', () => {
  const document = new LineDocument('file:///plan.md', 'markdown', 1, '# Plan\n\n- KR: Reach X%');
  const before = document.lines;
  document.update([{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 13 } }, text: '50' }], 2);
  assert.deepEqual(document.lines, ['# Plan', '', '- KR: Reach 50%']);
  // A parse of the last version may still hold its lines: they never change.
  assert.deepEqual(before, ['# Plan', '', '- KR: Reach X%']);
  document.update([{ text: 'one\r\ntwo' }], 3);
  assert.deepEqual(document.lines, ['one', 'two']);
});

test('a carriage return typed before a line feed, or a line feed after one, makes one line end of the two, as in the text', () => {
  const cases: Array<[string, { line: number; character: number }, { line: number; character: number }, string]> = [
    ['one\ntwo\nthree', { line: 0, character: 3 }, { line: 0, character: 3 }, '\r'],
    ['one\rtwo\nthree', { line: 1, character: 0 }, { line: 1, character: 0 }, '\n'],
    ['a\rb\nc', { line: 1, character: 0 }, { line: 1, character: 1 }, ''],
    ['Objective\n\n1. **CEO**\nmore', { line: 0, character: 6 }, { line: 0, character: 9 }, '\r'],
  ];
  for (const [text, start, end, insert] of cases) {
    const reference = TextDocument.create('file:///plan.md', 'markdown', 1, text);
    const document = LINE_DOCUMENTS.create('file:///plan.md', 'markdown', 1, text);
    const event = { range: { start, end }, text: insert };
    TextDocument.update(reference, [event], 2);
    LINE_DOCUMENTS.update(document, [event], 2);
    assert.deepEqual(document.lines, splitLines(reference.getText()), JSON.stringify([text, start, end, insert]));
  }
});
