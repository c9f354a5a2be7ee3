/**
 * The one entry point that turns plan text into a plan. It parses each
 * top-level block on its own and reuses the blocks that did not change, so an
 * edit costs one block's parse, not the whole document's.
 */
import { emptyPlan, type Plan } from '../model/plan';
import { parseMarkdown, splitLines, blockStarts, unfinishedBlockEnd, contentLines, type BlockStart, type Continued } from './markdown';
import type { Nodes, Root } from 'mdast';
import { blockSyntax, MAX_NESTING, type BlockSyntax } from './syntax';
import { PlanAssembler, type Assembled } from './assemble';
import { defaultStatusSet, type StatusSet } from '../model/statuses';
import { DEFAULT_SCORING, scorePlan, type ScoringOptions } from '../model/scoring';

/** A top-level block of the document and what was parsed from it. */
export interface ParsedChunk {
  /** The block's source text (lines joined with `\n`). */
  readonly text: string;
  /** 0-based line where the block starts in the document. */
  readonly startLine: number;
  readonly lineCount: number;
  /**
   * What was parsed from the block. Its identity is stable while the block's
   * text is unchanged, so per-block work can be cached in a WeakMap keyed by it.
   */
  readonly syntax: ChunkSyntax;
}

/** The compact, position-relative syntax of one block. */
export type ChunkSyntax = Readonly<BlockSyntax>;

/** A parsed document: its lines, its plan, and its blocks. */
export interface PlanDocument {
  readonly lines: readonly string[];
  /** The plan, or an empty plan when the evidence says the page is not one. */
  readonly plan: Plan;
  /** What was read whatever the evidence: the plan of a page that settings declare a plan. */
  readonly structure: Plan;
  readonly chunks: readonly ParsedChunk[];
}

/** Options shared by every parse. */
export interface ParseOptions {
  /** The team's statuses; the default set when absent. */
  statuses?: StatusSet;
  /** How key results are scored and rolled up; the defaults, read with `statuses`, when absent. */
  scoring?: ScoringOptions;
}

/** The scoring options of a parse: reuse one object per parser, as scoring remembers its answers per options. */
function scoringOf(options: ParseOptions): ScoringOptions {
  if (options.scoring) return options.scoring;
  return options.statuses && options.statuses !== DEFAULT_SCORING.statuses ? { ...DEFAULT_SCORING, statuses: options.statuses } : DEFAULT_SCORING;
}

/** The header and delimiter rows of a table, under which the rows that continue it in a later block are parsed. */
interface TableHead {
  header: string;
  delimiter: string;
}

interface CachedBlock {
  syntax: BlockSyntax;
  /** When the block cuts fenced code or raw HTML short: the line pattern that really ends it. */
  unfinished: RegExp | null;
  /** The kind of the block's last node when it runs to the block's last line, so that a line right after it may continue it. */
  endsIn: Continued | null;
  /** When the block ends in a table, that table's head, for the rows that continue it. */
  openTable: TableHead | null;
  /** The head of the table whose rows the block continues, or null. */
  head: TableHead | null;
  /** The labels the block defines, each as the definition that defines it (`[n7]: #`, `[^1]: x`). */
  defines: readonly string[];
  /** The document's definitions of labels the block may use, its own included, that it was parsed after, joined by lines. */
  definitions: string;
}

/** A chunk and what decided its extent, kept to cut the next version. */
interface Chunk extends ParsedChunk {
  readonly cached: CachedBlock;
}

/** Parses successive versions of one document, reusing unchanged blocks. */
export class PlanParser {
  private lines: readonly string[] = [];
  private chunks: readonly Chunk[] = [];
  /** The definitions of the document's labels, as the last version had them: the blocks of an edit are parsed under them. */
  private defined: Definitions = new Map();
  private readonly assembler: PlanAssembler;
  private readonly scoring: ScoringOptions;

  constructor(options: ParseOptions = {}) {
    this.assembler = new PlanAssembler(options.statuses ?? defaultStatusSet);
    this.scoring = scoringOf(options);
  }

  /** Parses `text`, re-parsing only the blocks that changed since the last call. */
  parse(text: string): PlanDocument {
    return this.parseLines(splitLines(text));
  }

