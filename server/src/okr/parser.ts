/**
 * The one entry point that turns plan text into a plan. It parses each
 * top-level block on its own and reuses the blocks that did not change, so an
 * edit costs one block's parse, not the whole document's.
 */
import type { Plan } from './model';
import { parseMarkdown, splitLines, blockStarts, unfinishedBlockEnd } from './markdown';
import { blockSyntax, type BlockSyntax } from './syntax';
import { assemblePlan } from './assemble';
import { defaultStatusSet, type StatusSet } from './statuses';

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

/** A parsed document: its text split into lines, its plan, and its blocks. */
export interface PlanDocument {
  readonly text: string;
  readonly lines: readonly string[];
  readonly plan: Plan;
  readonly chunks: readonly ParsedChunk[];
}

/** Options shared by every parse. */
export interface ParseOptions {
  /** The team's statuses; the default set when absent. */
  statuses?: StatusSet;
}

interface CachedBlock {
  syntax: BlockSyntax;
  /** When the block cuts fenced code or raw HTML short: the line pattern that really ends it. */
  unfinished: RegExp | null;
  /** Whether the block's last node is a list, so that a list item right after it is a sibling. */
  endsWithList: boolean;
}

/** Parses successive versions of one document, reusing unchanged blocks. */
export class PlanParser {
  private cache = new Map<string, CachedBlock>();
  private readonly statuses: StatusSet;

  constructor(options: ParseOptions = {}) {
    this.statuses = options.statuses ?? defaultStatusSet;
  }

  /** Parses `text`, re-parsing only the blocks that changed since the last call. */
  parse(text: string): PlanDocument {
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const lines = splitLines(source);
    const starts = blockStarts(lines);
    const used = new Map<string, CachedBlock>();
    const chunks: ParsedChunk[] = [];
    const lineOf = (index: number): number => (index < starts.length ? starts[index].line : lines.length);
    for (let index = 0; index < starts.length; ) {
      const from = starts[index].line;
      let next = index + 1;
      let block = this.block(lines, from, lineOf(next), used);
      for (;;) {
        if (block.cached.unfinished && next < starts.length) {
          // Extend the block past the line that ends its fenced code or HTML.
          const pattern = block.cached.unfinished;
          let end = from + block.lineCount;
          while (end < lines.length && !pattern.test(lines[end])) end++;
          while (next < starts.length && starts[next].line <= end) next++;
        } else if (next < starts.length && starts[next].afterList && !block.cached.endsWithList) {
          // Not a sibling list item after all: read on to the next block that cannot be a continuation.
          next++;
          while (next < starts.length && starts[next].afterList) next++;
        } else {
          break;
        }
        block = this.block(lines, from, lineOf(next), used);
      }
      chunks.push({ text: block.text, startLine: from, lineCount: block.lineCount, syntax: block.cached.syntax });
      index = next;
    }
    // Keep only what this version uses, so the cache never outgrows the document.
    this.cache = used;
    const plan = assemblePlan(chunks, lines, this.statuses);
    return { text: source, lines, plan, chunks };
  }

  private block(lines: readonly string[], from: number, to: number, used: Map<string, CachedBlock>): { text: string; lineCount: number; cached: CachedBlock } {
    const blockLines = lines.slice(from, to);
    const text = blockLines.join('\n');
    let cached = used.get(text) ?? this.cache.get(text);
    if (!cached) {
      try {
        const root = parseMarkdown(text);
        const last = root.children[root.children.length - 1];
        cached = { syntax: blockSyntax(root, blockLines), unfinished: unfinishedBlockEnd(root, text, blockLines), endsWithList: last?.type === 'list' };
      } catch {
        // A block the Markdown parser cannot handle is kept as opaque text, never an exception.
        cached = { syntax: { blocks: [], verbatim: [[0, blockLines.length - 1]], references: [] }, unfinished: null, endsWithList: false };
      }
    }
    used.set(text, cached);
    return { text, lineCount: to - from, cached };
  }
}

/** Parses a whole text into a plan, with no reuse. */
export function parsePlan(text: string, options: ParseOptions = {}): Plan {
  return new PlanParser(options).parse(text).plan;
}
