/**
 * The only place that runs the Markdown parser. It also cuts a document into
 * top-level blocks that parse the same on their own as they do in place, so
 * that an edit re-parses one block instead of the whole document.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent } from 'mdast';

const processor = unified().use(remarkParse).use(remarkGfm);

/** Parses Markdown (CommonMark + GFM tables and task lists) into mdast. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** Splits text into lines the way CommonMark counts them (CRLF, CR or LF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;

/**
 * 0-based lines where a new top-level block may start: an ATX heading at
 * column 0, or a line at column 0 right after a blank line. Neither can
 * continue a paragraph or a container, so the only constructs that cross
 * such a line are fenced code and raw HTML; `needsNextBlock` finds those
 * after parsing, and the caller joins the two blocks.
 */
export function blockStarts(lines: readonly string[]): number[] {
  const starts = [0];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (ATX_HEADING.test(line) || (BLANK.test(lines[i - 1]) && line.length > 0 && line[0] !== ' ' && line[0] !== '\t' && !BLANK.test(line))) {
      starts.push(i);
    }
  }
  return starts;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const HTML_WITH_END_MARKER: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * When the block's last node is fenced code or raw HTML that the block
 * boundary cut short, returns the pattern of the line that ends it in the
 * full document; the caller extends the block past that line. Otherwise null.
 */
export function unfinishedBlockEnd(root: Root, text: string, lines: readonly string[]): RegExp | null {
  const last: RootContent | undefined = root.children[root.children.length - 1];
  if (!last?.position) return null;
  const startLine = last.position.start.line - 1;
  const endLine = last.position.end.line - 1;
  const first = lines[startLine] ?? '';
  if (last.type === 'code') {
    const fence = FENCE_OPEN.exec(first);
    if (!fence) return null;
    const closing = new RegExp(`^ {0,3}${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}[ \\t]*$`);
    return endLine > startLine && closing.test(lines[endLine] ?? '') ? null : closing;
  }
  if (last.type === 'html') {
    const body = text.slice(last.position.start.offset, last.position.end.offset);
    for (const [start, end] of HTML_WITH_END_MARKER) {
      if (start.test(first)) return end.test(body.slice(2)) ? null : end;
    }
    // Other HTML blocks end only at a blank line.
    return endLine < lines.length - 1 && BLANK.test(lines[endLine + 1] ?? '') ? null : BLANK;
  }
  return null;
}
