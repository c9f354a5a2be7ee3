/**
 * The only place that runs the Markdown parser. It also cuts a document into
 * top-level blocks that parse the same on their own (after the document's
 * definitions of labels) as they do in place, so that an edit re-parses one
 * block instead of the whole document.
 */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Root, RootContent } from 'mdast';
import { MAX_CONTAINER_DEPTH, MAX_LINE_LENGTH, MAX_MARKER_INDENT, MAX_MARKUP_PER_LINE } from './limits';

/**
 * GFM as remark-gfm reads it, less the pass over the finished tree that turns
 * bare web and e-mail addresses inside text into links. A plan is read as
 * plain text, where such a link reads as the same words, and that pass costs
 * up to a fifth of every parse. Addresses the tokenizer recognises (`https://…`,
 * `www.…`) still become links, so emphasis around them reads the same.
 */
function plainTextGfm(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfm());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown().map((extension) => ({ ...extension, transforms: [] })));
}

const processor = unified().use(remarkParse).use(plainTextGfm);

/** Parses Markdown (CommonMark + GFM tables and task lists) into mdast. */
export function parseMarkdown(text: string): Root {
  return processor.parse(tameForParser(text));
}

const MARKUP = /[[\]*_`<>]/g;

/**
 * micromark slows down superlinearly, or overflows the stack, on hostile
 * lines: thousands of nested `>` or `- ` markers, a staircase of ever more
 * indented items, thousands of brackets and emphasis markers, or
 * megabyte lines. Such lines are blanked past the limits, character
 * for character, so every position in the tree stays exact.
 */
export function tameForParser(text: string): string {
  // Each line is judged on its own, so that a block is tamed the same alone as in its document.
  if (text.length <= MAX_MARKER_INDENT) return text;
  let changed = false;
  const lines = text.split('\n').map((line) => {
    let tamed = line.length > MAX_LINE_LENGTH && /\S/.test(line) ? line.slice(0, MAX_LINE_LENGTH) + '\u00a0'.repeat(line.length - MAX_LINE_LENGTH) : line;
    const indent = /^[ \t]*/.exec(tamed)![0].length;
    // A blank line stays blank, however long: blank lines end blocks, and the block cut finds them before taming.
    if (indent > MAX_MARKER_INDENT && indent < tamed.length) {
      // Indentation past the limit becomes no-break spaces: text, not structure, and trimmed like spaces.
      const marker = /^(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(tamed.slice(indent))?.[0] ?? '';
      tamed = tamed.slice(0, MAX_MARKER_INDENT) + '\u00a0'.repeat(indent - MAX_MARKER_INDENT + marker.length) + tamed.slice(indent + marker.length);
    }
    const prefix = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/.exec(tamed)?.[0];
    if (prefix && prefix.length > MAX_CONTAINER_DEPTH * 2) {
      let depth = 0;
      const blanked = prefix.replace(/>|[-*+]|\d{1,9}[.)]/g, (marker) => (++depth > MAX_CONTAINER_DEPTH ? ' '.repeat(marker.length) : marker));
      tamed = blanked + tamed.slice(prefix.length);
    }
    if (tamed.length > MAX_MARKUP_PER_LINE && (tamed.match(MARKUP)?.length ?? 0) > MAX_MARKUP_PER_LINE) tamed = tamed.replace(MARKUP, ' ');
    if (tamed !== line) changed = true;
    return tamed;
  });
  return changed ? lines.join('\n') : text;
}

/** Splits text into lines the way CommonMark counts them (CRLF, CR or LF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/** The kinds of node a block may have to end in for the next to start. */
export type Continued = 'list' | 'table' | 'definition';

/** Where a top-level block may start, and whether that depends on the block before it. */
export interface BlockStart {
  line: number;
  /**
   * For a line right after a non-blank one, the kind of node the block
   * before must end in, on that line, for a block to start here; null where
   * a block always starts. A list item at column 0 is a sibling item after
   * a list, but after a paragraph it may be lazy continuation text. A line
   * starting with `|` is a row of a table it follows, parsed under the
   * table's header and delimiter rows. A definition may follow a definition,
   * but not interrupt a paragraph.
   */
  after: Continued | null;
}

/** Whether line `at` may continue a table whose rows start with `|`. */
function mayContinueTable(lines: readonly string[], at: number): boolean {
  return at > 0 && lines[at].startsWith('|') && lines[at - 1].startsWith('|');
}

/** A line that may start a reference definition (`[n7]: https://…`). */
const DEFINITION = /^\[[^\]]+\]:/;

