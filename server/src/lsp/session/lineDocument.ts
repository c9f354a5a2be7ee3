/**
 * An open document kept as its lines, for `TextDocuments`. The editor sends
 * each keystroke as a change to a range; applying it to an array of lines
 * costs one line's text, where a single string would be copied whole on
 * every keystroke and split into lines again. Each version's `lines` is a
 * new array that shares the unchanged lines' strings with the last one, so
 * the parser finds what changed by comparing references.
 */
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { splitLines } from '../../okr/parse/markdown';

/** A position as LSP sends it: 0-based line and UTF-16 character. */
interface Position {
  line: number;
  character: number;
}

export class LineDocument {
  /** The document's lines without their line ends; read-only, and replaced on every change. */
  public lines: readonly string[];
  /**
   * The line end after each line (`\n`, `\r\n` or `\r`; empty after the last):
   * a `\r` typed before a `\n` makes one line end of two, as it does in the text.
   */
  private ends: readonly string[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    [this.lines, this.ends] = linesAndEnds(text);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** Applies the editor's changes, in order, the way `TextDocument.update` does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        [this.lines, this.ends] = linesAndEnds(change.text);
        continue;
      }
      const [start, end] = ordered(this.clamp(change.range.start), this.clamp(change.range.end));
      let from = start.line;
      // The line end after the change is read along, so that a `\r` typed before a `\n` joins it into one `\r\n`.
      let segment = this.lines[from].slice(0, start.character) + change.text + this.lines[end.line].slice(end.character) + this.ends[end.line];
      // Likewise a `\n` that comes to follow a `\r` line end: the line before is read along.
      if (from > 0 && this.ends[from - 1] === '\r' && segment.startsWith('\n')) segment = `${this.lines[--from]}\r${segment}`;
      const [lines, ends] = linesAndEnds(segment);
      const last = end.line === this.lines.length - 1;
      this.lines = [...this.lines.slice(0, from), ...(last ? lines : lines.slice(0, -1)), ...this.lines.slice(end.line + 1)];
      this.ends = [...this.ends.slice(0, from), ...(last ? ends : ends.slice(0, -1)), ...this.ends.slice(end.line + 1)];
    }
    this.version = version;
  }

  /** A position inside the document: past the end of a line is its end, past the last line is the document's end. */
  private clamp({ line, character }: Position): Position {
    if (line < 0) return { line: 0, character: 0 };
    if (line >= this.lines.length) return { line: this.lines.length - 1, character: this.lines[this.lines.length - 1].length };
    return { line, character: Math.max(0, Math.min(character, this.lines[line].length)) };
  }
}

/** The two positions, the earlier first. */
function ordered(a: Position, b: Position): [Position, Position] {
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
}

/** A text's lines, as CommonMark counts them, and the line end after each (empty after the last). */
function linesAndEnds(text: string): [string[], string[]] {
  const lines = splitLines(text);
  const ends: string[] = [];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) ends.push(match[0]);
  ends.push('');
  return [lines, ends];
}

/** Tells `TextDocuments` to keep documents as lines. */
export const LINE_DOCUMENTS: TextDocumentsConfiguration<LineDocument> = {
  create: (uri, languageId, version, text) => new LineDocument(uri, languageId, version, text),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
