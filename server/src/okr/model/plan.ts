/**
 * The plan model: the one contract that the language server, the CLI, the
 * sidebar tree and the progress view all read. Lines are 1-based and columns
 * are 1-based, as `okr outline --json` prints them; LSP code converts.
 * Fields may be added, but the contract fields keep their meaning.
 */

/** The canonical state that every team's own status words map to. */
export type Status = 'done' | 'in-progress' | 'not-started' | 'blocked' | 'dropped' | 'unknown';

export const STATUSES: readonly Status[] = ['done', 'in-progress', 'not-started', 'blocked', 'dropped', 'unknown'];

/** A whole plan: its objectives tree and its tasks. */
export interface Plan {
  title: string | null;
  /** The period the title names, as written (`FY22Q4`, `2020-Q1`), or null. */
  period: string | null;
  objectives: Objective[];
  tasks: Task[];
  /** Every `### N Title` task-details section, whether or not a task row names it. */
  details: TaskDetails[];
  /** Every use of a redacted number such as `[_N<sub>6</sub>_][n6]`. */
  references: RedactedReference[];
  /** Every reference definition (`[n6]: https://…`). */
  definitions: ReferenceDefinition[];
  /** Every heading of the page, with the anchor a link to it uses. */
  headings: Heading[];
  /** Every inline link to a relative address, such as another plan (`../company/okrs.md#grow-arr`). */
  links: PlanLink[];
  /** Why the page was read as a plan, or what little it showed when it was not. */
  evidence: string[];
  /** The top-level objectives' scores rolled up (0–1), or null when none has one. */
  score: number | null;
  /** The share of tasks done, dropped ones left out (0–1), or null when there are none: a team plan's progress, never a key result's score. */
  progress: number | null;
}

/** How an objective's score is made from its key results' and nested objectives' scores. */
export type RollupMode = 'average' | 'weighted' | 'weakest';

export const ROLLUP_MODES: readonly RollupMode[] = ['average', 'weighted', 'weakest'];

/** Where a score stands: Google's grading colours. */
export type ScoreBand = 'red' | 'yellow' | 'green';

/** What a key result's score was read from. */
export type KeyResultScoreSource = 'score' | 'progress' | 'status' | 'objectives';

/** How an objective's score was made. */
export interface ObjectiveRollup {
  mode: RollupMode;
  /** How many of its key results and nested objectives have a score, and so counted. */
  scored: number;
  /** How many key results and nested objectives it has. */
  items: number;
  /** `rollup` when the score comes from the items, `progress` from the objective's own note when none of them has one, null when it has no score. */
  from: 'rollup' | 'progress' | null;
}

/** An objective, with the objectives nested under it (a department's under the company's). */
export interface Objective {
  title: string;
  owner: string | null;
  line: number;
  /** Column of the objective's text (after any list marker). */
  column: number;
  /** The last line that belongs to the objective, nested objectives included. */
  endLine: number;
  /** The text after `=>` (or `==>`, `-->`) on the objective's line, or null. */
  progress: string | null;
  keyResults: KeyResult[];
  children: Objective[];
  /** The rolled-up score (0–1), or null when nothing under it has one. */
  score: number | null;
  band: ScoreBand | null;
  rollup: ObjectiveRollup;
}

/** A key result. `text` excludes the `KR:` marker, the owner and the progress note. */
export interface KeyResult {
  text: string;
  owner: string | null;
  /** The text after `=>` (or `==>`, `-->`), or null. */
  progress: string | null;
  line: number;
  /** Columns of the key result's own text (marker excluded) on `line`. */
  column: number;
  endColumn: number;
  /** The objectives that serve this key result (a cascade: CEO KR → CRO objective). */
  children: Objective[];
  /** The score (0–1) that the plan gives for it, or null when it gives none. */
  score: number | null;
  band: ScoreBand | null;
  /** What the score was read from, or null. */
  scoreFrom: KeyResultScoreSource | null;
  /** Its weight in a `weighted` roll-up: `(weight 2)` on its line, else 1. */
  weight: number;
}

/** The score fields of a key result that has not been scored yet. */
export function unscoredKeyResult(): Pick<KeyResult, 'score' | 'band' | 'scoreFrom' | 'weight'> {
  return { score: null, band: null, scoreFrom: null, weight: 1 };
}

/** The score fields of an objective that has not been scored yet. */
export function unscoredObjective(): Pick<Objective, 'score' | 'band' | 'rollup'> {
  return { score: null, band: null, rollup: { mode: 'average', scored: 0, items: 0, from: null } };
}

