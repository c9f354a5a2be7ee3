/**
 * The compact syntax of one top-level block: the headings, paragraphs (as
 * lines of plain text), lists, tables and definitions that a plan is made
 * of, with lines relative to the block. It is what the block cache keeps,
 * so it holds plain data only, never the mdast.
 */
import type { Root, Nodes, PhrasingContent, List, Table } from 'mdast';
import type { PlanLink } from '../model/plan';

/** One source line of a paragraph, as plain text. `line` is relative to the block. */
export interface Segment {
  text: string;
  line: number;
  /** True when the line's text starts inside bold (`**CEO: …**`). */
  startsBold: boolean;
}

export interface HeadingBlock { kind: 'heading'; depth: number; text: string; line: number; endLine: number }
export interface ParagraphBlock {
  kind: 'paragraph';
  line: number;
  endLine: number;
  segments: Segment[];
  /** True when the whole paragraph is one bold phrase. */
  allBold: boolean;
  /** The bold phrases in the paragraph, as plain text. */
  boldPhrases: string[];
}
export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  start: number;
  /** The marker character (`.`, `)`, `-`, `*`, `+`): lists with different markers never merge. */
  marker: string;
  line: number;
  endLine: number;
  items: ItemBlock[];
}
export interface ItemBlock {
  line: number;
  endLine: number;
  /** 1-based column where the item's content starts. */
  column: number;
  /** GFM task-list checkbox state, or null. */
  checked: boolean | null;
  children: Block[];
}
export interface TableCell { text: string; column: number; endColumn: number }
export interface TableRow { line: number; cells: TableCell[] }
/** A GFM table; rows[0] is the header row. */
export interface TableBlock {
  kind: 'table';
  line: number;
  endLine: number;
  rows: TableRow[];
  /** True for rows that continue the table of the block before: rows[0] is then that table's header, read again, and not in this block. */
  continued?: boolean;
}
export interface DefinitionBlock { kind: 'definition'; identifier: string; url: string; line: number; endLine: number }
export interface OtherBlock { kind: 'other'; line: number; endLine: number }
export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | DefinitionBlock | OtherBlock;

/** A use of a reference link such as `[_N<sub>6</sub>_][n6]`, found in the source. */
export interface ReferenceUse {
  /** The label's visible text without markup (`N6`). */
  label: string;
  identifier: string;
  line: number;
  column: number;
  endColumn: number;
}

/** A link as the plan model keeps it, with lines relative to the block. */
export type LinkUse = PlanLink;

/** Everything the plan and the rules need from one block. */
export interface BlockSyntax {
  blocks: Block[];
  /** Relative, inclusive line ranges of code and raw HTML. */
  verbatim: Array<[number, number]>;
  references: ReferenceUse[];
  links: LinkUse[];
}

/** Nesting deeper than this is kept as opaque text: no plan nests objectives this deep. */
export const MAX_NESTING = 64;

/** Converts a parsed block into its compact syntax. */
export function blockSyntax(root: Root, lines: readonly string[]): BlockSyntax {
  const verbatim: Array<[number, number]> = [];
  const blocks = convertChildren(root.children, lines, verbatim, 0);
  const links: LinkUse[] = [];
  findLinks(root, links, 0);
  return { blocks, verbatim, references: findReferences(lines, verbatim), links };
}

/** An address with a scheme (`https:`, `mailto:`) or a host (`//host`): not a page of the handbook. */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Collects the inline links to relative addresses, in document order. */
function findLinks(node: Nodes, links: LinkUse[], depth: number): void {
  if (depth > MAX_NESTING * 2) return;
  if (node.type === 'link' && node.position && node.url !== '' && !ABSOLUTE_URL.test(node.url)) {
    const { start, end } = node.position;
    links.push({ text: plainText(node.children).trim(), url: node.url, line: start.line - 1, column: start.column, endLine: end.line - 1, endColumn: end.column });
  }
  if ('children' in node) for (const child of node.children) findLinks(child, links, depth + 1);
}

