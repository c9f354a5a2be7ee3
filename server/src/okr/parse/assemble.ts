/**
 * Builds the plan from the blocks' compact syntax, reading them in document
 * order the way a person reads a plan: a title names the period; an
 * objective is bold, owned (`CEO: …`), marked (`OBJECTIVE:`) or introduced
 * ("Our objective is to:"); key results are marked `KR`, or listed after
 * "the following key results:", or are the bullets of an objective; tasks
 * are status-table rows or initiative-list items; `### N Title` sections
 * describe tasks. Nothing here depends on how the document was cut into
 * blocks, so the plan is the same whether it was parsed whole or in parts.
 */
import type { Objective, KeyResult, Plan, Task, TaskDetails, TextSpan, RedactedReference } from '../model/plan';
import { emptyPlan, findSpan, unscoredKeyResult, unscoredObjective } from '../model/plan';
import { withAnchors } from '../model/anchors';
import { headingEvidence, strongerHeading, weighEvidence, type HeadingEvidence } from './evidence';
import type { Block, ItemBlock, ListBlock, ParagraphBlock, Segment, TableBlock, BlockSyntax, HeadingBlock } from './syntax';
import type { StatusSet } from '../model/statuses';
import {
  splitOwner, splitKeyResult, splitObjective, keyResultTextColumn, splitProgress, splitNames, periodOf,
  RATIONALE, KEY_RESULTS_INTRO, OBJECTIVE_INTRO, TASKS_INTRO, TASKS_HEADING, DETAILS_HEADING, NUMBERED_TITLE,
  FIELD, isPlanHeading, isOkrHeading, LEADING_STATUS, SENTENCE_OWNER, PROGRESS_ARROW,
} from './patterns';

