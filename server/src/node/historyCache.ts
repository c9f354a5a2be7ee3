/**
 * What a reading of a plan's history keeps for later processes: one JSON
 * file per plan, in a folder outside the repository. Every check-in carries
 * the plan's objectives and their scores, which hardly change from one
 * commit to the next; the file holds each distinct objective score and each
 * distinct list of them once, so ten thousand check-ins take a few megabytes
 * and load in tens of milliseconds. Check-ins loaded or read share those
 * lists in memory the same way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import type { Change, CheckIn } from '../okr/history/checkIns';
import type { ObjectiveScore, PlanProgress } from '../okr/history/series';

/** A check-in with the plan's progress in its version. */
export type HistoryCheckIn = CheckIn & { progress: PlanProgress };

/**
 * The shape of the cache file. A check-in is cached as the reading builds
 * it, whatever fields it holds; change this when it holds something new, so
 * that check-ins read before are read again. A file written by another
 * version of `okr` is read again too, as its parser may read a plan otherwise.
 */
export const CACHE_FORMAT = 3;

/** What was read of one plan at one HEAD. */
export interface CachedHistory {
  root: string;
  path: string;
  /** The commit HEAD named when it was read. */
  head: string;
  /** Every version up to `head` is in `checkIns`; false when the reading was cancelled part way, and the next one goes on from it. */
  complete: boolean;
  /** The shallow clone's boundary when it was read: deepening the clone reads again. */
  shallow: string[];
  /** The scoring the check-ins' progress was worked out with: other options read again. */
  scoring: string;
  /** Oldest first. */
  checkIns: HistoryCheckIn[];
}

type ScoreRow = [title: string, owner: string | null, depth: number, score: number | null];
type CheckInRow = [commit: string, date: string, author: string, path: number, changes: Change[], tasksDone: number, tasks: number, objectives: number];

/** The file: the history's fields, then distinct objective scores, distinct lists of them (as indexes), distinct paths, and a row per check-in. */
type CacheFile = Omit<CachedHistory, 'checkIns'> & {
  format: number;
  version: string;
  scores: ScoreRow[];
  lists: number[][];
  paths: string[];
  checkIns: CheckInRow[];
};

/**
 * Each distinct objective score and list of them, kept once. A list met
 * before (the same array) is found by identity; a new one by its contents.
 */
export class ProgressTable {
  readonly scores: ObjectiveScore[] = [];
  readonly lists: ObjectiveScore[][] = [];
  /** Each list as indexes into `scores`. */
  readonly indexes: number[][] = [];
  private readonly scoreAt = new Map<ObjectiveScore | string, number>();
  private readonly listAt = new Map<readonly ObjectiveScore[] | string, number>();

  /** The progress with its objectives as the table's shared list. */
  share(progress: PlanProgress): PlanProgress {
    return { ...progress, objectives: this.lists[this.listOf(progress.objectives)] };
  }

  /** The index of a list of objective scores, added when new. */
  listOf(objectives: readonly ObjectiveScore[]): number {
    const known = this.listAt.get(objectives);
    if (known !== undefined) return known;
    const indexes = objectives.map((objective) => this.scoreOf(objective));
    const key = indexes.join(',');
    let at = this.listAt.get(key);
    if (at === undefined) {
      at = this.lists.push(indexes.map((index) => this.scores[index])) - 1;
      this.indexes.push(indexes);
      this.listAt.set(key, at);
      this.listAt.set(this.lists[at], at);
    }
    this.listAt.set(objectives, at);
    return at;
  }

  private scoreOf(objective: ObjectiveScore): number {
    const known = this.scoreAt.get(objective);
    if (known !== undefined) return known;
    const key = `${objective.title}\u0000${objective.owner ?? '\u0001'}\u0000${objective.depth}\u0000${objective.score}`;
    let at = this.scoreAt.get(key);
    if (at === undefined) {
      at = this.scores.push(objective) - 1;
      this.scoreAt.set(key, at);
    }
    this.scoreAt.set(objective, at);
    return at;
  }
}

