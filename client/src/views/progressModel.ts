/**
 * What the progress page, the status bar and the tree filter show, computed
 * from the server's plan model and the server's diagnostics. Pure: no
 * `vscode`, so it runs in plain Node tests and its types are shared with the
 * browser-side panel code.
 */
import { countByStatus, countPlan, type Objective, type Plan, type ScoreBand, type Status, type Task } from '../../../server/src/okr/model/plan';
import { formatScore, keyResultScores } from '../../../server/src/okr/model/scoring';
import { ruleHasTag } from '../../../server/src/okr/check/rules/index';
import { describeLastCheckIn } from '../../../server/src/okr/history/lastCheckIn';
import type { PlanHistoryResult } from '../../../server/src/protocol';

/** A diagnostic reduced to what the views need; lines are 1-based like the model. */
export interface LineProblem {
  code: string;
  message: string;
  line: number;
  column: number;
  /** The text the diagnostic covers, e.g. `TBD` or an unknown name. */
  text: string;
}

/** One objective's row on the progress page. */
export interface ObjectiveProgress {
  title: string;
  owner: string | null;
  line: number;
  /** Nesting depth: 0 for top-level objectives. */
  depth: number;
  keyResults: number;
  /** Key results whose line still holds a placeholder. */
  keyResultsToFill: number;
  /** Placeholders anywhere in the objective's own lines, nested objectives excluded. */
  placeholders: number;
  /** The rolled-up score and its band, or null. */
  score: number | null;
  band: ScoreBand | null;
}

/** How many key results the plan has, how many have a score, and the average of those. */
export interface KeyResultProgress {
  total: number;
  scored: number;
  average: number | null;
}

/** Task counts by canonical status. */
export interface TaskProgress {
  total: number;
  done: number;
  byStatus: Record<Status, number>;
  /** Whole percent of tasks done; 0 when there are no tasks. */
  percentDone: number;
}

/** One plan's line in the workspace overview. */
export interface PlanOverview {
  uri: string;
  title: string;
  period: string | null;
  objectives: number;
  keyResults: number;
  tasks: number;
  done: number;
}

/** One check-in in the page's list. */
export interface CheckInRow {
  commit: string;
  /** The commit's first 8 characters, as `okr history` prints them. */
  shortCommit: string;
  /** The author date, `YYYY-MM-DD`. */
  day: string;
  author: string;
  summary: string;
}

/** The plan's history as the page shows it: charts over the check-ins and the latest ones. */
export interface HistoryView {
  /** Why there is no history, in one line, or null. */
  unavailable: string | null;
  /** True while the server is still reading it. */
  loading: boolean;
  /** `last check-in 12 days ago, by Ana`, or null without check-ins. */
  last: string | null;
  /** The clone is shallow: the oldest check-ins are missing. */
  shallow: boolean;
  series: PlanHistoryResult['series'];
  /** Newest first, at most CHECK_IN_LIMIT. */
  checkIns: CheckInRow[];
  /** How many older check-ins the list leaves out. */
  more: number;
}

/** The page lists this many check-ins; the charts use them all. */
export const CHECK_IN_LIMIT = 10;

/** Shown instead of a history when the workspace is not trusted: nothing is read from its repository then. */
export const RESTRICTED_HISTORY = 'History is off in Restricted Mode.';

/** What the page shows of a plan's history: `result` is the server's answer, undefined while it is read. */
export function historyView(result: PlanHistoryResult | null | undefined, trusted: boolean, today: Date): HistoryView {
  const empty = { last: null, shallow: false, series: { objectives: [], points: [] }, checkIns: [], more: 0 };
  if (!trusted) return { ...empty, unavailable: RESTRICTED_HISTORY, loading: false };
  if (result === undefined) return { ...empty, unavailable: null, loading: true };
  if (result === null) return { ...empty, unavailable: 'The history could not be read; details are in the "OKR Plans" output.', loading: false };
  if (result.unavailable !== null) return { ...empty, unavailable: result.unavailable, loading: false };
  const rows = result.checkIns.slice().reverse().map(({ commit, date, author, summary }): CheckInRow => ({ commit, shortCommit: commit.slice(0, 8), day: date.slice(0, 10), author, summary }));
  return {
    unavailable: null,
    loading: false,
    last: result.last ? describeLastCheckIn(result.last, today) : null,
    shallow: result.shallow,
    series: result.series,
    checkIns: rows.slice(0, CHECK_IN_LIMIT),
    more: result.earlier + Math.max(0, rows.length - CHECK_IN_LIMIT),
  };
}