  /**
   * Parses a document given as its lines, re-parsing only the blocks that
   * changed since the last call. Lines are compared by reference first, so
   * an editor that keeps the unchanged lines' strings makes this cheap.
   */
  parseLines(lines: readonly string[]): PlanDocument {
    const page = contentLines(withoutByteOrderMark(lines));
    const source = page.lines;
    if (this.chunks.length === 0) this.defined = likelyDefinitions(source);
    const chunks = this.underDefinitions(this.cut(source), source);
    this.lines = source;
    this.chunks = chunks;
    return { lines: source, ...planOf(this.assembler.assemble(chunks, source, page.title), page.optedOut, this.scoring), chunks };
  }

  /**
   * Cuts the lines into chunks, parsing the ones that changed. Cutting needs
   * no memory at a chunk boundary, so it resumes at the chunk before the
   * first changed line and stops at the first boundary past the last changed
   * line that the previous version also had; the chunks after it are the
   * previous ones, moved.
   */
  private cut(lines: readonly string[]): Chunk[] {
    const before = this.lines;
    const shift = lines.length - before.length;
    // The last line of each version ends no line, so it is never shared at the start, nor the first at the end.
    const common = Math.min(lines.length, before.length) - 1;
    let prefix = 0;
    while (prefix < common && lines[prefix] === before[prefix]) prefix++;
    let suffix = 0;
    while (suffix < common - prefix && lines[lines.length - 1 - suffix] === before[before.length - 1 - suffix]) suffix++;
    const changedEnd = lines.length - suffix;

    // Resume at the block before the one holding the first changed line: whether that block ends there depends on the line.
    let first = 0;
    while (first + 1 < this.chunks.length && this.chunks[first + 1].startLine + this.chunks[first + 1].lineCount <= prefix) first++;
    const kept = this.chunks.slice(0, first);
    // The previous chunks around the change, by text, for a block that a change left as it was.
    let last = first;
    while (last < this.chunks.length && this.chunks[last].startLine < changedEnd - shift) last++;
    const byText = new Map(this.chunks.slice(first, last + 1).map((chunk) => [cacheKey(chunk.text, chunk.cached.head, chunk.cached.definitions), chunk.cached]));

    const resumeLine = kept.length > 0 ? kept[kept.length - 1].startLine + kept[kept.length - 1].lineCount : 0;
    // Block starts are found lazily, from the resume line on: the walk usually stops a few blocks later.
    const found = blockStarts(lines, resumeLine);
    const starts: BlockStart[] = [];
    const startAt = (at: number): BlockStart | undefined => {
      while (starts.length <= at) {
        const next = found.next();
        if (next.done) return undefined;
        if (next.value.line === resumeLine || opensChunk(lines[next.value.line])) starts.push(next.value);
      }
      return starts[at];
    };
    const lineOf = (at: number): number => startAt(at)?.line ?? lines.length;
    const chunks: Chunk[] = kept;
    for (let index = 0; startAt(index); ) {
      const from = lineOf(index);
      // A table row that opens a chunk continues the table the chunk before it ends in.
      const head = startAt(index)?.after === 'table' ? (chunks[chunks.length - 1]?.cached.openTable ?? null) : null;
      if (from >= changedEnd) {
        const reuse = this.chunkStartingAt(from - shift, first);
        if (reuse >= 0 && sameHead(this.chunks[reuse].cached.head, head)) {
          for (let at = reuse; at < this.chunks.length; at++) {
            const chunk = this.chunks[at];
            chunks.push(shift === 0 ? chunk : { ...chunk, startLine: chunk.startLine + shift });
          }
          break;
        }
      }
      let next = index + 1;
      let block = this.block(lines, from, lineOf(next), byText, head);
      for (;;) {
        if (block.unfinished && startAt(next)) {
          // Extend the block past the line that ends its fenced code or HTML.
          const pattern = block.unfinished;
          let end = lineOf(next);
          while (end < lines.length && !pattern.test(lines[end])) end++;
          while (startAt(next) && lineOf(next) <= end) next++;
        } else if (startAt(next)?.after && startAt(next)?.after !== block.endsIn) {
          // Not a sibling list item, table row or definition after all: read on past the lines like it.
          const after = startAt(next)?.after;
          next++;
          while (startAt(next)?.after === after) next++;
        } else {
          break;
        }
        block = this.block(lines, from, lineOf(next), byText, head);
      }
      const to = lineOf(next);
      chunks.push({ text: block.text, startLine: from, lineCount: to - from, syntax: block.syntax, cached: block });
      index = next;
    }
    return chunks;
  }