/** The cache file of one plan: named by a hash, as a repository's path may hold anything. */
function cacheFile(cacheDir: string, root: string, relative: string): string {
  return path.join(cacheDir, `history-${createHash('sha256').update(`${root}\u0000${relative}`).digest('hex').slice(0, 32)}.json`);
}

/** The cached history of the plan at `relative` in `root`; anything unreadable, malformed or of another format is no cache at all. */
export function readCache(cacheDir: string, root: string, relative: string): CachedHistory | null {
  let file: CacheFile;
  try {
    file = JSON.parse(readFileSync(cacheFile(cacheDir, root, relative), 'utf8')) as CacheFile;
  } catch {
    return null;
  }
  return wellFormed(file) ? decode(file) : null;
}

/** Writes the cache through a temporary file, so a reader never sees half of one; a folder that cannot be written is no cache. */
export function writeCache(cacheDir: string, history: CachedHistory): void {
  const file = cacheFile(cacheDir, history.root, history.path);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temporary, JSON.stringify(encode(history)));
    renameSync(temporary, file);
  } catch {
    // The history was read all the same; the next process reads it again.
  }
}

function encode(history: CachedHistory): CacheFile {
  const table = new ProgressTable();
  const paths: string[] = [];
  const pathAt = new Map<string, number>();
  const checkIns = history.checkIns.map(({ commit, date, author, path: where, changes, progress }): CheckInRow => {
    let at = pathAt.get(where);
    if (at === undefined) pathAt.set(where, (at = paths.push(where) - 1));
    return [commit, date, author, at, changes, progress.tasksDone, progress.tasks, table.listOf(progress.objectives)];
  });
  const scores = table.scores.map(({ title, owner, depth, score }): ScoreRow => [title, owner, depth, score]);
  const { root, path: relative, head, complete, shallow, scoring } = history;
  return { format: CACHE_FORMAT, version, root, path: relative, head, complete, shallow, scoring, scores, lists: table.indexes, paths, checkIns };
}

function decode(file: CacheFile): CachedHistory {
  const scores = file.scores.map(([title, owner, depth, score]): ObjectiveScore => ({ title, owner, depth, score }));
  const lists = file.lists.map((list) => list.map((index) => scores[index]));
  const checkIns = file.checkIns.map(
    ([commit, date, author, at, changes, tasksDone, tasks, list]): HistoryCheckIn => ({ commit, date, author, path: file.paths[at], changes, progress: { tasksDone, tasks, objectives: lists[list] } }),
  );
  const { root, path: relative, head, complete, shallow, scoring } = file;
  return { root, path: relative, head, complete, shallow, scoring, checkIns };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isIndex = (value: unknown, length: number): boolean => Number.isInteger(value) && (value as number) >= 0 && (value as number) < length;
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

/** True when every part of the file has the shape decode expects, and every index points at something. */
function wellFormed(file: CacheFile): boolean {
  if (typeof file !== 'object' || file === null || file.format !== CACHE_FORMAT || file.version !== version) return false;
  if (![file.root, file.path, file.head, file.scoring].every(isString) || typeof file.complete !== 'boolean') return false;
  if (![file.shallow, file.scores, file.lists, file.paths, file.checkIns].every(Array.isArray) || !file.shallow.every(isString) || !file.paths.every(isString)) return false;
  const scoreRow = (row: unknown): boolean =>
    Array.isArray(row) && isString(row[0]) && (row[1] === null || isString(row[1])) && isCount(row[2]) && (row[3] === null || typeof row[3] === 'number');
  if (!file.scores.every(scoreRow)) return false;
  if (!file.lists.every((list) => Array.isArray(list) && list.every((index) => isIndex(index, file.scores.length)))) return false;
  return file.checkIns.every(
    (row) =>
      Array.isArray(row) &&
      isString(row[0]) &&
      isString(row[1]) &&
      isString(row[2]) &&
      isIndex(row[3], file.paths.length) &&
      Array.isArray(row[4]) &&
      row[4].every((change) => typeof change === 'object' && change !== null) &&
      isCount(row[5]) &&
      isCount(row[6]) &&
      isIndex(row[7], file.lists.length),
  );
}
