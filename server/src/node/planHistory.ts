/**
 * A plan's check-ins, read from git: the one reading shared by `okr history`
 * and the editor. One parser reads the versions oldest first, re-reading
 * only the blocks a commit changed, and each blob is parsed once. What was
 * read is remembered by commit, in memory and, when a folder is given, on
 * disk (node/historyCache.ts), so a later read takes only the commits it has
 * not seen: the ones made since, those of a rebased branch, or the rest of a
 * reading that was cancelled. Two readings of one plan at once are one. The
 * reading yields to the event loop every few milliseconds, reports its
 * progress and stops when its signal aborts, so an editor stays responsive
 * meanwhile.
 */
import type { Plan } from '../okr/model/plan';
import { planChanges, type CheckIn } from '../okr/history/checkIns';
import { planProgress } from '../okr/history/series';
import type { PlanHistory } from '../okr/history/planHistory';
import { DEFAULT_SCORING, type ScoringOptions } from '../okr/model/scoring';
import { PlanParser } from '../okr/parse/parser';
import { fileVersions, GitError, isAncestor, locate, readBlobs, type FileLocation, type FileVersion } from './git';
import { ProgressTable, readCache, writeCache, type CachedHistory, type HistoryCheckIn } from './historyCache';

/** How far a reading has come: versions read of those to read. */
export interface HistoryProgress {
  done: number;
  total: number;
}

export interface HistoryOptions {
  /** A folder where what was read is kept for later processes (the editor's storage folder); nothing is written when absent. */
  cacheDir?: string;
  /** Stops the reading: it then rejects with the signal's reason, and what was read so far is kept for the next one. */
  signal?: AbortSignal;
  /** Called as versions are read, a few times a second at most. */
  onProgress?: (progress: HistoryProgress) => void;
  /** How each version's progress is scored: the project's options. */
  scoring?: ScoringOptions;
}

/** Versions larger than this are left out of a history, as the editor leaves out plans larger than its limit. */
export const MAX_HISTORY_VERSION_BYTES = 2_000_000;

/** Plans whose history this process read, by repository and path; the least recently used goes first. */
const remembered = new Map<string, CachedHistory>();
const REMEMBERED_PLANS = 32;

/** A reading under way, shared by every caller that asks for the same plan at the same HEAD meanwhile. */
interface Reading {
  history: Promise<CachedHistory>;
  /** Aborts the reading once no caller waits for it any more. */
  controller: AbortController;
  callers: number;
  listeners: Set<(progress: HistoryProgress) => void>;
}

const readings = new Map<string, Reading>();

/** How long the reading works before it lets other work run. */
const SLICE_MS = 8;
const PROGRESS_MS = 200;

/** Every commit that changed `file` (following renames) as a check-in; throws GitError when git cannot give a history. */
export async function readPlanHistory(file: string, options: HistoryOptions = {}): Promise<PlanHistory> {
  const { signal } = options;
  const scoring = scoringKey(options.scoring ?? DEFAULT_SCORING);
  signal?.throwIfAborted();
  const location = await locate(file, signal);
  const shallow = location.shallow.length > 0;
  const { root, head } = location;
  if (head === null) return { checkIns: [], root, shallow };
  const key = `${root}\u0000${location.relative}`;
  let history = remembered.get(key);
  if (!usable(history, location, scoring) || history.head !== head || !history.complete) {
    history = await shared(`${key}\u0000${head}\u0000${scoring}\u0000${options.cacheDir ?? ''}`, options, (reading, onProgress) =>
      read({ ...location, head }, { ...options, signal: reading, onProgress }),
    );
  }
  remember(key, history);
  return { checkIns: [...history.checkIns], root, shallow };
}

/**
 * Runs `start` once for every caller that asks with the same key while it
 * runs. A caller whose signal aborts stops waiting at once, unless it is the
 * last one: the reading then stops, and the caller is answered once the
 * reading has kept what it read, so that the next one goes on from there.
 * One asked for while a reading stops waits for it in the same way.
 */