  /** The index of the previous version's chunk that starts at `line`, from `first` on, or -1. */
  private chunkStartingAt(line: number, first: number): number {
    let low = first;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const start = this.chunks[middle].startLine;
      if (start === line) return middle;
      if (start < line) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private block(lines: readonly string[], from: number, to: number, byText: ReadonlyMap<string, CachedBlock>, head: TableHead | null): CachedBlock & { text: string } {
    const blockLines = lines.slice(from, to);
    const text = blockLines.join('\n');
    const definitions = definitionsUsedIn(text, this.defined);
    const cached = byText.get(cacheKey(text, head, definitions)) ?? parseBlock(text, blockLines, head, definitions);
    return { ...cached, text };
  }

  /**
   * Inline parsing depends on the labels the whole document defines: `[a][n1]`
   * is a link only where some block defines `n1`. Blocks are parsed under the
   * definitions the last version had; when the labels defined now differ,
   * the blocks that may use a changed label are parsed again. Which lines
   * are definitions never depends on inline parsing, so once is enough.
   */
  private underDefinitions(chunks: Chunk[], lines: readonly string[]): Chunk[] {
    const defined = definitionsOf(chunks.flatMap((chunk) => chunk.cached.defines));
    if (sameDefinitions(defined, this.defined)) return chunks;
    this.defined = defined;
    return chunks.map((chunk) => {
      const definitions = definitionsUsedIn(chunk.text, defined);
      if (definitions === chunk.cached.definitions) return chunk;
      const blockLines = lines.slice(chunk.startLine, chunk.startLine + chunk.lineCount);
      const cached = parseBlock(chunk.text, blockLines, chunk.cached.head, definitions);
      return { ...chunk, syntax: cached.syntax, cached };
    });
  }
}

/** What a block parses from: its text, under the head of the table it continues and the definitions of its labels. */
function cacheKey(text: string, head: TableHead | null, definitions: string): string {
  return `${definitions}\0${head ? `${head.header}\n${head.delimiter}\n${text}` : text}`;
}

/** The definitions of a document's labels, by the key that references match them by. */
type Definitions = ReadonlyMap<string, string>;

/** Definitions (see definitionOf) by their keys; the first of a label counts, as in Markdown. */
function definitionsOf(definitions: Iterable<string>): Definitions {
  const byKey = new Map<string, string>();
  for (const definition of definitions) {
    const key = referenceKey(definition.slice(1, definition.lastIndexOf(']:')));
    if (!byKey.has(key)) byKey.set(key, definition);
  }
  return byKey;
}

function sameDefinitions(a: Definitions, b: Definitions): boolean {
  if (a.size !== b.size) return false;
  for (const [key, definition] of a) if (b.get(key) !== definition) return false;
  return true;
}

/**
 * A label as references match it: case and runs of whitespace do not count,
 * nor the quote markers and indentation that start its later lines. A
 * footnote's label keeps its `^`.
 */
function referenceKey(label: string): string {
  return label.replace(/\n[ \t>]*/g, ' ').replace(/[\t\r ]+/g, ' ').trim().toLowerCase().toUpperCase();
}

/** Text in brackets, with no brackets inside but escaped ones: what may be a reference's label. */
const BRACKETED = /\[((?:[^[\]\\]|\\[^])*)\]/g;

/**
 * The definitions whose labels the block's text may use, joined by lines:
 * the block reads the same after them as in its document.
 */
function definitionsUsedIn(text: string, defined: Definitions): string {
  if (defined.size === 0 || !text.includes('[')) return '';
  const used = new Set<string>();
  for (const match of text.matchAll(BRACKETED)) {
    const definition = defined.get(referenceKey(match[1]));
    if (definition !== undefined) used.add(definition);
  }
  return [...used].sort().join('\n');
}

/** A line that may define a label or a footnote, behind any block quote or list marker. */
const DEFINITION_LINE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[(\^?)((?:[^\\[\]]|\\.){1,999})\]:/;

/**
 * The definitions a document seems to have, by its lines, for its first
 * parse: a guess, which the parse then corrects, that spares parsing each
 * block that uses a label twice.
 */
function likelyDefinitions(lines: readonly string[]): Definitions {
  const found: string[] = [];
  for (const line of lines) {
    if (!line.includes(']:')) continue;
    const match = DEFINITION_LINE.exec(line);
    if (match) found.push(definitionOf(match[2], match[1] === '^'));
  }
  return definitionsOf(found);
}

/** A definition of the label, as a block is parsed after it. */
function definitionOf(label: string, footnote: boolean): string {
  const written = label.replace(/\s+/g, ' ').trim();
  return footnote ? `[^${written}]: x` : `[${written}]: #`;
}

/** The labels a tree defines, as definitions (see definitionOf). */
function definedIn(node: Nodes, defines: string[], depth: number): void {
  if (depth > MAX_NESTING * 2) return;
  if (node.type === 'definition' || node.type === 'footnoteDefinition') defines.push(definitionOf(node.label ?? node.identifier, node.type === 'footnoteDefinition'));
  if ('children' in node) for (const child of node.children) definedIn(child, defines, depth + 1);
}

function sameHead(a: TableHead | null, b: TableHead | null): boolean {
  return a === b || (a !== null && b !== null && a.header === b.header && a.delimiter === b.delimiter);
}

/** The lines without a byte order mark at the start of the first. */
function withoutByteOrderMark(lines: readonly string[]): readonly string[] {
  return lines.length > 0 && lines[0].charCodeAt(0) === 0xfeff ? [lines[0].slice(1), ...lines.slice(1)] : lines;
}

/**
 * Every call of the Markdown parser has a fixed cost, so a chunk holds
 * several blocks: a heading always opens one, and any other place where a
 * block may start does so for about one line in CHUNK_SPREAD, chosen by the
 * line's own text so that the chunks away from an edit stay the same.
 */
function opensChunk(line: string): boolean {
  if (line.charCodeAt(0) === 0x23 /* # */) return true;
  // FNV-1a, then MurmurHash3's final mix, so that lines differing in one character, such as table rows, spread evenly.
  let hash = 0x811c9dc5;
  for (let index = 0; index < Math.min(line.length, 64); index++) hash = Math.imul(hash ^ line.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % CHUNK_SPREAD === 0;
}

/** About one in this many block starts opens a chunk. */
const CHUNK_SPREAD = 4;

/**
 * Parses one block's text, as rows of the table `head` heads when given; a
 * block the Markdown parser cannot handle is kept as opaque text, never an
 * exception.
 */
function parseBlock(text: string, blockLines: readonly string[], head: TableHead | null, definitions: string): CachedBlock {
  try {
    if (head) {
      const rows = parseTableRows(text, blockLines, head, definitions);
      if (rows) return rows;
    }
    const { root, source } = parseAfter(definitions, text);
    return parsed(root, source, blockLines, null, definitions);
  } catch {
    return { syntax: { blocks: [], verbatim: [[0, blockLines.length - 1]], references: [], links: [] }, unfinished: null, endsIn: null, openTable: null, head, defines: [], definitions };
  }
}

/**
 * Parses a text after definitions (lines of `[label]: #`), so that its
 * references resolve as in its document, and leaves the tree as if the text
 * had been parsed alone. The definitions come first, and a blank line after
 * them, so no construct of the text can swallow them, and they end before it.
 */
function parseAfter(definitions: string, text: string): { root: Root; source: string } {
  if (definitions === '') return { root: parseMarkdown(text), source: text };
  const lines = definitions.split('\n');
  const plain = lines.filter((line) => !line.startsWith('[^'));
  const footnotes = lines.filter((line) => line.startsWith('[^'));
  // A footnote definition is a container: a comment at column 0 closes it, so an indented first line stays the text's own.
  const preamble = [plain.join('\n'), ...footnotes, footnotes.length > 0 ? '<!---->' : ''].filter(Boolean).join('\n\n') + '\n\n';
  const source = preamble + text;
  const root = parseMarkdown(source);
  const preambleLines = preamble.split('\n').length - 1;
  root.children = root.children.filter((child) => (child.position?.start.line ?? 0) > preambleLines);
  moveLines(root, -preambleLines);
  return { root, source };
}

/**
 * Parses rows that continue a table: under its header and delimiter rows,
 * which are then moved out of the block's lines. Rows read alone the way
 * they read in place, since each row is read on its own against the head.
 */
function parseTableRows(text: string, blockLines: readonly string[], head: TableHead, definitions: string): CachedBlock | null {
  const { root, source } = parseAfter(definitions, `${head.header}\n${head.delimiter}\n${text}`);
  moveLines(root, -2);
  const table = root.children[0];
  if (table?.type !== 'table' || table.position?.start.line !== -1) return null;
  return parsed(root, source, blockLines, head, definitions);
}

/** Moves every node of a tree by `by` lines. */
function moveLines(node: Nodes, by: number): void {
  if (node.position) {
    node.position.start.line += by;
    node.position.end.line += by;
  }
  if ('children' in node) for (const child of node.children) moveLines(child, by);
}

/** What the parser keeps of a block's tree. */
function parsed(root: Root, text: string, blockLines: readonly string[], head: TableHead | null, definitions: string): CachedBlock {
  const syntax = blockSyntax(root, blockLines);
  if (head) {
    Object.assign(syntax.blocks[0], { line: 0, continued: true });
    // The head's links are the block before's, which has them already.
    syntax.links = syntax.links.filter((link) => link.line >= 0);
  }
  const last = root.children[root.children.length - 1];
  const endsIn = last?.position?.end.line === blockLines.length && (last.type === 'list' || last.type === 'table' || last.type === 'definition') ? last.type : null;
  let openTable: TableHead | null = null;
  if (endsIn === 'table') {
    const headerLine = last.position!.start.line - 1;
    openTable = headerLine < 0 ? head : { header: blockLines[headerLine], delimiter: blockLines[headerLine + 1] };
  }
  const defines: string[] = [];
  definedIn(root, defines, 0);
  return { syntax, unfinished: unfinishedBlockEnd(root, text, blockLines), endsIn, openTable, head, defines, definitions };
}

/**
 * Parses a text once, with no reuse, in one call of the Markdown parser: each
 * call has a fixed cost, and the blocks of a document parse the same on their
 * own, after the document's definitions, as in place, so this gives the plan
 * `PlanParser` gives. The whole text
 * is one chunk. Should the parser fail on the whole, the blocks are parsed
 * one by one, so that a block it cannot read costs only itself; so are long
 * texts.
 */
export function parseDocument(text: string, options: ParseOptions = {}): PlanDocument {
  // A whole syntax tree costs many times its text: long texts are read block by block, which keeps memory bounded.
  if (text.length > ONE_PASS_MAX_LENGTH) return new PlanParser(options).parse(text);
  const page = contentLines(withoutByteOrderMark(splitLines(text)));
  const lines = page.lines;
  const joined = lines.join('\n');
  try {
    const chunks: ParsedChunk[] = [{ text: joined, startLine: 0, lineCount: lines.length, syntax: blockSyntax(parseMarkdown(joined), lines) }];
    return { lines, ...planOf(new PlanAssembler(options.statuses ?? defaultStatusSet).assemble(chunks, lines, page.title), page.optedOut, scoringOf(options)), chunks };
  } catch {
    return new PlanParser(options).parse(text);
  }
}

/**
 * A document as settings or a project file declare it: read as a plan
 * whatever its evidence (true), not a plan (false), or as its evidence says (null).
 */
export function asDeclared(doc: PlanDocument, declared: boolean | null): PlanDocument {
  if (declared === null) return doc;
  return { ...doc, plan: declared ? doc.structure : { ...emptyPlan(), evidence: ['the settings say it is not a plan'] } };
}

/** The plan and structure of a page, scored, both empty when the page opted out. */
function planOf(assembled: Assembled, optedOut: boolean, scoring: ScoringOptions): Pick<PlanDocument, 'plan' | 'structure'> {
  if (!optedOut) {
    const structure = scorePlan(assembled.structure, scoring);
    return { plan: assembled.plan === assembled.structure ? structure : scorePlan(assembled.plan, scoring), structure };
  }
  const plan = { ...emptyPlan(), evidence: ['the page says okr-disable-file'] };
  return { plan, structure: plan };
}

/** Texts up to this length are parsed in one pass. */
const ONE_PASS_MAX_LENGTH = 200_000;

/** Parses a whole text into a plan, with no reuse. */
export function parsePlan(text: string, options: ParseOptions = {}): Plan {
  return parseDocument(text, options).plan;
}