/** A task: a status-table row or an item of a numbered initiative list. */
export interface Task {
  id: string;
  title: string;
  status: Status;
  /** The status as written; empty when the cell is empty. */
  statusText: string;
  responsible: string[];
  line: number;
  /** The line of the task's `### N` details heading, or null. */
  detailsLine: number | null;
  /** Where the task was written. */
  source: 'table' | 'list';
  /** Positions of the task's parts, for diagnostics, completions and fixes. */
  cells: TaskCells;
}

/** Where a task's id, status, responsible and title were written. Null when absent. */
export interface TaskCells {
  id: TextSpan | null;
  status: TextSpan | null;
  responsible: TextSpan | null;
  title: TextSpan | null;
}

/** A piece of text and where it is: columns are 1-based, endColumn exclusive. */
export interface TextSpan {
  text: string;
  line: number;
  column: number;
  endColumn: number;
}

/** Where `needle` first stands in a line's `source` at or after a 1-based column, as a span on `line`; null where it does not. */
export function findSpan(source: string, line: number, needle: string, fromColumn = 1): TextSpan | null {
  const index = needle === '' ? -1 : source.indexOf(needle, Math.max(0, fromColumn - 1));
  return index < 0 ? null : { text: needle, line, column: index + 1, endColumn: index + 1 + needle.length };
}

/** A `### N Title` details section with its `- Field: value` items. */
export interface TaskDetails {
  id: string;
  title: string;
  line: number;
  endLine: number;
  fields: DetailField[];
}

/** A `- Workgroup: …` style field; `value` is empty when the author left it blank. */
export interface DetailField {
  name: string;
  value: string;
  line: number;
  /** Column where the value starts (or would start). */
  column: number;
  endColumn: number;
}

/** A confidential number that lives elsewhere: `[_N<sub>6</sub>_][n6]`. */
export interface RedactedReference {
  /** The visible label without markup, e.g. `N6` or `$N3`. */
  label: string;
  /** The subscript number in the label, e.g. `6`, or null if the label has none. */
  labelNumber: string | null;
  /** The reference identifier, e.g. `n6`. */
  identifier: string;
  line: number;
  column: number;
  endColumn: number;
}

/** A reference-link definition such as `[n6]: https://…`. */
export interface ReferenceDefinition {
  identifier: string;
  url: string;
  line: number;
}

/** A heading of the page. `anchor` is the one GitHub gives it (`1-ceo-iacv`), numbered when an earlier heading has the same. */
export interface Heading {
  text: string;
  depth: number;
  line: number;
  anchor: string;
}

/** An inline link to a relative address; the range spans `[text](url)`, endColumn exclusive. */
export interface PlanLink {
  text: string;
  /** The address as written, anchor included (`../company/okrs.md#grow-arr`). */
  url: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** An empty plan: what a Markdown page that is not a plan yields. */
export function emptyPlan(): Plan {
  return { title: null, period: null, objectives: [], tasks: [], details: [], references: [], definitions: [], headings: [], links: [], evidence: [], score: null, progress: null };
}

/** True when the page holds anything a plan is made of. */
export function isPlan(plan: Plan): boolean {
  return plan.objectives.length > 0 || plan.tasks.length > 0 || plan.details.length > 0;
}

/** How much a plan holds: what the workspace overview and the sidebar count. */
export interface PlanCounts {
  objectives: number;
  keyResults: number;
  tasks: number;
  tasksByStatus: Record<Status, number>;
}

/** Counts a plan's objectives (nested and serving ones included), key results and tasks by status. */
export function countPlan(plan: Plan): PlanCounts {
  let objectives = 0;
  let keyResults = 0;
  for (const objective of allObjectives(plan.objectives)) {
    objectives += 1;
    keyResults += objective.keyResults.length;
  }
  return { objectives, keyResults, tasks: plan.tasks.length, tasksByStatus: countByStatus(plan.tasks) };
}

/** How many tasks are in each state. */
export function countByStatus(tasks: readonly Task[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

/** Every objective in the tree, parents before children, those that serve a key result included. */
export function* allObjectives(objectives: readonly Objective[]): Generator<Objective> {
  for (const objective of objectives) {
    yield objective;
    for (const keyResult of objective.keyResults) yield* allObjectives(keyResult.children);
    yield* allObjectives(objective.children);
  }
}
