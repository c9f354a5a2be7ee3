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
    for (let index = 0; index < starts.length; ) {
      const from = starts[index];
      let next = index + 1;
      let block = this.block(lines, from, next < starts.length ? starts[next] : lines.length, used);
      while (block.cached.unfinished && next < starts.length) {
        // Extend the block past the line that ends its fenced code or HTML.
        const pattern = block.cached.unfinished;
        let end = from + block.lineCount;
        while (end < lines.length && !pattern.test(lines[end])) end++;
        while (next < starts.length && starts[next] <= end) next++;
        block = this.block(lines, from, next < starts.length ? starts[next] : lines.length, used);
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
      const root = parseMarkdown(text);
      cached = { syntax: blockSyntax(root, blockLines), unfinished: unfinishedBlockEnd(root, text, blockLines) };
    }
    used.set(text, cached);
    return { text, lineCount: to - from, cached };
  }
}

/** Parses a whole text into a plan, with no reuse. */
export function parsePlan(text: string, options: ParseOptions = {}): Plan {
  return new PlanParser(options).parse(text).plan;
}
