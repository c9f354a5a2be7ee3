/**
 * The one entry point that turns plan text into a plan. It parses each
 * top-level block on its own and reuses the blocks that did not change, so an
 * edit costs one block's parse, not the whole document's.
 */
import { emptyPlan, type Plan } from '../model/plan';
import { parseMarkdown, splitLines, blockStarts, unfinishedBlockEnd, contentLines, type BlockStart, type Continued } from './markdown';
import type { Nodes, Root } from 'mdast';
import { blockSyntax, type BlockSyntax } from './syntax';
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
}

/** A chunk and what decided its extent, kept to cut the next version. */
interface Chunk extends ParsedChunk {
  readonly cached: CachedBlock;
}

/** Parses successive versions of one document, reusing unchanged blocks. */
export class PlanParser {
  private lines: readonly string[] = [];
  private chunks: readonly Chunk[] = [];
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
    const chunks = this.cut(source);
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
    const byText = new Map(this.chunks.slice(first, last + 1).map((chunk) => [cacheKey(chunk.text, chunk.cached.head), chunk.cached]));

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
    const cached = byText.get(cacheKey(text, head)) ?? parseBlock(text, blockLines, head);
    return { ...cached, text };
  }
}

/** What a block parses from: its text, under the head of the table it continues. */
function cacheKey(text: string, head: TableHead | null): string {
  return head ? `${head.header}\n${head.delimiter}\n${text}` : text;
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
function parseBlock(text: string, blockLines: readonly string[], head: TableHead | null): CachedBlock {
  try {
    return (head && parseTableRows(text, blockLines, head)) ?? parsed(parseMarkdown(text), text, blockLines, null);
  } catch {
    return { syntax: { blocks: [], verbatim: [[0, blockLines.length - 1]], references: [], links: [] }, unfinished: null, endsIn: null, openTable: null, head };
  }
}

/**
 * Parses rows that continue a table: under its header and delimiter rows,
 * which are then moved out of the block's lines. Rows read alone the way
 * they read in place, since each row is read on its own against the head.
 */
function parseTableRows(text: string, blockLines: readonly string[], head: TableHead): CachedBlock | null {
  const source = cacheKey(text, head);
  const root = parseMarkdown(source);
  moveLines(root, -2);
  const table = root.children[0];
  if (table?.type !== 'table' || table.position?.start.line !== -1) return null;
  return parsed(root, source, blockLines, head);
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
function parsed(root: Root, text: string, blockLines: readonly string[], head: TableHead | null): CachedBlock {
  const syntax = blockSyntax(root, blockLines);
  if (head) Object.assign(syntax.blocks[0], { line: 0, continued: true });
  const last = root.children[root.children.length - 1];
  const endsIn = last?.position?.end.line === blockLines.length && (last.type === 'list' || last.type === 'table' || last.type === 'definition') ? last.type : null;
  let openTable: TableHead | null = null;
  if (endsIn === 'table') {
    const headerLine = last.position!.start.line - 1;
    openTable = headerLine < 0 ? head : { header: blockLines[headerLine], delimiter: blockLines[headerLine + 1] };
  }
  return { syntax, unfinished: unfinishedBlockEnd(root, text, blockLines), endsIn, openTable, head };
}

/**
 * Parses a text once, with no reuse, in one call of the Markdown parser: each
 * call has a fixed cost, and the blocks of a document parse the same on their
 * own as in place, so this gives the plan `PlanParser` gives. The whole text
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