const lineOf = (node: Nodes): number => (node.position?.start.line ?? 1) - 1;
const endLineOf = (node: Nodes): number => (node.position?.end.line ?? 1) - 1;

function convertChildren(nodes: readonly Nodes[], lines: readonly string[], verbatim: Array<[number, number]>, depth: number): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    const block = convert(node, lines, verbatim, depth);
    if (block) blocks.push(block);
  }
  return blocks;
}

function convert(node: Nodes, lines: readonly string[], verbatim: Array<[number, number]>, depth: number): Block | null {
  const line = lineOf(node);
  const endLine = endLineOf(node);
  switch (node.type) {
    case 'heading':
      return { kind: 'heading', depth: node.depth, text: segmentsOf(node.children, line).map((s) => s.text).join(' ').trim(), line, endLine };
    case 'paragraph':
      return paragraph(node.children, line, endLine);
    case 'list':
      return depth >= MAX_NESTING ? { kind: 'other', line, endLine } : list(node, lines, verbatim, depth);
    case 'table':
      return table(node, lines);
    case 'definition':
      return { kind: 'definition', identifier: node.identifier, url: node.url, line, endLine };
    case 'code':
    case 'html':
      verbatim.push([line, endLine]);
      return { kind: 'other', line, endLine };
    default:
      return { kind: 'other', line, endLine };
  }
}

function paragraph(children: readonly PhrasingContent[], line: number, endLine: number): ParagraphBlock {
  const segments = segmentsOf(children, line);
  const meaningful = children.filter((child) => !(child.type === 'text' && child.value.trim() === '') && child.type !== 'break');
  const boldPhrases = children.filter((child) => child.type === 'strong').map((child) => plainText(child.children).trim());
  return { kind: 'paragraph', line, endLine, segments, allBold: meaningful.length === 1 && meaningful[0].type === 'strong', boldPhrases };
}

function list(node: List, lines: readonly string[], verbatim: Array<[number, number]>, depth: number): ListBlock {
  return {
    kind: 'list',
    ordered: node.ordered === true,
    start: node.start ?? 1,
    marker: /^[ \t>]*(?:\d{1,9}([.)])|([-*+]))/.exec(lines[lineOf(node)] ?? '')?.slice(1).find(Boolean) ?? '',
    line: lineOf(node),
    endLine: endLineOf(node),
    items: node.children.map((item) => ({
      line: lineOf(item),
      endLine: endLineOf(item),
      column: item.children[0]?.position?.start.column ?? (item.position?.start.column ?? 1),
      checked: item.checked ?? null,
      children: convertChildren(item.children, lines, verbatim, depth + 1),
    })),
  };
}

function table(node: Table, lines: readonly string[]): TableBlock {
  return {
    kind: 'table',
    line: lineOf(node),
    endLine: endLineOf(node),
    rows: node.children.map((row) => {
      const rowLine = lineOf(row);
      const spans = splitTableRow(lines[rowLine] ?? '');
      return {
        line: rowLine,
        cells: row.children.map((cell, index) => ({
          text: plainText(cell.children).trim(),
          column: spans[index]?.column ?? 1,
          endColumn: spans[index]?.endColumn ?? 1,
        })),
      };
    }),
  };
}

/** Finds the trimmed cell spans of a table row by its unescaped pipes, as GFM does. */
export function splitTableRow(source: string): Array<{ column: number; endColumn: number }> {
  const pipes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '|') pipes.push(i);
  }
  const bounds: number[] = [];
  const firstText = source.search(/\S/);
  if (pipes[0] !== firstText) bounds.push(firstText - 1);
  bounds.push(...pipes);
  const lastText = source.trimEnd().length - 1;
  if (pipes[pipes.length - 1] !== lastText) bounds.push(lastText + 1);
  const spans: Array<{ column: number; endColumn: number }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    let from = bounds[i] + 1;
    let to = bounds[i + 1];
    while (from < to && /\s/.test(source[from])) from++;
    while (to > from && /\s/.test(source[to - 1])) to--;
    spans.push({ column: from + 1, endColumn: to + 1 });
  }
  return spans;
}

