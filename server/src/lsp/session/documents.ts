/**
 * The open documents and their parsed plans. Each document is parsed once per
 * version by its own PlanParser, which reuses the blocks an edit did not touch;
 * every feature reads the result from here instead of parsing again.
 */
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { isPlan } from '../../okr/model/plan';
import { LINE_DOCUMENTS } from './lineDocument';
import { asDeclared, PlanParser, type PlanDocument } from '../../okr/parse/parser';
import { scanLines } from '../../okr/parse/scan';
import { isMarkdownFile, type PlanContext, type PlanContexts } from './planContext';
import type { ScoringOptions } from '../../okr/model/scoring';
import type { LinkedPlans } from '../../okr/check/types';
import type { Plan } from '../../okr/model/plan';

/** An open document that is a plan, parsed at its current version. */
export interface OpenPlan {
  uri: string;
  version: number;
  doc: PlanDocument;
  context: PlanContext;
  /** How many lines were read when the document exceeded the size limits, else null. */
  limitedToLines: number | null;
  /** The plans its links lead to, for the rules about links between plans; null when none are known. */
  linked?: LinkedPlans | null;
}

/** Lines cut to the size limits, and how many were kept when they were cut. */
export interface LimitedLines {
  lines: readonly string[];
  limitedToLines: number | null;
}

/** Keeps whole lines, each with the line break after it, within `maxLines` lines and `maxChars` characters. */
export function limitLines(lines: readonly string[], maxLines: number, maxChars: number): LimitedLines {
  let chars = 0;
  for (const line of lines) chars += line.length + 1;
  if (lines.length <= maxLines && chars - 1 <= maxChars) return { lines, limitedToLines: null };
  let kept = 0;
  let end = 0;
  while (kept < Math.min(maxLines, lines.length - 1) && end + lines[kept].length <= maxChars) end += lines[kept++].length + 1;
  // A document has at least one line, if empty.
  return { lines: kept > 0 ? lines.slice(0, kept) : [''], limitedToLines: kept };
}

/**
 * A document longer than this is parsed the first time in slices, so that
 * requests are served in between.
 */
const FIRST_PARSE_SLICE_LINES = 1_000;

/** The first slice is a few screens: it is checked for line-local problems while the rest is read. */
const FIRST_SLICE_LINES = 300;

/**
 * Each slice ends twice as far in as the one before, up to this many lines
 * more: a block that spans slices (a long table) is parsed again with each
 * one, and doubling keeps that to about twice its cost.
 */
const MAX_SLICE_GROWTH = 4_000;

/**
 * Lets the event loop serve pending requests and notifications: through
 * setImmediate in Node, and a message to itself in a web worker, which has no
 * setImmediate and whose timers wait at least 4 ms once nested.
 */
export const yieldToRequests: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });

interface ParsedVersion {
  version: number;
  maxLines: number;
  maxChars: number;
  /** The parse at this version; null when a line scan showed the document cannot be a plan, and it was not parsed. */
  doc: PlanDocument | null;
  limitedToLines: number | null;
  /** Whether the document was a plan at this version. */
  planFile: boolean;
}

/** The open documents, their parsers and their latest parse. */
export class PlanDocuments {
  /** The editor's documents, kept in step by incremental changes. */
  readonly documents = new TextDocuments(LINE_DOCUMENTS);
  private readonly parsers = new Map<string, { parser: PlanParser; scoring: ScoringOptions }>();
  private readonly parsed = new Map<string, ParsedVersion>();
  private readonly parseListeners: Array<(uri: string, plan: OpenPlan | undefined) => void> = [];
  private readonly firstSliceListeners: Array<(uri: string, version: number, doc: PlanDocument, context: PlanContext) => void> = [];
  /** First parses in progress, by URI. */
  private readonly firstParses = new Map<string, Promise<void>>();
  /** Finds the plans a document's plan links to; none until the server sets it. */
  linkedFor: (uri: string, plan: Plan) => LinkedPlans | null = () => null;

  constructor(readonly contexts: PlanContexts) {
    this.documents.onDidClose(({ document }) => {
      this.parsers.delete(document.uri);
      this.parsed.delete(document.uri);
      this.contexts.forget(document.uri);
    });
  }

  /** Starts tracking the editor's documents. */
  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  /** Calls `listener` whenever an open document was parsed at a new version, with the plan or undefined when it is not one. */
  onDidParse(listener: (uri: string, plan: OpenPlan | undefined) => void): void {
    this.parseListeners.push(listener);
  }

  /** Calls `listener` with the parse of the first slice of a long document that is being parsed for the first time. */
  onDidParseFirstSlice(listener: (uri: string, version: number, doc: PlanDocument, context: PlanContext) => void): void {
    this.firstSliceListeners.push(listener);
  }

