/**
 * The engine: runs the rule registry over a parsed plan, reusing what the
 * rules found in blocks and plan parts that did not change, and adds the
 * fixes that need the whole plan when they are asked for.
 */
import { isPlan } from '../model/plan';
import type { ChunkSyntax, ParsedChunk, PlanDocument } from '../parse/parser';
import { defaultStatusSet } from '../model/statuses';
import { disabledRulesByLine, resolveSeverity } from './ruleSettings';
import { RULES } from './rules/index';
import { clampEdit } from './edits';
import { sameContext } from './rules/perItem';
import type { ChunkInput, ChunkRule, Diagnostic, DiagnosticOptions, Finding, PlanRule, Range, Rule, RuleContext } from './types';

/** What a plan rule read and found on its last run. */
interface RuleRun {
  inputs: ReadonlyArray<readonly unknown[]>;
  context: RuleContext;
  lineCount: number;
  /** The text of each line (0-based) the rule read. */
  lines: ReadonlyMap<number, string>;
  findings: Finding[];
}

/** What each plan rule read and found on a document's last check, so that unchanged inputs are not checked again. */
export class RuleMemory {
  readonly last = new Map<PlanRule, RuleRun>();
}

/**
 * A plan rule's findings, kept from the last check when it read the same
 * objects and lines in the same context. Rules read the same parts of the
 * plan, so each part is compared with its last version once per check
 * (`compared`).
 */
function planFindings(rule: PlanRule, doc: PlanDocument, context: RuleContext, memory: RuleMemory | undefined, compared: ComparedInputs): Finding[] {
  if (!memory || !rule.reads) return rule.check(doc, context);
  const inputs = rule.reads(doc.plan);
  const last = memory.last.get(rule);
  const unchanged =
    last !== undefined &&
    last.lineCount === doc.lines.length &&
    sameContext(last.context, context) &&
    last.inputs.length === inputs.length &&
    last.inputs.every((before, index) => sameItems(before, inputs[index], compared)) &&
    sameLines(last.lines, doc.lines);
  // Unchanged inputs are remembered in their new version, which the other rules compare with too.
  let run: RuleRun;
  if (unchanged) {
    run = { ...last, inputs };
  } else {
    const lines = new Map<number, string>();
    run = { inputs, context, lineCount: doc.lines.length, lines, findings: rule.check({ ...doc, lines: recordReads(doc.lines, lines) }, context) };
  }
  memory.last.set(rule, run);
  return run.findings;
}