async function shared(key: string, options: HistoryOptions, start: (signal: AbortSignal, onProgress: (progress: HistoryProgress) => void) => Promise<CachedHistory>): Promise<CachedHistory> {
  const { signal, onProgress } = options;
  let reading = readings.get(key);
  while (reading?.controller.signal.aborted) {
    await reading.history.catch(() => undefined);
    reading = readings.get(key);
  }
  signal?.throwIfAborted();
  if (!reading) {
    const controller = new AbortController();
    const listeners = new Set<(progress: HistoryProgress) => void>();
    const started: Reading = { controller, callers: 0, listeners, history: start(controller.signal, (progress) => listeners.forEach((listener) => listener(progress))) };
    readings.set(key, started);
    const done = (): void => void (readings.get(key) === started && readings.delete(key));
    started.history.then(done, done);
    reading = started;
  }
  const joined = reading;
  joined.callers++;
  if (onProgress) joined.listeners.add(onProgress);
  let waiting = true;
  let leave: () => void = () => undefined;
  const left = new Promise<never>((_resolve, reject) => {
    leave = () => {
      const reason: unknown = signal!.reason;
      waiting = false;
      if (--joined.callers > 0) return reject(reason);
      joined.controller.abort(reason);
      joined.history.then(() => reject(reason), () => reject(reason));
    };
    signal?.addEventListener('abort', leave, { once: true });
  });
  try {
    return await Promise.race([joined.history, left]);
  } finally {
    signal?.removeEventListener('abort', leave);
    if (onProgress) joined.listeners.delete(onProgress);
    if (waiting) joined.callers--;
  }
}

/**
 * Reads the versions at `location.head` that the remembered or cached
 * history does not hold. When HEAD descends from the head that was read,
 * git lists only the commits since; otherwise it lists all of them, and the
 * check-ins of commits already read are taken as they are, by commit.
 */
async function read(location: FileLocation & { head: string }, options: HistoryOptions & { signal: AbortSignal }): Promise<CachedHistory> {
  const { signal, cacheDir } = options;
  const scoring = options.scoring ?? DEFAULT_SCORING;
  const { root, relative: path, head } = location;
  const key = scoringKey(scoring);
  const inMemory = remembered.get(`${root}\u0000${path}`);
  const found = usable(inMemory, location, key) ? inMemory : cacheDir ? readCache(cacheDir, root, path) : null;
  const cached = usable(found, location, key) ? found : null;
  if (cached?.complete && cached.head === head) return cached;
  const continues = cached?.complete === true && (await isAncestor(root, cached.head, head, signal));
  const earlier = continues ? cached.checkIns : [];
  const known = new Map(continues ? [] : (cached?.checkIns ?? []).map((checkIn) => [checkIn.commit, checkIn]));
  const versions = (await fileVersions(location, head, continues ? cached.head : null, signal)).reverse();
  const added = new Map<string, HistoryCheckIn>();
  const keep = (complete: boolean): CachedHistory => {
    const checkIns = byDate([...earlier, ...versions.flatMap((version) => known.get(version.commit) ?? added.get(version.commit) ?? [])]);
    const history: CachedHistory = { root, path, head, complete, shallow: location.shallow, scoring: key, checkIns };
    remember(`${root}\u0000${path}`, history);
    if (cacheDir) writeCache(cacheDir, history);
    return history;
  };
  try {
    await readCheckIns(
      root,
      versions.filter((version) => !known.has(version.commit)),
      (checkIn) => added.set(checkIn.commit, checkIn),
      { ...options, scoring },
    );
  } catch (error) {
    // What was read before the reading stopped, cancelled or failed, is kept: the next reading goes on from it.
    if (added.size > 0) keep(false);
    throw error;
  }
  return keep(true);
}

/** The scoring options as the cache compares them: roll-up, bands, words and status scores. */
function scoringKey(scoring: ScoringOptions): string {
  return JSON.stringify([scoring.rollup, scoring.bands, scoring.words, scoring.statusScores]);
}

/** Forgets what this process read: the next reading starts from the disk cache, or from nothing. */
export function forgetPlanHistories(): void {
  remembered.clear();
}