/**
 * 0-based lines, from `from` (itself a block start) on, where a new
 * top-level block may start: an ATX heading at column 0, a line at column 0
 * right after a blank line, or a top-level list item. None of them can
 * continue a paragraph or a container, so the only constructs that cross
 * such a line are fenced code and raw HTML; `unfinishedBlockEnd` finds those
 * after parsing, and the caller joins the blocks. Rows of a long table and
 * definitions after definitions are offered too, so that an edit in one
 * re-reads a few lines, not the table or the list of links.
 */
export function* blockStarts(lines: readonly string[], from = 0): Generator<BlockStart> {
  yield { line: from, after: mayContinueTable(lines, from) ? 'table' : null };
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0 || line[0] === ' ' || line[0] === '\t') continue;
    if (ATX_HEADING.test(line) || BLANK.test(lines[i - 1])) {
      if (!BLANK.test(line)) yield { line: i, after: null };
    } else if (LIST_ITEM.test(line) && !THEMATIC_BREAK.test(line)) {
      yield { line: i, after: 'list' };
    } else if (mayContinueTable(lines, i)) {
      yield { line: i, after: 'table' };
    } else if (DEFINITION.test(line)) {
      yield { line: i, after: 'definition' };
    }
  }
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

/** A kramdown attribute line (`{:toc}`, `{:.no_toc .hidden-md}`): styling for the block above, not content. */
const KRAMDOWN_ATTRIBUTES = /^ {0,3}\{:[^{}]*\}[ \t]*$/;

/** The line that closes YAML front matter; front matter longer than this many lines is read as Markdown. */
const FRONT_MATTER_END = /^(?:---|\.\.\.)[ \t]*$/;
const FRONT_MATTER_MAX_LINES = 200;

/** Lines as Markdown reads them: front matter blanked, and its `title:`. */
export interface ContentLines {
  lines: readonly string[];
  /** The front matter's `title:`, unquoted, or null. */
  title: string | null;
  /** The page says `<!-- okr-disable-file -->`: it is not a plan, whatever it holds. */
  optedOut: boolean;
}

/** markdownlint's habit, for this extension: the page is none of its business. */
const DISABLE_FILE = /<!--\s*okr-disable-file\s*-->/;

/**
 * Blanks what a handbook page holds besides its Markdown: YAML front matter
 * at the top (`---` … `---`) and kramdown attribute lines. Blanking keeps
 * every other line where it was. The lines are returned as they are, not
 * copied, when there is nothing to blank.
 */
export function contentLines(lines: readonly string[]): ContentLines {
  let end = -1;
  if (lines.length > 1 && /^---[ \t]*$/.test(lines[0])) {
    for (let at = 1; at < Math.min(lines.length, FRONT_MATTER_MAX_LINES); at++) {
      if (FRONT_MATTER_END.test(lines[at])) {
        end = at;
        break;
      }
    }
  }
  let title: string | null = null;
  let optedOut = false;
  let copy: string[] | null = null;
  const blank = (at: number): void => {
    copy ??= lines.slice();
    copy[at] = '';
  };
  for (let at = 0; at <= end; at++) {
    const field = /^title:[ \t]*(.*?)[ \t]*$/.exec(lines[at]);
    if (field && title === null) title = field[1].replace(/^(["'])(.*)\1$/, '$2').trim() || null;
    blank(at);
  }
  for (let at = end + 1; at < lines.length; at++) {
    const line = lines[at];
    // A cheap test first: most lines do not start with a brace.
    if (line.length > 1 && (line.charCodeAt(0) === 0x7b || line.charCodeAt(0) === 0x20) && KRAMDOWN_ATTRIBUTES.test(line)) blank(at);
    else if (!optedOut && line.includes('okr-disable-file')) optedOut = DISABLE_FILE.test(line);
  }
  return { lines: copy ?? lines, title, optedOut };
}
