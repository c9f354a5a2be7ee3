/**
 * The types every rule, the engine and their consumers (language server,
 * CLI, tests) share. Positions are 1-based like the plan model; columns
 * count UTF-16 code units and `endColumn` is exclusive.
 */
import type { Plan } from '../model/plan';
import type { PlanDocument } from '../parse/parser';
import type { Roster } from '../model/roster';
import type { StatusSet } from '../model/statuses';

/** How loud a diagnostic is; the names match the CLI's JSON output. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Severities from loudest to quietest, for comparisons and validation. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A 1-based range; `endColumn` is exclusive. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One replacement of a range by new text. */
export interface Edit extends Range {
  newText: string;
}

/** A quick fix: edits that resolve a diagnostic. */
export interface Fix {
  title: string;
  edits: Edit[];
  /** Safe fixes change nothing the author meant to keep; `source.fixAll.okr` and `okr check --fix` apply them. */
  safe: boolean;
  /** The edits' `newText` is an LSP snippet with tab stops (`${1:default}`). */
  snippet?: boolean;
}

/** A problem found in a plan, ready for any consumer. */
export interface Diagnostic extends Range {
  severity: Severity;
  /** The stable rule id. */
  code: string;
  message: string;
  fixes?: Fix[];
}

/** What a rule reports: a diagnostic without its code; the severity defaults to the rule's. */
export interface Finding extends Range {
  message: string;
  severity?: Severity;
  fixes?: Fix[];
}

/** What rules may look at besides the document. */
export interface RuleContext {
  /** Today's date as `YYYY-MM-DD`, so deadline rules are deterministic in tests. */
  today: string;
  /** The team's people and groups; null where no roster exists (name rules stay silent). */
  roster: Roster | null;
  statuses: StatusSet;
  /** The other plans this plan links to; null where none are known, and rules about links stay silent. */
  linked: LinkedPlans | null;
  /** The plan's last check-in, or null where it is not known (no clone, Restricted Mode, or the stale-plan rule is off). */
  lastCheckIn: { date: string; author: string } | null;
  /** Days without a check-in after which the stale-plan rule notes a current plan; null turns it off. */
  staleAfterDays: number | null;
}

/** The plans of other pages that a plan's relative links lead to. */
export interface LinkedPlans {
  /** The plan a link's address (as written, relative to the page) leads to; undefined when it leads to no plan known. */
  planAt(url: string): Plan | undefined;
}

/** What `computeDiagnostics` accepts: every part is optional and has a sensible default. */
export interface DiagnosticOptions {
  today?: string | Date;
  roster?: Roster | null;
  statuses?: StatusSet;
  /** Per-rule severity or `off`, merged from settings and the project file. */
  rules?: RuleSettings;
  linked?: LinkedPlans | null;
  lastCheckIn?: { date: string; author: string } | null;
  staleAfterDays?: number | null;
}

/** The lines of one top-level block, as a chunk rule sees them. */
export interface ChunkInput {
  /** The block's lines; finding lines are 1-based within the block. */
  lines: readonly string[];
  /** 1-based block lines (inclusive ranges) of code and raw HTML, where prose rules do not apply. */
  verbatim: ReadonlyArray<readonly [number, number]>;
}

/** What every rule declares about itself. */
export interface RuleInfo {
  /** Kebab-case, stable and searchable; the diagnostic code. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  tags: readonly string[];
  /** One paragraph: what the rule finds, why it matters, how to fix it. */
  doc: string;
  /**
   * Adds to the rule's diagnostics the fixes that need the whole plan (a
   * free redaction number, a key result's siblings). Runs only when fixes are
   * asked for, never while diagnostics are published.
   */
  planFixes?(doc: PlanDocument, diagnostics: readonly Diagnostic[]): void;
}

/** A rule that reads one block's lines; its findings are cached per block. */
export interface ChunkRule extends RuleInfo {
  scope: 'chunk';
  check(chunk: ChunkInput, context: RuleContext): Finding[];
}

/** A rule that reads the whole plan; it runs on every check. */
export interface PlanRule extends RuleInfo {
  scope: 'plan';
  check(doc: PlanDocument, context: RuleContext): Finding[];
  /**
   * The parts of the plan the rule reads. While each holds the same objects
   * (the parser shares what an edit did not touch), the line count and
   * context are unchanged, and so is every line the rule read on its last
   * run (such as the document's end, where a fix appends), its findings are
   * kept. Without it, the rule runs on every check.
   */
  reads?(plan: Plan): ReadonlyArray<readonly unknown[]>;
}

/** Any rule of the registry. */
export type Rule = ChunkRule | PlanRule;

/** What a rule can be set to. */
export type RuleSetting = Severity | 'off';

/** Rule id → setting; unknown ids are kept so a typo can be reported, but they change nothing. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;