/** One commit's check-in: everything a check-in holds is computed here, from the version and its parent's. */
function checkInOf(version: FileVersion, before: Plan | null, after: Plan, scoring: ScoringOptions, table: ProgressTable): HistoryCheckIn {
  return { commit: version.commit, date: version.date, author: version.author, path: version.path, changes: planChanges(before, after), progress: table.share(planProgress(after, scoring)) };
}

/**
 * Reads the check-ins of `versions` (oldest first), handing each to `found`
 * as it is read. A version's parent is almost always the version before,
 * already parsed; the blobs git is asked for are exactly the ones this walk
 * does not have at hand, in the order it needs them.
 */
async function readCheckIns(root: string, versions: readonly FileVersion[], found: (checkIn: HistoryCheckIn) => void, options: HistoryOptions & { scoring: ScoringOptions }): Promise<void> {
  const { signal, onProgress, scoring } = options;
  const wanted: string[] = [];
  let lastId: string | null = null;
  for (const version of versions) {
    for (const id of [version.parentBlob, version.blob]) {
      if (id !== null && id !== lastId) wanted.push(id);
      if (id !== null) lastId = id;
    }
  }
  const blobs = readBlobs(root, wanted, MAX_HISTORY_VERSION_BYTES, signal);
  const parser = new PlanParser();
  const table = new ProgressTable();
  let last: { id: string; plan: Plan | null } | null = null;
  const planOf = async (id: string | null): Promise<Plan | null> => {
    if (id === null) return null;
    if (last?.id === id) return last.plan;
    const next = await blobs.next();
    if (next.done) throw new Error('git gave fewer versions than asked');
    // A version that is binary or too large has no plan.
    last = { id, plan: next.value === null ? null : parser.parse(next.value).structure };
    return last.plan;
  };
  let slice = performance.now();
  // The first pause reports, so a reader learns early how many versions there are.
  let reported = Number.NEGATIVE_INFINITY;
  try {
    for (const [index, version] of versions.entries()) {
      const before = await planOf(version.parentBlob);
      const after = await planOf(version.blob);
      if (after) found(checkInOf(version, before, after, scoring, table));
      const now = performance.now();
      if (now - slice < SLICE_MS) continue;
      if (onProgress && now - reported >= PROGRESS_MS && index + 1 < versions.length) {
        onProgress({ done: index + 1, total: versions.length });
        reported = now;
      }
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      slice = performance.now();
    }
  } finally {
    await blobs.return(undefined);
  }
  onProgress?.({ done: versions.length, total: versions.length });
}

/** Oldest first by date; check-ins of the same date stay in git's order. */
function byDate<T extends CheckIn>(checkIns: T[]): T[] {
  const times = new Map(checkIns.map((checkIn) => [checkIn, Date.parse(checkIn.date)]));
  return checkIns.sort((a, b) => times.get(a)! - times.get(b)!);
}

function remember(key: string, history: CachedHistory): void {
  remembered.delete(key);
  remembered.set(key, history);
  if (remembered.size > REMEMBERED_PLANS) remembered.delete(remembered.keys().next().value as string);
}

/** True when the history read before is of this plan, scored the same way, with the clone as deep as it is now. */
function usable(history: CachedHistory | null | undefined, location: FileLocation, scoring: string): history is CachedHistory {
  if (!history || history.root !== location.root || history.path !== location.relative || history.scoring !== scoring) return false;
  return history.shallow.join('\n') === location.shallow.join('\n');
}

/** The editor's histories on the desktop: read from git, with git's failures in the words the page shows. */
export const gitHistoryReader = {
  read: (file: string, options: { scoring: ScoringOptions; signal: AbortSignal; cacheDir: string | undefined }): Promise<PlanHistory> => readPlanHistory(file, options),
  problem(error: unknown): string | null {
    if (!(error instanceof GitError)) return null;
    if (/not in a git repository/i.test(error.message)) return 'History needs a local clone: this plan is not in a git repository.';
    if (/git is not installed/i.test(error.message)) return 'History needs git, and git is not installed.';
    return `git could not read the history: ${error.message}`;
  },
};
