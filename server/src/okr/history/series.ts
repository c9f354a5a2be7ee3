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
 * carries its line on under the new text.
 */
export function progressSeries(checkIns: ReadonlyArray<Pick<CheckIn, 'commit' | 'date' | 'changes'> & { progress: PlanProgress }>): ProgressSeries {
  const objectives: SeriesObjective[] = [];
  const keys: string[] = [];
  const key = (owner: string | null, title: string): string => `${owner ?? ''}\u0000${normalizeText(title)}`;
  const scoresByCheckIn: Array<Map<number, number | null>> = [];
  for (const checkIn of checkIns) {
    // A rewording keeps the objective's line: its old key becomes the new one.
    for (const change of checkIn.changes) {
      if (change.kind !== 'reworded' || change.item !== 'objective' || change.from == null || change.to == null) continue;
      const renamed = checkIn.progress.objectives.find((objective) => normalizeText(objective.title) === normalizeText(change.to!));
      const at = keys.findIndex((candidate) => candidate === key(renamed?.owner ?? null, change.from!));
      if (renamed && at >= 0 && !keys.includes(key(renamed.owner, renamed.title))) keys[at] = key(renamed.owner, renamed.title);
    }
    const scores = new Map<number, number | null>();
    for (const objective of checkIn.progress.objectives) {
      let at = keys.indexOf(key(objective.owner, objective.title));
      // Two objectives with the same owner and text are one line: the first one's.
      if (at >= 0 && scores.has(at)) continue;
      if (at < 0) {
        at = keys.push(key(objective.owner, objective.title)) - 1;
        objectives.push({ title: objective.title, owner: objective.owner, depth: objective.depth });
      }
      objectives[at] = { title: objective.title, owner: objective.owner, depth: objective.depth };
      scores.set(at, objective.score);
    }
    scoresByCheckIn.push(scores);
  }
  const points = checkIns.map((checkIn, index): SeriesPoint => ({
    commit: checkIn.commit,
    date: checkIn.date,
    tasksDone: checkIn.progress.tasksDone,
    tasks: checkIn.progress.tasks,
    scores: objectives.map((_objective, at) => scoresByCheckIn[index].get(at) ?? null),
  }));
  return { objectives, points };
}