/** The lines, noting in `read` each one that is read: rules read lines beyond their inputs' own. */
function recordReads(lines: readonly string[], read: Map<number, string>): readonly string[] {
  return new Proxy(lines, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key.charCodeAt(0) >= 0x30 && key.charCodeAt(0) <= 0x39) {
        const index = Number(key);
        if (index < target.length) read.set(index, target[index]);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

function sameLines(read: ReadonlyMap<number, string>, lines: readonly string[]): boolean {
  for (const [index, text] of read) if (lines[index] !== text) return false;
  return true;
}

/** What one check found when it compared a part of the plan with its last version. */
type ComparedInputs = Map<readonly unknown[], { now: readonly unknown[]; same: boolean }>;

function sameItems(before: readonly unknown[], now: readonly unknown[], compared: ComparedInputs): boolean {
  if (before === now) return true;
  const known = compared.get(before);
  if (known?.now === now) return known.same;
  const same = before.length === now.length && before.every((item, at) => item === now[at]);
  compared.set(before, { now, same });
  return same;
}

/**
 * Each chunk rule's findings in a block, by the block's syntax: kept while its
 * text and the day stay the same. `all` holds them together for the rule list
 * asked for last, so that a block without findings costs one lookup.
 */
const chunkCache = new WeakMap<ChunkSyntax, { today: string; byRule: Map<ChunkRule, Finding[]>; all?: { rules: string; findings: Array<readonly [ChunkRule, Finding]> } }>();

/** Whether each block may hold a disable comment, by its syntax: comments are rare, and a block is searched once. */
const disableComments = new WeakMap<ChunkSyntax, boolean>();

function mentionsDisableComment(chunk: ParsedChunk): boolean {
  let mentions = disableComments.get(chunk.syntax);
  if (mentions === undefined) disableComments.set(chunk.syntax, (mentions = chunk.text.includes('okr-')));
  return mentions;
}

/** Builds the rule context from options, filling in defaults. */
function ruleContext(options: DiagnosticOptions = {}): RuleContext {
  return {
    today: isoDate(options.today ?? new Date()),
    roster: options.roster ?? null,
    statuses: options.statuses ?? defaultStatusSet,
    linked: options.linked ?? null,
    lastCheckIn: options.lastCheckIn ?? null,
    staleAfterDays: options.staleAfterDays ?? null,
  };
}

/** Every diagnostic of a parsed document with all its fixes, in document order. A page that is not a plan gets none. */
export function computeDiagnostics(doc: PlanDocument, options: DiagnosticOptions = {}, rules: readonly Rule[] = RULES): Diagnostic[] {
  return completeFixes(doc, findDiagnostics(doc, options, rules), rules);
}

/**
 * Every diagnostic of a parsed document, in document order, with only the
 * fixes its rule found: for publishing, which needs no fixes; the fixes that
 * need the whole plan wait for `completeFixes`. With the document's
 * `memory`, plan rules whose inputs did not change are not run again.
 */
export function findDiagnostics(doc: PlanDocument, options: DiagnosticOptions = {}, rules: readonly Rule[] = RULES, memory?: RuleMemory): Diagnostic[] {
  if (!isPlan(doc.plan)) return [];
  const context = ruleContext(options);
  const disabled = doc.chunks.some(mentionsDisableComment) ? disabledRulesByLine(doc.lines) : () => false;
  const inChunks = chunkFindings(rules, doc.chunks, context);
  const compared: ComparedInputs = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = resolveSeverity(rule, options.rules);
    if (severity === 'off') continue;
    const findings = rule.scope === 'chunk' ? (inChunks.get(rule) ?? []) : planFindings(rule, doc, context, memory, compared);
    for (const finding of findings) {
      if (disabled(finding.line, rule.id)) continue;
      const { fixes, severity: own, ...range } = finding;
      const diagnostic: Diagnostic = { ...range, severity: severity ?? own ?? rule.defaultSeverity, code: rule.id, message: finding.message };
      if (fixes && fixes.length > 0) diagnostic.fixes = fixes;
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics.sort(compareRanges);
}

/** Adds the fixes that need the whole plan to fresh copies of `diagnostics`, and keeps every fix's edits inside the document. */
export function completeFixes(doc: PlanDocument, diagnostics: readonly Diagnostic[], rules: readonly Rule[] = RULES): Diagnostic[] {
  const complete = diagnostics.map((diagnostic) => ({ ...diagnostic }));
  for (const rule of rules) {
    const own = rule.planFixes ? complete.filter((diagnostic) => diagnostic.code === rule.id) : [];
    if (own.length > 0) rule.planFixes?.(doc, own);
  }
  for (const diagnostic of complete) {
    if (diagnostic.fixes) diagnostic.fixes = diagnostic.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => clampEdit(edit, doc.lines)) }));
  }
  return complete;
}

/** Orders ranges by start, then end. */
function compareRanges(a: Range, b: Range): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** Runs the chunk rules over every block, reusing the findings of blocks whose text did not change. */
function chunkFindings(rules: readonly Rule[], chunks: readonly ParsedChunk[], context: RuleContext): Map<Rule, Finding[]> {
  const chunkRules = rules.filter((rule): rule is ChunkRule => rule.scope === 'chunk');
  const ruleIds = chunkRules.map((rule) => rule.id).join(' ');
  const out = new Map<Rule, Finding[]>();
  for (const rule of chunkRules) out.set(rule, []);
  for (const chunk of chunks) {
    let cached = chunkCache.get(chunk.syntax);
    if (!cached || cached.today !== context.today) chunkCache.set(chunk.syntax, (cached = { today: context.today, byRule: new Map() }));
    if (cached.all?.rules !== ruleIds) {
      const findings: Array<readonly [ChunkRule, Finding]> = [];
      let input: ChunkInput | undefined;
      for (const rule of chunkRules) {
        let relative = cached.byRule.get(rule);
        if (!relative) {
          input ??= {
            lines: chunk.text.split(/\r\n|\r|\n/).slice(0, chunk.lineCount),
            verbatim: chunk.syntax.verbatim.map(([from, to]) => [from + 1, to + 1] as const),
          };
          relative = rule.check(input, context);
          cached.byRule.set(rule, relative);
        }
        for (const finding of relative) findings.push([rule, finding]);
      }
      cached.all = { rules: ruleIds, findings };
    }
    for (const [rule, finding] of cached.all.findings) out.get(rule)!.push(shiftFinding(finding, chunk.startLine));
  }
  return out;
}

/** Moves a block-relative finding (and its fix edits) to document lines. */
function shiftFinding(finding: Finding, by: number): Finding {
  const shifted: Finding = { ...finding, line: finding.line + by, endLine: finding.endLine + by };
  if (finding.fixes) {
    shifted.fixes = finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => ({ ...edit, line: edit.line + by, endLine: edit.endLine + by })),
    }));
  }
  return shifted;
}

/** `YYYY-MM-DD` of a date (UTC), or the string unchanged. */
function isoDate(date: string | Date): string {
  return typeof date === 'string' ? date : date.toISOString().slice(0, 10);
}
