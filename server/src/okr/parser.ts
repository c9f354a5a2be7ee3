/**
 * The one entry point that turns plan text into a plan. It parses each
 * top-level block on its own and reuses the blocks that did not change, so an
 * edit costs one block's parse, not the whole document's.
 */
import type { Plan } from './model';

/** A top-level block of the document and what was parsed from it. */
export interface ParsedChunk {
  /** The block's source text. */
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
export interface ChunkSyntax {
  /** 0-based line ranges (relative to the block, inclusive) of code and raw HTML, where prose rules do not apply. */
  readonly verbatim: ReadonlyArray<readonly [number, number]>;
}

/** A parsed document: its text split into lines, its plan, and its blocks. */
export interface PlanDocument {
  readonly text: string;
  readonly lines: readonly string[];
  readonly plan: Plan;
  readonly chunks: readonly ParsedChunk[];
}

/** Parses successive versions of one document, reusing unchanged blocks. */
export declare class PlanParser {
  parse(text: string): PlanDocument;
}

/** Parses a whole text into a plan, with no reuse. */
export declare function parsePlan(text: string): Plan;
