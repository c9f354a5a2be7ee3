/**
 * Progress over time: how far a plan had got at each check-in, its tasks
 * done out of all and each objective's score, lined up so a chart can draw
 * one line per objective across the versions. Pure: the edges read the
 * versions and score them with the project's options.
 */
import { type Objective, type Plan } from '../model/plan';
import { scoreObjective, type ScoringOptions } from '../model/scoring';
import { normalize as normalizeText, type CheckIn } from './checkIns';

/** One objective's score in one version of a plan. */
export interface ObjectiveScore {
  title: string;
  owner: string | null;
  /** 0 for top-level objectives, 1 for those nested under them, and so on. */
  depth: number;
  /** The rolled-up score from 0 to 1, or null where the plan gives no evidence. */
  score: number | null;
}

/** How far a plan had got in one version. */
export interface PlanProgress {
  tasksDone: number;
  /** Tasks that count: dropped ones are left out, as in the plan's share done. */
  tasks: number;
  /** Every objective, nested ones after their parent, in document order. */
  objectives: ObjectiveScore[];
}

/** A plan's progress in one version, scored with the project's options. */
export function planProgress(plan: Plan, options: ScoringOptions): PlanProgress {
  const counted = plan.tasks.filter((task) => task.status !== 'dropped');
  const objectives: ObjectiveScore[] = [];
  const walk = (list: readonly Objective[], depth: number): void => {
    for (const objective of list) {
      objectives.push({ title: objective.title, owner: objective.owner, depth, score: scoreObjective(objective, options).score });
      walk(objective.children, depth + 1);
    }
  };
  walk(plan.objectives, 0);
  return { tasksDone: counted.filter((task) => task.status === 'done').length, tasks: counted.length, objectives };
}

/** An objective followed across versions, named as it last read. */
export interface SeriesObjective {
  title: string;
  owner: string | null;
  depth: number;
}

/** One check-in's point on the charts. */
export interface SeriesPoint {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  tasksDone: number;
  tasks: number;
  /** One score per objective of the series, in its order; null where the objective had no score or did not exist yet. */
  scores: Array<number | null>;
}

/** A plan's progress over its check-ins, oldest first. */
export interface ProgressSeries {
  objectives: SeriesObjective[];
  points: SeriesPoint[];
}

/**
 * Lines the check-ins' progress up by objective. An objective is the same
 * across versions while its owner and text are; a check-in that rewords it
 * carries its line on under the new text. A long history repeats the same
 * objectives at every check-in, often as the same list: each distinct text is
 * normalized once, and each list laid out on the lines once until a
 * rewording moves a line.
 */
export function progressSeries(checkIns: ReadonlyArray<Pick<CheckIn, 'commit' | 'date' | 'changes'> & { progress: PlanProgress }>): ProgressSeries {
  /** The objectives' lines by key, and each line's objective as it last read. */
  const lines = new Map<string, number>();
  const latest: ObjectiveScore[] = [];
  const normalized = new Map<string, string>();
  const normalize = (title: string): string => {
    let text = normalized.get(title);
    if (text === undefined) normalized.set(title, (text = normalizeText(title)));
    return text;
  };
  const key = (owner: string | null, title: string): string => `${owner ?? ''}\u0000${normalize(title)}`;
  /** The line of each objective of a list, by position; -1 for a second objective with the same owner and text, which is the first one's line. */
  let layouts = new WeakMap<readonly ObjectiveScore[], number[]>();
  const layoutOf = (objectives: readonly ObjectiveScore[]): number[] => {
    let layout = layouts.get(objectives);
    if (layout) return layout;
    const taken = new Set<number>();
    layout = objectives.map((objective) => {
      const objectiveKey = key(objective.owner, objective.title);
      let at = lines.get(objectiveKey);
      if (at !== undefined && taken.has(at)) return -1;
      if (at === undefined) lines.set(objectiveKey, (at = latest.push(objective) - 1));
      taken.add(at);
      return at;
    });
    layouts.set(objectives, layout);
    return layout;
  };
  const laidOut = checkIns.map(({ changes, progress }) => {
    // A rewording keeps the objective's line: its old key becomes the new one.
    for (const change of changes) {
      if (change.kind !== 'reworded' || change.item !== 'objective' || change.from == null || change.to == null) continue;
      const renamed = progress.objectives.find((objective) => normalize(objective.title) === normalize(change.to!));
      const at = renamed ? lines.get(key(renamed.owner, change.from)) : undefined;
      if (renamed && at !== undefined && !lines.has(key(renamed.owner, renamed.title))) {
        lines.delete(key(renamed.owner, change.from));
        lines.set(key(renamed.owner, renamed.title), at);
        layouts = new WeakMap();
      }
    }
    const layout = layoutOf(progress.objectives);
    layout.forEach((at, position) => {
      if (at >= 0) latest[at] = progress.objectives[position];
    });
    return layout;
  });
  const objectives = latest.map(({ title, owner, depth }): SeriesObjective => ({ title, owner, depth }));
  const points = checkIns.map(({ commit, date, progress }, index): SeriesPoint => {
    const scores = new Array<number | null>(objectives.length).fill(null);
    laidOut[index].forEach((at, position) => {
      if (at >= 0) scores[at] = progress.objectives[position].score;
    });
    return { commit, date, tasksDone: progress.tasksDone, tasks: progress.tasks, scores };
  });
  return { objectives, points };
}
