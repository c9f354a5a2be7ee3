/**
 * Live diagnostics: the plan's problems, re-checked shortly after the author
 * stops typing. A run that a newer edit made stale is dropped, documents that
 * stop being plans are cleared, and an oversized plan gets one clear message.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { completeFixes, findDiagnostics, RuleMemory } from '../../okr/check/engine';
import { type Diagnostic as PlanDiagnostic } from '../../okr/check/types';
import { type DiagnosticOptions, type LinkedPlans, type Severity } from '../../okr/check/types';
import { RULES } from '../../okr/check/rules/index';
import { isPlan } from '../../okr/model/plan';
import type { Plan } from '../../okr/model/plan';
import type { PlanDocument } from '../../okr/parse/parser';
import { yieldToRequests, type OpenPlan, type PlanDocuments } from './documents';
import { logError } from './guard';
import { linesRange, modelRange } from '../convert/positions';
import type { PlanContext } from './planContext';

/** Where diagnostics come from, as the Problems panel shows it. */
export const DIAGNOSTIC_SOURCE = 'okr';

/** The code of the message an oversized plan gets. */
export const PLAN_TOO_LARGE = 'plan-too-large';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A plan diagnostic as LSP sends it, its range clamped inside the document. */
export function toLspDiagnostic(diagnostic: PlanDiagnostic, lines: readonly string[]): Diagnostic {
  return {
    range: modelRange(lines, diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
}

/**
 * The plan's diagnostics for its context, memoised per parsed version and
 * context, with only the fixes their rules found: publishing needs none.
 */
export function checkPlan(doc: PlanDocument, context: PlanContext, memory?: RuleMemory, linked: LinkedPlans | null = null): PlanDiagnostic[] {
  const memo = checked.get(doc.plan);
  if (memo && memo.context === context && memo.linked === linked) return memo.diagnostics;
  const diagnostics = findDiagnostics(doc, { ...ruleOptions(context), linked }, RULES, memory);
  checked.set(doc.plan, { context, linked, diagnostics });
  return diagnostics;
}

/** The plan's diagnostics with all their fixes, worked out when code actions ask rather than on every keystroke. */
export function checkPlanWithFixes(doc: PlanDocument, context: PlanContext, linked: LinkedPlans | null = null): PlanDiagnostic[] {
  return completeFixes(doc, checkPlan(doc, context, undefined, linked));
}

function ruleOptions(context: PlanContext): DiagnosticOptions {
  return { roster: context.roster.isEmpty ? null : context.roster, statuses: context.statuses, rules: context.rules, lastCheckIn: context.lastCheckIn, staleAfterDays: context.staleAfterDays };
}
/** Diagnostics by the plan they were computed from, which a parsed version and its latest-parse views share. */
const checked = new WeakMap<Plan, { context: PlanContext; linked: LinkedPlans | null; diagnostics: PlanDiagnostic[] }>();

/** The diagnostics already computed for a parsed version, without computing them: for features that must not wait. */
export function lastDiagnostics(doc: PlanDocument): readonly PlanDiagnostic[] {
  return checked.get(doc.plan)?.diagnostics ?? [];
}

/** The rules that read one block's lines: their findings in part of a plan are its findings in the whole. */
const LINE_LOCAL_RULES = RULES.filter((rule) => rule.scope === 'chunk');

/** Every LSP diagnostic of an open plan, including the message about a plan too large to read whole. */
export function computeLspDiagnostics(open: OpenPlan, memory?: RuleMemory): Diagnostic[] {
  const { lines } = open.doc;
  const diagnostics = checkPlan(open.doc, open.context, memory, open.linked ?? null).map((diagnostic) => toLspDiagnostic(diagnostic, lines));
  if (open.limitedToLines !== null) {
    const { maxLines, maxFileSize } = open.context.settings;
    diagnostics.unshift({
      range: linesRange(lines, 1),
      severity: DiagnosticSeverity.Information,
      code: PLAN_TOO_LARGE,
      source: DIAGNOSTIC_SOURCE,
      message: `Plan too large: diagnostics limited to the first ${open.limitedToLines} lines (limits: okr.maxLines ${maxLines}, okr.maxFileSize ${maxFileSize} characters).`,
    });
  }
  return diagnostics;
}

/** A check that took less than this runs again at once after an isolated edit. */
export const CHEAP_CHECK_MS = 50;

/**
 * Schedules, runs and publishes diagnostics for the open documents. An edit
 * to an idle document whose last check was cheap is checked at once; edits
 * that arrive while a check waits, or to a document whose checks are costly,
 * wait for a pause in typing.
 */
export class DiagnosticsScheduler {
  /** Cancels each document's pending check. */
  private readonly pending = new Map<string, () => void>();
  /** Documents being checked now: an edit that arrives meanwhile is part of a burst of typing. */
  private readonly running = new Set<string>();
  private readonly runs = new Map<string, number>();
  private readonly published = new Set<string>();
  private readonly costs = new Map<string, number>();
  /** Per document, what its plan rules read last, so that a keystroke re-runs only the rules whose input it changed. */
  private readonly memories = new Map<string, RuleMemory>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: PlanDocuments,
    private readonly delayMs = 200,
  ) {}

  /** Checks a document soon, replacing any pending or running check of it. */
  schedule(uri: string, delayMs = this.delayFor(uri)): void {
    this.pending.get(uri)?.();
    const run = this.nextRun(uri);
    // Even a check due at once waits for a timer, so that requests already sent, such as a completion after the keystroke, go first.
    const timer = setTimeout(() => void this.run(uri, run), delayMs);
    this.pending.set(uri, () => clearTimeout(timer));
  }

  /** Checks every open document again, after the roster, a project file or the settings changed. */
  recheckAll(): void {
    for (const uri of this.documents.uris()) this.schedule(uri, 0);
  }

  /**
   * Publishes the line-local problems of the first slice of a long plan that
   * is still being read, so the top of the document is checked at once; the
   * full check replaces them when the whole plan is read.
   */
  publishFirstSlice(uri: string, version: number, doc: PlanDocument, context: PlanContext): void {
    if (!isPlan(doc.plan) || this.documents.documents.get(uri)?.version !== version) return;
    // The slice's last block may be cut short: its lines wait for the full check.
    const cut = doc.chunks[doc.chunks.length - 1]?.startLine ?? 0;
    const diagnostics = findDiagnostics(doc, ruleOptions(context), LINE_LOCAL_RULES)
      .filter((diagnostic) => diagnostic.endLine <= cut)
      .map((diagnostic) => toLspDiagnostic(diagnostic, doc.lines));
    this.published.add(uri);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Withdraws a document's diagnostics, when it closes. */
  clear(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.nextRun(uri);
    this.runs.delete(uri);
    this.costs.delete(uri);
    this.memories.delete(uri);
    if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private delayFor(uri: string): number {
    const idle = !this.pending.has(uri) && !this.running.has(uri);
    return idle && (this.costs.get(uri) ?? Infinity) < CHEAP_CHECK_MS ? 0 : this.delayMs;
  }

  private nextRun(uri: string): number {
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    return run;
  }

  private async run(uri: string, run: number): Promise<void> {
    this.pending.delete(uri);
    this.running.add(uri);
    try {
      const started = performance.now();
      const open = await this.documents.get(uri);
      if (this.runs.get(uri) !== run) return;
      if (!open) {
        if (this.published.delete(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const parsed = performance.now();
      // Requests sent with the keystroke, such as a completion, are answered between parsing and checking.
      await yieldToRequests();
      if (this.runs.get(uri) !== run) return;
      const checking = performance.now();
      let memory = this.memories.get(uri);
      if (!memory) this.memories.set(uri, (memory = new RuleMemory()));
      const diagnostics = computeLspDiagnostics(open, memory);
      this.costs.set(uri, parsed - started + performance.now() - checking);
      if (this.runs.get(uri) !== run || this.documents.documents.get(uri)?.version !== open.version) return;
      this.published.add(uri);
      await this.connection.sendDiagnostics({ uri, version: open.version, diagnostics });
    } catch (error) {
      logError(this.connection, `Checking ${uri}`, error);
    } finally {
      this.running.delete(uri);
    }
  }
}

/** Publishes diagnostics on open and change, and clears them on close. */
export function registerDiagnostics(connection: Connection, documents: PlanDocuments): DiagnosticsScheduler {
  const scheduler = new DiagnosticsScheduler(connection, documents);
  // A document that just opened is checked at once; edits wait for a pause in typing.
  const justOpened = new Set<string>();
  documents.documents.onDidOpen(({ document }) => justOpened.add(document.uri));
  documents.documents.onDidChangeContent(({ document }) => scheduler.schedule(document.uri, justOpened.delete(document.uri) ? 0 : undefined));
  documents.documents.onDidClose(({ document }) => scheduler.clear(document.uri));
  documents.onDidParseFirstSlice((uri, version, doc, context) => scheduler.publishFirstSlice(uri, version, doc, context));
  return scheduler;
}