/**
 * Renders inline content as lines of plain text: markup is dropped, link
 * text is kept, and every soft or hard line break starts a new segment.
 */
function segmentsOf(children: readonly PhrasingContent[], firstLine: number): Segment[] {
  const segments: Segment[] = [{ text: '', line: firstLine, startsBold: false }];
  // GFM autolinks leave nodes without positions, so lines are counted as the text goes.
  let line = firstLine;
  const visit = (nodes: readonly PhrasingContent[], bold: boolean, depth: number): void => {
    if (depth > MAX_NESTING) return;
    for (const node of nodes) {
      if (node.position) line = node.position.start.line - 1;
      let current = segments[segments.length - 1];
      if (bold && current.text.trim() === '') current.startsBold = true;
      switch (node.type) {
        case 'text': {
          const parts = node.value.split('\n');
          current.text += parts[0];
          for (let k = 1; k < parts.length; k++) {
            current = { text: parts[k], line: ++line, startsBold: bold };
            segments.push(current);
          }
          break;
        }
        case 'break':
          line = node.position ? endLineOf(node) : line + 1;
          segments.push({ text: '', line, startsBold: false });
          break;
        case 'strong':
          visit(node.children, true, depth + 1);
          break;
        case 'emphasis':
        case 'delete':
        case 'link':
        case 'linkReference':
          visit(node.children, bold, depth + 1);
          break;
        case 'inlineCode':
          current.text += node.value;
          break;
        case 'image':
        case 'imageReference':
          current.text += node.alt ?? '';
          break;
        case 'html':
          current.text += htmlText(node.value);
          break;
        default:
          break;
      }
    }
  };
  visit(children, false, 0);
  for (const segment of segments) segment.text = unresolvedReferences(segment.text).replace(/[ \t]{2,}/g, ' ').trim();
  return segments.filter((segment, index) => index === 0 || segment.text !== '');
}

/**
 * A reference (`[label][id]`, `[label]`) whose label the document does not
 * define stays literal text, brackets and all: a redacted value's definition
 * often lives elsewhere. Dropping the brackets reads it as its label.
 */
function unresolvedReferences(text: string): string {
  return text.includes('[') ? text.replace(/\[([^[\]]*)\](?:\[[^[\]]*\])?/g, '$1') : text;
}

/** Inline tags that only format text (`N<sub>6</sub>`), and comments: markup, not words. */
const FORMATTING_TAG = /^(?:<\/?(?:sub|sup|b|i|em|strong|u|s|small|mark|span|code|kbd|abbr|del|ins|wbr)(?:\s[^>]*)?>|<!--[\s\S]*-->)$/i;

/**
 * What inline HTML reads as: formatting tags and comments vanish, a line
 * break is a space, and anything else is kept literally as the author wrote
 * it, so that `<img src=x onerror=…>` in an objective shows as that text.
 */
function htmlText(value: string): string {
  if (FORMATTING_TAG.test(value)) return '';
  if (/^<br\s*\/?>$/i.test(value)) return ' ';
  return value.replace(/\s*\n\s*/g, ' ');
}

/** Plain text of inline content, on one line. */
export function plainText(children: readonly PhrasingContent[]): string {
  return segmentsOf(children, 0).map((segment) => segment.text).join(' ');
}

const REFERENCE = /\[([^[\]\n]{1,200})\]\[([^[\]\n]{1,200})\]/g;

function findReferences(lines: readonly string[], verbatim: ReadonlyArray<readonly [number, number]>): ReferenceUse[] {
  const uses: ReferenceUse[] = [];
  for (let line = 0; line < lines.length; line++) {
    const source = lines[line];
    if (!source.includes('][') || verbatim.some(([from, to]) => line >= from && line <= to)) continue;
    for (const match of source.matchAll(REFERENCE)) {
      uses.push({
        label: match[1].replace(/<\/?sub>|[_*]/g, ''),
        identifier: match[2].toLowerCase(),
        line,
        column: (match.index ?? 0) + 1,
        endColumn: (match.index ?? 0) + match[0].length + 1,
      });
    }
  }
  return uses;
}