  /** The open plan at `uri`, parsed at its current version; undefined when it is not open or not a plan. */
  async get(uri: string): Promise<OpenPlan | undefined> {
    const document = this.documents.get(uri);
    if (!document || !isMarkdownFile(uri, document.languageId)) return undefined;
    const context = await this.contexts.contextFor(uri);
    const current = this.documents.get(uri);
    if (!current) return undefined;
    const { maxLines, maxFileSize } = context.settings;
    const isCurrent = (parsed: ParsedVersion | undefined): parsed is ParsedVersion =>
      parsed !== undefined && parsed.version === current.version && parsed.maxLines === maxLines && parsed.maxChars === maxFileSize;
    let entry = this.parsed.get(uri);
    let fresh = !isCurrent(entry);
    // Until a document was parsed, a line scan may show that a version cannot be a plan, which spares it the parse:
    // a handbook page opened in the editor costs a pass over its lines, as it does in the workspace index.
    if (fresh && !entry?.doc && context.declared !== true && !scanLines(limitLines(current.lines, maxLines, maxFileSize).lines).maybePlan) {
      entry = { version: current.version, maxLines, maxChars: maxFileSize, doc: null, limitedToLines: null, planFile: false };
      this.parsed.set(uri, entry);
    } else if (fresh) {
      if (!entry?.doc && current.lineCount > FIRST_PARSE_SLICE_LINES) {
        await this.parseFirstTime(uri, Math.min(maxLines, current.lineCount), context);
        entry = this.parsed.get(uri);
        fresh = !isCurrent(entry);
      }
      if (fresh) {
        const limited = limitLines(current.lines, maxLines, maxFileSize);
        const parsed = this.parserOf(uri, context.scoring).parseLines(limited.lines);
        const doc = asDeclared(parsed, context.declared);
        const planFile = context.declared ?? isPlan(doc.plan);
        entry = { version: current.version, maxLines, maxChars: maxFileSize, doc, limitedToLines: limited.limitedToLines, planFile };
        this.parsed.set(uri, entry);
      }
    }
    if (!entry) return undefined;
    const open = entry.planFile && entry.doc ? { uri, version: entry.version, doc: entry.doc, context, limitedToLines: entry.limitedToLines, linked: this.linkedFor(uri, entry.doc.plan) } : undefined;
    if (fresh) for (const listener of this.parseListeners) listener(uri, open);
    return open;
  }

  /** The document's parser, made anew when the scoring its plans are read with changed. */
  private parserOf(uri: string, scoring: ScoringOptions): PlanParser {
    let entry = this.parsers.get(uri);
    if (!entry || entry.scoring !== scoring) this.parsers.set(uri, (entry = { parser: new PlanParser({ scoring, statuses: scoring.statuses }), scoring }));
    return entry.parser;
  }

  /**
   * Parses a long document's lines up to `lineCount` a slice at a time,
   * yielding to requests between slices; the parser keeps the blocks, so the
   * full parse that follows reads only what the slices did not. Concurrent
   * callers share one first parse.
   */
  private parseFirstTime(uri: string, lineCount: number, context: PlanContext): Promise<void> {
    let parsing = this.firstParses.get(uri);
    if (!parsing) {
      parsing = (async () => {
        for (let end = FIRST_SLICE_LINES; end < lineCount; end += Math.min(end, MAX_SLICE_GROWTH)) {
          const document = this.documents.get(uri);
          if (!document) return;
          const doc = this.parserOf(uri, context.scoring).parseLines(document.lines.slice(0, end));
          if (end === FIRST_SLICE_LINES) for (const listener of this.firstSliceListeners) listener(uri, document.version, doc, context);
          await yieldToRequests();
        }
      })().finally(() => this.firstParses.delete(uri));
      this.firstParses.set(uri, parsing);
    }
    return parsing;
  }

  /**
   * The open plan for requests about one line that must answer at once, such
   * as completion: when the edits since the last parse kept the number of
   * lines, that parse is served with the current text of `line` instead of
   * parsing again. Its spans may lag on lines edited since.
   */
  async latest(uri: string, line: number): Promise<OpenPlan | undefined> {
    const entry = this.parsed.get(uri);
    const current = this.documents.get(uri);
    if (!entry?.doc || !current || entry.version === current.version || entry.limitedToLines !== null) return this.get(uri);
    if (current.lineCount !== entry.doc.lines.length || line < 0 || line >= current.lineCount) return this.get(uri);
    if (!entry.planFile) return undefined;
    const lines = entry.doc.lines.slice();
    lines[line] = current.lines[line];
    const context = await this.contexts.contextFor(uri);
    return { uri, version: entry.version, doc: { ...entry.doc, lines }, context, limitedToLines: null };
  }

  /** The URIs of every open document. */
  uris(): string[] {
    return this.documents.keys();
  }
}