/** A heading that only labels a list of key results. */
const KEY_RESULTS_HEADING = /^(?:key[ \t]+results?|krs?|metrics|measures|how we(?:'ll| will) measure(?: it| this)?)[ \t]*:?$/i;

/** A block's syntax and where the block starts (0-based line). */
export interface PositionedSyntax {
  startLine: number;
  syntax: BlockSyntax;
}

/** What assembling a page gives: the plan if the evidence says it is one, and what was read either way. */
export interface Assembled {
  /** The plan, or an empty plan (with the little evidence there was) when the page is not one. */
  plan: Plan;
  /** What was read, whatever the evidence: the plan of a page that settings declare a plan. */
  structure: Plan;
}

/**
 * Assembles the plans of successive versions of one document, reading again
 * only the sections that changed. A heading of level 1 or 2 resets all that
 * the reading carries from block to block but a small context (flags, the
 * level-1 heading above, the latest task list), so a section whose blocks and
 * context are unchanged adds what it added before, moved by as many lines as
 * it moved.
 */
export class PlanAssembler {
  private sections: SectionRecord[] = [];
  /** Each task's copy linked to its details, kept while the link stays, so unchanged tasks stay the same objects. */
  private readonly linkedCopies = new WeakMap<Task, Task>();

  constructor(private readonly statuses: StatusSet) {}

  /** The plan of `blocks`, reusing what the unchanged sections of the previous call read; `title` is the front matter's. */
  assemble(blocks: readonly PositionedSyntax[], lines: readonly string[], title: string | null = null): Assembled {
    const merged = new MergedPlan(this.linkedCopies, lines, title);
    const previous = new Map(this.sections.map((record) => [record.blocks[0].syntax, record]));
    const sections: SectionRecord[] = [];
    for (const section of splitSections(blocks)) {
      const context = merged.context();
      const base = section[0].startLine;
      const old = previous.get(section[0].syntax);
      const reused = old && old.output.reusable && sameSection(old, section) && sameContext(old.context, context) ? old : undefined;
      // A section that moved is copied with its new lines once; the next versions share the copy.
      const output = reused ? (reused.base === base ? reused.output : moveOutput(reused.output, base - reused.base)) : readSection(section, lines, this.statuses, context);
      merged.add(output);
      sections.push({ blocks: section, base, context, output });
    }
    this.sections = sections;
    return merged.finish();
  }
}

/** A section as read: its blocks, where it starts, its context and what it added there. */
interface SectionRecord {
  blocks: readonly PositionedSyntax[];
  base: number;
  context: SectionContext;
  output: SectionOutput;
}

/** Cuts the blocks into sections, each starting at a level-1 or level-2 heading or at the document's start. */
function splitSections(blocks: readonly PositionedSyntax[]): PositionedSyntax[][] {
  const sections: PositionedSyntax[][] = [];
  for (const block of blocks) {
    const first = block.syntax.blocks[0];
    if (sections.length === 0 || (first?.kind === 'heading' && first.depth <= 2)) sections.push([block]);
    else sections[sections.length - 1].push(block);
  }
  return sections;
}

function sameSection(record: SectionRecord, section: readonly PositionedSyntax[]): boolean {
  const base = section[0].startLine;
  return record.blocks.length === section.length && record.blocks.every((block, index) => block.syntax === section[index].syntax && block.startLine - record.base === section[index].startLine - base);
}

/** What a section reads from the sections before it. */
interface SectionContext {
  titleSet: boolean;
  planContext: boolean;
  okrHeading: boolean;
  fallback: Candidate | null;
  /** The level-1 heading the section sits under, if any. */
  outer: { heading: HeadingBlock; line: number; details: boolean; hasObjective: boolean } | null;
  /** The ids of the latest task list, which numbered sections describe. */
  recentTaskIds: readonly string[];
  /** Tasks before the section: unnumbered initiatives are numbered on from them. */
  taskCount: number;
}

function sameContext(a: SectionContext, b: SectionContext): boolean {
  const sameFallback = a.fallback === b.fallback || (a.fallback !== null && b.fallback !== null && a.fallback.title === b.fallback.title && a.fallback.owner === b.fallback.owner && a.fallback.line === b.fallback.line && a.fallback.column === b.fallback.column);
  const sameOuter = a.outer === b.outer || (a.outer !== null && b.outer !== null && a.outer.heading.text === b.outer.heading.text && a.outer.details === b.outer.details && a.outer.hasObjective === b.outer.hasObjective);
  return (
    a.titleSet === b.titleSet && a.planContext === b.planContext && a.okrHeading === b.okrHeading && a.taskCount === b.taskCount && sameFallback && sameOuter &&
    a.recentTaskIds.length === b.recentTaskIds.length && a.recentTaskIds.every((id, index) => id === b.recentTaskIds[index])
  );
}

/** What reading a section added, in the lines the section had when it was read. */
interface SectionOutput {
  /** Its title and period, top-level objectives, tasks, references and definitions. */
  plan: Plan;
  /** Stands for the objective of the level-1 heading above: holds what the section attached to it. */
  outerObjective: Objective | null;
  /** Stand for the tasks of the latest list before the section. */
  incomingTasks: ReadonlySet<Task>;
  candidateDetails: readonly CandidateDetails[];
  planContext: boolean;
  okrHeading: boolean;
  /** The candidate objective the section leaves, or undefined when it is still the one from before. */
  fallback: Candidate | null | undefined;
  /** The section's own latest task list, or null when it kept the one before. */
  recentTasks: ReadonlyMap<string, Task> | null;
  /** The level-1 heading scope at the section's end: null for none, undefined when it is still the one from before. */
  outerScope: HeadingScope | null | undefined;
  /** False when the section used a candidate objective from before it, whose line does not move with the section. */
  reusable: boolean;
  /** The section's heading that best says the page holds OKRs. */
  heading: HeadingEvidence | null;
}

/** Reads one section in its context. */
function readSection(section: readonly PositionedSyntax[], lines: readonly string[], statuses: StatusSet, context: SectionContext): SectionOutput {
  const assembler = new Assembler(lines, statuses, context);
  for (const { startLine, syntax } of section) {
    for (const block of syntax.blocks) assembler.block(block, startLine);
    assembler.inline(syntax, startLine);
  }
  const output = assembler.output();
  // Settled here, so that merging never changes an output: only the objective of a level-1 heading gains children later.
  for (const objective of [...output.plan.objectives, ...(output.outerObjective?.children ?? [])]) settleEndLine(objective);
  return output;
}

/** A numbered section, the task it names (if any), and whether a details heading holds it. */
interface CandidateDetails {
  details: TaskDetails;
  task: Task | undefined;
  underDetailsHeading: boolean;
}

/**
 * Joins the sections' outputs into one plan. Outputs are shared, never
 * changed: what this version changes (objectives that gain children from
 * later sections, tasks linked to their details) is copied first.
 */
class MergedPlan {
  private readonly plan: Plan = emptyPlan();
  private planContext: boolean;
  private okrHeading: boolean;
  private heading: HeadingEvidence | null;
  private fallback: Candidate | null = null;
  private recentTasks: ReadonlyMap<string, Task> = new Map();
  private outer: { scope: HeadingScope; objective: Objective | null } | null = null;
  private readonly candidateDetails: CandidateDetails[] = [];
  /** This version's own copies of level-1 heading objectives, which later sections attach to. */
  private readonly outerObjectives: Objective[] = [];

  constructor(private readonly linkedCopies: WeakMap<Task, Task>, private readonly lines: readonly string[], title: string | null) {
    // A front matter title is the page's title, and says what the page is as a heading would.
    this.plan.title = title;
    this.plan.period = title === null ? null : periodOf(title);
    this.planContext = title !== null && isPlanHeading(title);
    this.okrHeading = title !== null && isOkrHeading(title);
    this.heading = title === null ? null : headingEvidence(title);
  }

  context(): SectionContext {
    const outer = this.outer && { heading: this.outer.scope.heading, line: this.outer.scope.line, details: this.outer.scope.details, hasObjective: this.outer.objective !== null };
    return { titleSet: this.plan.title !== null, planContext: this.planContext, okrHeading: this.okrHeading, fallback: this.fallback, outer, recentTaskIds: [...this.recentTasks.keys()], taskCount: this.plan.tasks.length };
  }

  add(output: SectionOutput): void {
    const plan = this.plan;
    if (plan.title === null && output.plan.title !== null) {
      plan.title = output.plan.title;
      plan.period = output.plan.period;
    }
    plan.objectives.push(...output.plan.objectives);
    const outerObjective = this.outer?.objective;
    if (output.outerObjective && outerObjective) {
      outerObjective.children.push(...output.outerObjective.children);
      outerObjective.keyResults.push(...output.outerObjective.keyResults);
    }
    plan.tasks.push(...output.plan.tasks);
    const incoming = this.recentTasks;
    for (const { details, task, underDetailsHeading } of output.candidateDetails) {
      const linked = task !== undefined && output.incomingTasks.has(task) ? incoming.get(task.id) : task;
      this.candidateDetails.push({ details, task: linked, underDetailsHeading });
    }
    plan.references.push(...output.plan.references);
    plan.definitions.push(...output.plan.definitions);
    plan.headings.push(...output.plan.headings);
    plan.links.push(...output.plan.links);
    this.planContext = output.planContext;
    this.okrHeading = output.okrHeading;
    this.heading = strongerHeading(this.heading, output.heading);
    if (output.fallback !== undefined) this.fallback = output.fallback;
    if (output.recentTasks) this.recentTasks = output.recentTasks;
    if (output.outerScope !== undefined) {
      const scope = output.outerScope;
      const own = scope?.objective;
      // Later sections attach to this objective: this version gets its own copy of it.
      const objective = own ? { ...own, keyResults: [...own.keyResults], children: [...own.children] } : null;
      if (own && objective) {
        plan.objectives[plan.objectives.lastIndexOf(own)] = objective;
        this.outerObjectives.push(objective);
      }
      this.outer = scope && { scope, objective };
    }
  }

  finish(): Assembled {
    const plan = this.plan;
    const linked = new Map<Task, Task>();
    for (const { details, task, underDetailsHeading } of this.candidateDetails) {
      if (!task && !underDetailsHeading) continue;
      plan.details.push(details);
      if (task && !linked.has(task)) {
        const kept = this.linkedCopies.get(task);
        const copy = kept?.detailsLine === details.line ? kept : { ...task, detailsLine: details.line };
        this.linkedCopies.set(task, copy);
        linked.set(task, copy);
      }
    }
    if (linked.size > 0) plan.tasks = plan.tasks.map((task) => linked.get(task) ?? task);
    for (const objective of this.outerObjectives) {
      objective.endLine = Math.max(objective.endLine, ...objective.keyResults.map((keyResult) => keyResult.line), ...objective.children.map((child) => child.endLine));
    }
    if (plan.objectives.length === 0 && plan.tasks.length > 0 && this.fallback) {
      // No objective exists to nest it under.
      const { title, owner, line, column } = this.fallback;
      plan.objectives.push({ title, owner, line: line + 1, column, endLine: line + 1, progress: null, keyResults: [], children: [], ...unscoredObjective() });
    }
    plan.headings = withAnchors(plan.headings);
    const verdict = weighEvidence(plan, this.lines, this.heading);
    plan.evidence = verdict.reasons;
    return { plan: verdict.isPlan ? plan : { ...emptyPlan(), evidence: verdict.reasons }, structure: plan };
  }
}

/** A copy of a section's output moved by `shift` lines, its links between objects kept. */
function moveOutput(output: SectionOutput, shift: number): SectionOutput {
  const objectives = new Map<Objective, Objective>();
  const tasks = new Map<Task, Task>();
  const movedTask = (task: Task): Task => tasks.get(task) ?? task;
  const plan: Plan = {
    ...output.plan,
    objectives: output.plan.objectives.map((objective) => moveObjective(objective, shift, objectives)),
    tasks: output.plan.tasks.map((task) => {
      const moved = moveTask(task, shift);
      tasks.set(task, moved);
      return moved;
    }),
    references: output.plan.references.map((reference) => ({ ...reference, line: reference.line + shift })),
    definitions: output.plan.definitions.map((definition) => ({ ...definition, line: definition.line + shift })),
    headings: output.plan.headings.map((heading) => ({ ...heading, line: heading.line + shift })),
    links: output.plan.links.map((link) => ({ ...link, line: link.line + shift, endLine: link.endLine + shift })),
  };
  const outer = output.outerObjective;
  const scope = output.outerScope;
  return {
    ...output,
    plan,
    outerObjective: outer && { ...outer, keyResults: outer.keyResults.map((keyResult) => moveKeyResult(keyResult, shift, objectives)), children: outer.children.map((child) => moveObjective(child, shift, objectives)) },
    candidateDetails: output.candidateDetails.map(({ details, task, underDetailsHeading }) => ({ details: moveDetails(details, shift), task: task && movedTask(task), underDetailsHeading })),
    fallback: output.fallback && { ...output.fallback, line: output.fallback.line + shift },
    recentTasks: output.recentTasks && new Map([...output.recentTasks].map(([id, task]) => [id, movedTask(task)])),
    outerScope: scope && { ...scope, line: scope.line + shift, objective: scope.objective && (objectives.get(scope.objective) ?? null) },
  };
}

function moveObjective(objective: Objective, shift: number, moved: Map<Objective, Objective>): Objective {
  const copy: Objective = {
    ...objective,
    line: objective.line + shift,
    endLine: objective.endLine + shift,
    keyResults: objective.keyResults.map((keyResult) => moveKeyResult(keyResult, shift, moved)),
    children: objective.children.map((child) => moveObjective(child, shift, moved)),
  };
  moved.set(objective, copy);
  return copy;
}

function moveKeyResult(keyResult: KeyResult, shift: number, moved: Map<Objective, Objective>): KeyResult {
  return { ...keyResult, line: keyResult.line + shift, children: keyResult.children.map((child) => moveObjective(child, shift, moved)) };
}

function moveSpan(span: TextSpan | null, shift: number): TextSpan | null {
  return span && { ...span, line: span.line + shift };
}

function moveTask(task: Task, shift: number): Task {
  const { id, status, responsible, title } = task.cells;
  return { ...task, line: task.line + shift, responsible: [...task.responsible], cells: { id: moveSpan(id, shift), status: moveSpan(status, shift), responsible: moveSpan(responsible, shift), title: moveSpan(title, shift) } };
}

function moveDetails(details: TaskDetails, shift: number): TaskDetails {
  return { ...details, line: details.line + shift, endLine: details.endLine + shift, fields: details.fields.map((field) => ({ ...field, line: field.line + shift })) };
}

/** An objective that is only a candidate until key results attach to it. */
interface Candidate {
  title: string;
  owner: string | null;
  line: number;
  column: number;
}

interface HeadingScope {
  depth: number;
  heading: HeadingBlock;
  line: number;
  objective: Objective | null;
  details: boolean;
}

/** What a list means, kept when a list continues after blank lines. */
type ListMode = 'objectives' | 'key-results' | 'tasks' | 'fields';

interface ListRun {
  block: ListBlock;
  mode: ListMode;
  /** The objective the list's objectives nest under, fixed where the list starts. */
  parent: Objective | null;
  nextNumber: number;
  previousObjective: Objective | null;
  /** The objective items still open by their indentation, kept while the list continues. */
  written: WrittenItem[];
}

/** An objective item and how far its marker is indented, for items that are indented under it too little to nest. */
interface WrittenItem {
  indent: number;
  objective: Objective;
}

/** Reads one section's blocks in order, starting from what the sections before it left. */
class Assembler {
  private readonly plan: Plan = emptyPlan();
  private readonly headings: HeadingScope[] = [];
  private titleSet: boolean;
  /** True once the page says it is about OKRs: loosens what counts as an objective. */
  private planContext: boolean;
  /** True once a heading speaks of OKRs or goals (not as a guide): enough for numbered objectives with measurable bullets. */
  private okrHeading: boolean;
  /** The objective that bare key results in this section belong to. */
  private target: Objective | null = null;
  private candidate: Candidate | null = null;
  /** An objective stated inside an intro sentence; used only if the page has tasks but no objectives. */
  private fallback: Candidate | null;
  private readonly incomingFallback: Candidate | null;
  private expectObjective = false;
  private expectKeyResults = false;
  private expectTasks = false;
  /** Body rows of the latest task table read so far, for the ids of rows that continue it in a later block. */
  private tableRows = 0;
  private details: TaskDetails | null = null;
  private detailsDepth = 0;
  /** Numbered sections seen so far; those neither under a details heading nor naming a task are dropped. */
  private readonly candidateDetails: CandidateDetails[] = [];
  /** The tasks of the latest table or initiative list, by id: the ones `### N` sections after it describe. */
  private recentTasks: Map<string, Task>;
  private readonly incomingTasks: Map<string, Task>;
  private readonly outerScope: HeadingScope | null;
  private readonly taskCount: number;
  private run: ListRun | null = null;
  /** The section's heading that best says the page holds OKRs. */
  private okrEvidence: HeadingEvidence | null = null;

  constructor(
    private readonly lines: readonly string[],
    private readonly statuses: StatusSet,
    context: SectionContext,
  ) {
    this.titleSet = context.titleSet;
    this.planContext = context.planContext;
    this.okrHeading = context.okrHeading;
    this.fallback = this.incomingFallback = context.fallback;
    this.taskCount = context.taskCount;
    // Stand-ins for what came before: what the section attaches to them goes to the real ones when the plan is merged.
    this.incomingTasks = new Map(context.recentTaskIds.map((id) => [id, { id } as Task]));
    this.recentTasks = this.incomingTasks;
    const outer = context.outer;
    this.outerScope = outer && { depth: 1, heading: outer.heading, line: outer.line, details: outer.details, objective: outer.hasObjective ? { title: '', owner: null, line: 0, column: 0, endLine: 0, progress: null, keyResults: [], children: [], ...unscoredObjective() } : null };
    if (this.outerScope) this.headings.push(this.outerScope);
  }

  block(block: Block, offset: number): void {
    const run = this.run;
    this.run = null;
    if (this.details && block.kind !== 'heading') this.details.endLine = Math.max(this.details.endLine, offset + block.endLine + 1);
    switch (block.kind) {
      case 'heading':
        return this.heading(block, offset);
      case 'paragraph':
        return this.paragraph(block, offset);
      case 'list':
        return this.list(block, offset, run);
      case 'table':
        return this.table(block, offset);
      case 'definition':
        this.plan.definitions.push({ identifier: block.identifier, url: block.url, line: offset + block.line + 1 });
        return;
      default:
        return;
    }
  }

  /** Adds the block's links and redacted numbers. */
  inline(syntax: BlockSyntax, offset: number): void {
    for (const link of syntax.links) this.plan.links.push({ ...link, line: offset + link.line + 1, endLine: offset + link.endLine + 1 });
    for (const use of syntax.references) {
      const redacted = /^[$€£]?N(\d*)$/.exec(use.label);
      if (!redacted) continue;
      const reference: RedactedReference = {
        label: use.label,
        labelNumber: redacted[1] === '' ? null : redacted[1],
        identifier: use.identifier,
        line: offset + use.line + 1,
        column: use.column,
        endColumn: use.endColumn,
      };
      this.plan.references.push(reference);
    }
  }

  /** What the section added and what it leaves to the sections after it. */
  output(): SectionOutput {
    const scope = this.headings.find((heading) => heading.depth === 1) ?? null;
    return {
      plan: this.plan,
      outerObjective: this.outerScope?.objective ?? null,
      incomingTasks: new Set(this.incomingTasks.values()),
      candidateDetails: this.candidateDetails,
      planContext: this.planContext,
      okrHeading: this.okrHeading,
      fallback: this.fallback === this.incomingFallback ? undefined : this.fallback,
      recentTasks: this.recentTasks === this.incomingTasks ? null : this.recentTasks,
      outerScope: scope === this.outerScope ? undefined : scope,
      reusable: this.incomingFallback === null || this.fallback === this.incomingFallback,
      heading: this.okrEvidence,
    };
  }

  // Headings ---------------------------------------------------------------

  private heading(block: HeadingBlock, offset: number): void {
    const line = offset + block.line;
    this.plan.headings.push({ text: block.text, depth: block.depth, line: line + 1, anchor: '' });
    if (!this.titleSet && block.depth === 1) {
      this.titleSet = true;
      this.plan.title = block.text;
      this.plan.period = periodOf(block.text);
    }
    if (isPlanHeading(block.text)) this.planContext = true;
    if (isOkrHeading(block.text)) this.okrHeading = true;
    this.okrEvidence = strongerHeading(this.okrEvidence, headingEvidence(block.text));
    if (this.details && block.depth <= this.detailsDepth) this.details = null;
    this.target = null;
    this.candidate = null;
    this.expectObjective = this.expectKeyResults = false;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1].depth >= block.depth) this.headings.pop();

    const underDetailsHeading = this.headings.some((scope) => scope.details);
    const numbered = block.depth >= 2 ? NUMBERED_TITLE.exec(block.text) : null;
    // `### 1. CEO: IACV` in a plan is an owned objective that happens to be numbered; `### 1 Title` describes task 1.
    const inPlan = this.planContext || this.okrHeading;
    const numberedObjective = numbered !== null && inPlan && !underDetailsHeading && !this.recentTasks.has(numbered[1]) && (splitObjective(numbered[2]) ?? splitOwner(numbered[2])) !== null;
    if (numbered && !numberedObjective && (block.depth >= 3 || underDetailsHeading)) {
      this.details = { id: numbered[1], title: numbered[2].trim(), line: line + 1, endLine: offset + block.endLine + 1, fields: [] };
      this.detailsDepth = block.depth;
      this.candidateDetails.push({ details: this.details, task: this.recentTasks.get(this.details.id), underDetailsHeading });
      this.headings.push({ depth: block.depth, heading: block, line, objective: null, details: false });
      this.expectTasks = false;
      return;
    }

    // A heading that says it is an objective, or, in a plan, names its owner (`### CEO: Grow IACV`), is one.
    const text = numberedObjective && numbered ? numbered[2] : block.text;
    const marked = block.depth >= 2 ? splitObjective(text) ?? (inPlan ? splitOwner(text) : null) : null;
    let objective: Objective | null = null;
    if (marked) {
      objective = this.newObjective(marked.rest, marked.owner, line, headingTextColumn(this.lines[line] ?? '', marked.rest));
      this.attach(objective, this.headingObjective());
      this.target = objective;
    }
    this.headings.push({ depth: block.depth, heading: block, line, objective, details: DETAILS_HEADING.test(block.text) });
    this.expectTasks = TASKS_HEADING.test(block.text) && !DETAILS_HEADING.test(block.text);
  }

  private headingObjective(): Objective | null {
    for (let i = this.headings.length - 1; i >= 0; i--) {
      const objective = this.headings[i].objective;
      if (objective) return objective;
    }
    return null;
  }

  // Paragraphs -------------------------------------------------------------

  private paragraph(block: ParagraphBlock, offset: number): void {
    if (this.details) return;
    const segments = block.segments;
    const first = segments[0]?.text ?? '';
    const whole = segments.map((segment) => segment.text).join(' ');
    if (RATIONALE.test(first)) return;

    if (segments.some((segment) => splitKeyResult(segment.text))) {
      this.keyResultLines(segments, offset, null, 1);
      this.expectObjective = false;
      return;
    }
    const marked = splitObjective(first);
    if (marked) {
      const line = offset + segments[0].line;
      this.target = this.newObjective(marked.rest, marked.owner, line, locate(this.lines[line], marked.rest));
      this.attach(this.target, this.headingObjective());
      this.candidate = null;
      this.expectObjective = false;
      return;
    }
    if (block.allBold || (this.expectObjective && block.boldPhrases.length > 0)) {
      const text = block.allBold ? whole : block.boldPhrases[0];
      const owned = splitOwner(text);
      const line = offset + block.line;
      const candidate = { title: owned?.rest ?? text, owner: owned?.owner ?? null, line, column: locate(this.lines[line], firstWords(owned?.rest ?? text)) };
      if (this.expectObjective) {
        this.target = this.materialize(candidate);
        this.candidate = null;
      } else {
        this.candidate = candidate;
      }
      this.expectObjective = false;
      return;
    }
    // An intro ends with a colon or an ellipsis; only its last sentence matters.
    const ending = /(?:[:：…]|\.\.\.)\s*$/.test(whole) ? whole.slice(whole.lastIndexOf('.', whole.length - 4) + 1) : '';
    if (KEY_RESULTS_INTRO.test(ending)) this.expectKeyResults = true;
    else if (OBJECTIVE_INTRO.test(ending)) this.expectObjective = true;
    else if (TASKS_INTRO.test(ending)) this.expectTasks = true;
    if (!this.fallback && /\b(?:objectives?|goals?|OKRs?)\b/i.test(whole)) {
      const phrase = block.boldPhrases.find((bold) => bold.split(/\s+/).length >= 3);
      if (phrase) {
        const line = offset + (segments.find((segment) => segment.startsBold)?.line ?? block.line);
        this.fallback = { title: phrase, owner: null, line, column: locate(this.lines[line], firstWords(phrase)) };
      }
    }
    const owned = this.planContext ? splitOwner(first) : null;
    if (owned && !this.target) {
      const line = offset + segments[0].line;
      this.candidate = { title: owned.rest, owner: owned.owner, line, column: locate(this.lines[line], owned.rest) };
    }
  }

  /**
   * Reads lines that hold key results, possibly after an objective line:
   * `CEO: Objective` / `KR: …` / `KR: …` / `Sales: Objective` / `KR: …`.
   * A plain line continues what came before it: the key result above, or
   * else the objective's title, which may wrap.
   */
  private keyResultLines(segments: readonly Segment[], offset: number, owner: Objective | null, column: number): void {
    let objective = owner;
    let last: KeyResult | null = null;
    segments.forEach((segment, index) => {
      const line = offset + segment.line;
      const source = this.lines[line] ?? '';
      const marked = splitKeyResult(segment.text);
      if (marked) {
        const target = objective ?? this.keyResultTarget();
        last = target ? this.addKeyResult(target, marked.rest, marked.owner, line, keyResultTextColumn(source, lineContentColumn(source, column))) : null;
        return;
      }
      if (index === 0 && owner) return;
      const opens = segment.startsBold || splitObjective(segment.text) !== null || splitOwner(segment.text) !== null;
      if (!opens) {
        if (last) {
          const joined = splitProgress(`${last.text}${last.progress ? ` => ${last.progress}` : ''} ${segment.text}`);
          last.text = joined.text;
          last.progress = joined.progress;
          return;
        }
        if (objective) {
          objective.title = `${objective.title} ${segment.text}`;
          return;
        }
        // Prose that introduces the key results is not an objective.
        if (index > 0 || /[:：]\s*$/.test(segment.text)) return;
      }
      const parts = objectiveParts(segment.text);
      objective = this.newObjective(parts.title, parts.owner, line, locate(source, firstWords(parts.title)), parts.progress);
      this.attach(objective, this.headingObjective());
      this.target = objective;
      last = null;
    });
  }

  /** The objective that key results outside any objective item belong to, made real if it was a candidate. */
  private keyResultTarget(): Objective | null {
    if (this.target) return this.target;
    if (this.candidate) {
      this.target = this.materialize(this.candidate);
      this.candidate = null;
      return this.target;
    }
    const scope = this.headings[this.headings.length - 1];
    // A "Key results" heading labels the key results of the objective above it.
    const outer = scope && KEY_RESULTS_HEADING.test(scope.heading.text) ? this.headingObjective() : null;
    if (outer) {
      this.target = outer;
      return outer;
    }
    if (scope && !scope.objective && !this.details) {
      // A heading's numbering (`### 2. CEO: …`) is not part of the objective.
      const parts = objectiveParts(scope.heading.text.replace(/^\d{1,5}[.)][ \t]+/, ''));
      scope.objective = this.newObjective(parts.title, parts.owner, scope.line, headingTextColumn(this.lines[scope.line] ?? '', parts.title));
      this.attach(scope.objective, this.headings.slice(0, -1).reverse().find((outer) => outer.objective)?.objective ?? null);
      this.target = scope.objective;
      return this.target;
    }
    if (this.fallback) {
      this.target = this.materialize(this.fallback);
      this.fallback = null;
      return this.target;
    }
    return null;
  }

  private materialize(candidate: Candidate): Objective {
    const objective = this.newObjective(candidate.title, candidate.owner, candidate.line, candidate.column);
    this.attach(objective, this.headingObjective());
    return objective;
  }

  // Lists ------------------------------------------------------------------

  private list(block: ListBlock, offset: number, previous: ListRun | null): void {
    const continues = previous !== null && previous.block.ordered === block.ordered && previous.block.marker === block.marker;
    const mode: ListMode = continues ? previous.mode : this.details ? 'fields' : this.expectKeyResults ? 'key-results' : this.isInitiativeList(block) ? 'tasks' : 'objectives';
    const run: ListRun = {
      block,
      mode,
      parent: continues ? previous.parent : this.headingObjective(),
      nextNumber: continues ? previous.nextNumber : block.start,
      previousObjective: continues ? previous.previousObjective : null,
      written: continues ? previous.written : [],
    };
    this.expectKeyResults = false;
    switch (mode) {
      case 'fields':
        if (this.details) this.fields(block, offset, this.details);
        break;
      case 'key-results':
        for (const item of block.items) this.keyResultItem(item, offset, this.keyResultTarget());
        break;
      case 'tasks':
        if (!continues) this.recentTasks = new Map();
        for (const item of block.items) this.taskItem(item, offset, block.ordered ? String(run.nextNumber++) : String(this.taskCount + this.plan.tasks.length + 1));
        break;
      case 'objectives':
        run.previousObjective = this.items(block, offset, run.parent, run.previousObjective, 0, null, run.written);
        break;
    }
    this.run = run;
  }

  /**
   * Decided by the first item alone, so that a list read in parts (it may
   * continue after blank lines) means the same as the list read whole.
   */
  private isInitiativeList(block: ListBlock): boolean {
    const first = block.items[0];
    if (!first) return false;
    const text = headText(first);
    if (first.checked !== null || LEADING_STATUS.test(text)) return true;
    return this.expectTasks && block.ordered && !splitKeyResult(text) && !splitObjective(text) && !first.children.some((child) => child.kind === 'list');
  }

  /**
   * Reads a list of objectives and key results, nested to any depth. A key
   * result that is not nested under its objective (broken indentation) still
   * belongs to the objective item just before it.
   */
  private items(block: ListBlock, offset: number, parent: Objective | null, previous: Objective | null, depth: number, served: KeyResult | null = null, written: WrittenItem[] = []): Objective | null {
    let last = previous;
    for (const item of block.items) {
      const head = item.children[0]?.kind === 'paragraph' ? item.children[0] : null;
      const segments = head?.segments ?? [];
      const first = segments[0]?.text ?? '';
      const childLists = item.children.filter((child): child is ListBlock => child.kind === 'list');
      if (splitKeyResult(first)) {
        const target = last ?? parent ?? this.keyResultTarget();
        if (!target) continue;
        this.keyResultLines(segments, offset, target, item.column);
        // The objectives under a key result serve it: the cascade of CEO KR → CRO objective → CRO KR.
        const keyResult = target.keyResults[target.keyResults.length - 1];
        let previousChild: Objective | null = null;
        if (keyResult) for (const child of childLists) previousChild = this.items(child, offset, target, previousChild, depth + 1, keyResult);
        continue;
      }
      if (head && this.isObjectiveItem(segments, childLists, parent, block.ordered)) {
        const parts = objectiveParts(first);
        const line = offset + segments[0].line;
        const objective = this.newObjective(parts.title, parts.owner, line, locate(this.lines[line], firstWords(parts.title), item.column), parts.progress);
        objective.endLine = offset + item.endLine + 1;
        // An item indented under the objective above it, though too little to nest in CommonMark, is meant as its child.
        const indent = markerIndent(this.lines[offset + item.line] ?? '');
        while (written.length > 0 && written[written.length - 1].indent + 2 > indent) written.pop();
        const above = written[written.length - 1]?.objective;
        if (above) this.attach(objective, above);
        else if (served) served.children.push(objective);
        else this.attach(objective, parent);
        written.push({ indent, objective });
        this.keyResultLines(segments, offset, objective, item.column);
        let previousChild: Objective | null = null;
        for (const child of childLists) previousChild = this.items(child, offset, objective, previousChild, depth + 1);
        last = objective;
      } else if (served) {
        // A note under a key result is not another key result.
        continue;
      } else if (parent && head) {
        this.keyResultItem(item, offset, parent);
      } else {
        for (const child of childLists) this.items(child, offset, null, null, depth + 1);
      }
    }
    return last;
  }

  /**
   * An item is an objective when key results hang off it, or, in a page that
   * is a plan, when it says so (`OBJECTIVE:`), names an owner (`Sales: …`),
   * or is bold with items under it. Decided from the item alone, so that a
   * list read in parts means the same as the list read whole.
   */
  private isObjectiveItem(segments: readonly Segment[], childLists: readonly ListBlock[], parent: Objective | null, ordered: boolean): boolean {
    const first = segments[0]?.text ?? '';
    if (first === '') return false;
    const childHeads = childLists.flatMap((list) => list.items.map(headItem));
    if (segments.some((segment, index) => index > 0 && splitKeyResult(segment.text))) return true;
    if (childHeads.some(({ text }) => splitKeyResult(text))) return true;
    // Plain numbered objectives whose bullets are their (measurable) key results.
    const measurableBullets = parent === null && childHeads.some(({ text }) => /\d|%|\$|\bX\b/.test(text));
    if (measurableBullets && ordered && this.okrHeading) return true;
    if (!this.planContext && parent === null) return false;
    if (splitObjective(first) || splitOwner(first)) return true;
    if (segments[0].startsBold && (childHeads.length > 0 || parent !== null)) return true;
    return measurableBullets;
  }

  private keyResultItem(item: ItemBlock, offset: number, target: Objective | null): void {
    const head = item.children[0];
    if (!target || head?.kind !== 'paragraph') return;
    const text = head.segments.map((segment) => segment.text).join(' ');
    const marked = splitKeyResult(text);
    const line = offset + head.segments[0].line;
    const source = this.lines[line] ?? '';
    this.addKeyResult(target, marked?.rest ?? text, marked?.owner ?? null, line, marked ? keyResultTextColumn(source, item.column) : item.column);
  }

  private addKeyResult(objective: Objective, text: string, owner: string | null, line: number, column: number): KeyResult {
    const parts = splitProgress(text);
    const source = this.lines[line] ?? '';
    const arrow = PROGRESS_ARROW.exec(source.slice(column - 1));
    let endText = source.slice(0, arrow ? column - 1 + arrow.index : source.length).trimEnd();
    if (!arrow && endText.endsWith('\\')) endText = endText.slice(0, -1).trimEnd();
    const keyResult: KeyResult = { text: parts.text, owner, progress: parts.progress, line: line + 1, column, endColumn: Math.max(column, endText.length + 1), children: [], ...unscoredKeyResult() };
    objective.keyResults.push(keyResult);
    return keyResult;
  }

  private taskItem(item: ItemBlock, offset: number, id: string): void {
    const head = item.children[0];
    if (head?.kind !== 'paragraph') return;
    const line = offset + head.segments[0].line;
    const source = this.lines[line] ?? '';
    const text = head.segments.map((segment) => segment.text).join(' ');
    const leading = LEADING_STATUS.exec(text);
    const statusText = leading ? leading[1] : item.checked === null ? '' : item.checked ? '[x]' : '[ ]';
    const title = leading ? leading[2].trim() : text;
    const resolved = item.checked !== null && !leading ? { state: item.checked ? 'done' as const : 'not-started' as const } : this.statuses.resolve(statusText);
    const owner = SENTENCE_OWNER.exec(title)?.[1] ?? null;
    const marker = /^\s*(\d{1,9})[.)]/.exec(source);
    this.addTask({
      id,
      title,
      status: resolved.state,
      statusText,
      responsible: owner ? [owner] : [],
      line: line + 1,
      detailsLine: null,
      source: 'list',
      cells: {
        id: marker ? span(source, marker[1], line, marker.index) : null,
        status: leading ? span(source, leading[1], line) : null,
        responsible: owner ? span(source, owner, line, item.column - 1) : null,
        title: span(source, firstWords(title), line, item.column - 1, title),
      },
    });
  }

  private fields(block: ListBlock, offset: number, details: TaskDetails): void {
    for (const item of block.items) {
      const head = item.children[0];
      if (head?.kind !== 'paragraph') continue;
      const match = FIELD.exec(head.segments[0].text);
      if (!match) continue;
      const line = offset + head.segments[0].line;
      const source = this.lines[line] ?? '';
      const colon = source.indexOf(':', item.column - 1);
      const valueStart = colon < 0 ? source.length : colon + 1 + (/^[ \t]*/.exec(source.slice(colon + 1))?.[0].length ?? 0);
      const rest = [match[2] ?? '', ...head.segments.slice(1).map((segment) => segment.text)].join(' ').trim();
      details.fields.push({ name: match[1].trim(), value: rest, line: line + 1, column: valueStart + 1, endColumn: Math.max(valueStart, source.trimEnd().length) + 1 });
      details.endLine = Math.max(details.endLine, offset + item.endLine + 1);
    }
  }

  // Tables -----------------------------------------------------------------

  private addTask(task: Task): void {
    this.plan.tasks.push(task);
    if (!this.recentTasks.has(task.id)) this.recentTasks.set(task.id, task);
  }

  private table(block: TableBlock, offset: number): void {
    const header = block.rows[0]?.cells.map((cell) => cell.text.toLowerCase()) ?? [];
    const column = (pattern: RegExp): number => header.findIndex((name) => pattern.test(name));
    const idColumn = column(/^(?:#|no\.?|nr\.?|id|number|num)$/);
    const statusColumn = column(/\b(?:status|state)\b/);
    const responsibleColumn = column(/\b(?:responsible|owners?|dri|who|leads?|assignees?|people)\b/);
    const titleColumn = column(/\b(?:project|task|initiative|title|what|description|item|work|deliverable|action)s?\b/);
    const isTaskTable = titleColumn >= 0 && (statusColumn >= 0 || responsibleColumn >= 0) && (idColumn >= 0 || statusColumn >= 0);
    if (!isTaskTable) return;
    if (!block.continued) {
      this.recentTasks = new Map();
      this.tableRows = 0;
    }
    const before = this.tableRows;
    this.tableRows += block.rows.length - 1;
    block.rows.slice(1).forEach((row, index) => {
      const line = offset + row.line;
      const cell = (at: number): TextSpan | null => {
        const found = at >= 0 ? row.cells[at] : undefined;
        return found ? { text: found.text, line: line + 1, column: found.column, endColumn: found.endColumn } : null;
      };
      const cells = { id: cell(idColumn), status: cell(statusColumn), responsible: cell(responsibleColumn), title: cell(titleColumn) };
      const statusText = cells.status?.text ?? '';
      const task: Task = {
        id: cells.id?.text || String(before + index + 1),
        title: cells.title?.text ?? '',
        status: this.statuses.resolve(statusText).state,
        statusText,
        responsible: splitNames(cells.responsible?.text ?? ''),
        line: line + 1,
        detailsLine: null,
        source: 'table',
        cells,
      };
      this.addTask(task);
    });
    this.expectTasks = false;
  }

  // Objectives -------------------------------------------------------------

  private newObjective(title: string, owner: string | null, line: number, column: number, progress: string | null = null): Objective {
    this.planContext = true;
    return { title, owner, line: line + 1, column, endLine: line + 1, progress, keyResults: [], children: [], ...unscoredObjective() };
  }

  private attach(objective: Objective, parent: Objective | null): void {
    (parent ? parent.children : this.plan.objectives).push(objective);
  }
}

/** How far a list item's marker is indented, a tab counting to the next multiple of four. */
function markerIndent(source: string): number {
  let width = 0;
  for (const character of source) {
    if (character === ' ') width++;
    else if (character === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** The plain text and boldness of an item's first line. */
function headItem(item: ItemBlock): { text: string; bold: boolean } {
  const head = item.children[0];
  return head?.kind === 'paragraph' ? { text: head.segments[0]?.text ?? '', bold: head.segments[0]?.startsBold ?? false } : { text: '', bold: false };
}

function headText(item: ItemBlock): string {
  return headItem(item).text;
}

/** An objective's title, owner and progress note, from its line. */
function objectiveParts(text: string): { title: string; owner: string | null; progress: string | null } {
  const marked = splitObjective(text) ?? splitOwner(text);
  const { text: title, progress } = splitProgress(marked ? marked.rest : text);
  return { title, owner: marked?.owner ?? null, progress };
}

/** The objective's end is its last key result or nested objective, whichever is later. */
function settleEndLine(objective: Objective): number {
  let end = objective.endLine;
  for (const keyResult of objective.keyResults) {
    end = Math.max(end, keyResult.line);
    for (const child of keyResult.children) end = Math.max(end, settleEndLine(child));
  }
  for (const child of objective.children) end = Math.max(end, settleEndLine(child));
  objective.endLine = end;
  return end;
}

/** A short prefix of plain text, to find where it starts in the Markdown source. */
function firstWords(text: string): string {
  return text.split(/\s+/).slice(0, 2).join(' ');
}

/** 1-based column where `needle` starts in the source line, or the fallback column. */
function locate(source: string | undefined, needle: string, fallback = 1): number {
  return (findSpan(source ?? '', 0, needle, fallback) ?? findSpan(source ?? '', 0, needle))?.column ?? fallback;
}

function headingTextColumn(source: string, text: string): number {
  return locate(source, firstWords(text), (/^#{1,6}[ \t]*/.exec(source)?.[0].length ?? 0) + 1);
}

/** 1-based column of the first non-blank character at or after `from`. */
function lineContentColumn(source: string, from: number): number {
  const index = source.slice(from - 1).search(/\S/);
  return index < 0 ? from : from + index;
}

function span(source: string, text: string, line: number, from = 0, fullText = text): TextSpan {
  const index = source.indexOf(text, from);
  const column = index >= 0 ? index + 1 : from + 1;
  return { text: fullText, line: line + 1, column, endColumn: index >= 0 ? Math.min(source.length, index + fullText.length) + 1 : column };
}