/** Everything the progress page renders; sent to the webview as data, never as markup. */
export interface ProgressModel {
  plan: { uri: string; title: string; period: string | null } | null;
  objectives: ObjectiveProgress[];
  tasks: TaskProgress;
  keyResults: KeyResultProgress;
  placeholders: LineProblem[];
  unknownTeammates: LineProblem[];
  workspace: PlanOverview[];
  history: HistoryView;
}

/** True for diagnostics about text the author still has to fill in. */
export function isPlaceholderCode(code: string): boolean {
  return ruleHasTag(code, 'placeholder');
}

/** True for diagnostics about a name that is not in the roster. */
export function isUnknownTeammateCode(code: string): boolean {
  return ruleHasTag(code, 'people');
}

/** Counts a plan's tasks by canonical status. */
export function countTasks(tasks: readonly Task[]): TaskProgress {
  const byStatus = countByStatus(tasks);
  const total = tasks.length;
  const done = byStatus.done;
  return { total, done, byStatus, percentDone: total === 0 ? 0 : Math.round((done / total) * 100) };
}

/** Lines an objective owns itself: from its line to its end, minus its nested objectives. */
function ownsLine(objective: Objective, line: number): boolean {
  if (line < objective.line || line > objective.endLine) return false;
  return !objective.children.some((child) => line >= child.line && line <= child.endLine);
}

function objectiveRows(objectives: readonly Objective[], placeholders: readonly LineProblem[], depth = 0): ObjectiveProgress[] {
  return objectives.flatMap((objective) => {
    const placeholderLines = new Set(placeholders.filter((p) => ownsLine(objective, p.line)).map((p) => p.line));
    const row: ObjectiveProgress = {
      title: objective.title,
      owner: objective.owner,
      line: objective.line,
      depth,
      keyResults: objective.keyResults.length,
      keyResultsToFill: objective.keyResults.filter((kr) => placeholderLines.has(kr.line)).length,
      placeholders: placeholders.filter((p) => ownsLine(objective, p.line)).length,
      score: objective.score,
      band: objective.band,
    };
    return [row, ...objectiveRows(objective.children, placeholders, depth + 1)];
  });
}

/** The last segment of a URI, for plans without a title. */
export function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** One plan's overview counts, for the workspace table. */
export function overviewOf(uri: string, plan: Plan): PlanOverview {
  const counts = countPlan(plan);
  return { uri, title: plan.title ?? fileName(uri), period: plan.period, objectives: counts.objectives, keyResults: counts.keyResults, tasks: counts.tasks, done: counts.tasksByStatus.done };
}

/** Builds the progress page's data for one plan and the workspace around it. */
export function buildProgressModel(
  uri: string,
  plan: Plan | null,
  problems: readonly LineProblem[],
  workspace: readonly PlanOverview[],
  history: HistoryView = historyView(undefined, true, new Date()),
): ProgressModel {
  const placeholders = problems.filter((p) => isPlaceholderCode(p.code)).sort((a, b) => a.line - b.line || a.column - b.column);
  const unknownTeammates = problems.filter((p) => isUnknownTeammateCode(p.code)).sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    plan: plan ? { uri, title: plan.title ?? fileName(uri), period: plan.period } : null,
    objectives: plan ? objectiveRows(plan.objectives, placeholders) : [],
    tasks: countTasks(plan?.tasks ?? []),
    keyResults: keyResultProgress(plan),
    placeholders,
    unknownTeammates,
    workspace: [...workspace],
    history,
  };
}

function keyResultProgress(plan: Plan | null): KeyResultProgress {
  const { keyResults, scored, average } = plan ? keyResultScores(plan) : { keyResults: 0, scored: 0, average: null };
  return { total: keyResults, scored, average };
}

/**
 * The status bar's short summary, e.g. `OKR 7/11 done · 3 to fill`; a plan
 * without tasks (a company tree) shows its key results' scores instead, e.g.
 * `OKR 12/30 KRs scored · avg 0.6`.
 */
export function statusBarText(model: ProgressModel): string {
  const { keyResults } = model;
  const parts = model.tasks.total > 0 ? [`OKR ${model.tasks.done}/${model.tasks.total} done`] : [`OKR ${keyResults.scored}/${keyResults.total} KRs scored`];
  if (model.tasks.total === 0 && keyResults.average !== null) parts.push(`avg ${formatScore(keyResults.average)}`);
  if (model.placeholders.length > 0) parts.push(`${model.placeholders.length} to fill`);
  return parts.join(' · ');
}
