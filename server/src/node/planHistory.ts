/**
 * A plan's check-ins, read from git: the one reading shared by `okr history`
 * and the editor. One parser reads the versions oldest first, re-reading
 * only the blocks a commit changed, and each blob is parsed once. What was
 * read is remembered by commit, in memory and, when a folder is given, on
 * disk, so a later read takes only the commits that are new. The reading
 * yields to the event loop every few milliseconds, reports its progress and
 * stops when its signal aborts, so an editor stays responsive meanwhile.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../okr/model/plan';
import { planChanges, type CheckIn } from '../okr/history/checkIns';
import { planProgress } from '../okr/history/series';
import type { PlanHistory } from '../okr/history/planHistory';
import { DEFAULT_SCORING, type ScoringOptions } from '../okr/model/scoring';
import { PlanParser } from '../okr/parse/parser';
import { fileVersions, GitError, isAncestor, locate, readBlobs, type FileLocation, type FileVersion } from './git';

/** How far a reading has come: versions read of those to read. */
export interface HistoryProgress {
  done: number;
  total: number;
}

export interface HistoryOptions {
  /** A folder where what was read is kept for later processes (the editor's storage folder); nothing is written when absent. */
  cacheDir?: string;
  /** Stops the reading: it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called as versions are read, a few times a second at most. */
  onProgress?: (progress: HistoryProgress) => void;
  /** How each version's progress is scored: the project's options. */
  scoring?: ScoringOptions;
}

/** Versions larger than this are left out of a history, as the editor leaves out plans larger than its limit. */
export const MAX_HISTORY_VERSION_BYTES = 2_000_000;

/**
 * The shape of what is cached. A check-in is cached as `checkInOf` builds
 * it, whatever fields it holds; change this when it holds something new, so
 * that check-ins read before are read again.
 */
const CACHE_FORMAT = 2;

/** What was read of one plan, up to one commit. */
interface CachedHistory {
  format: number;
  root: string;
  path: string;
  head: string;
  /** The shallow clone's boundary when it was read: deepening the clone reads again. */
  shallow: string[];
  /** The scoring the check-ins' progress was worked out with: other options read again. */
  scoring: string;
  checkIns: PlanHistory['checkIns'];
}

/** Plans whose history this process read, by repository and path; the least recently used goes first. */
const remembered = new Map<string, CachedHistory>();
const REMEMBERED_PLANS = 32;

/** How long the reading works before it lets other work run. */
const SLICE_MS = 8;
const PROGRESS_MS = 200;

/** Every commit that changed `file` (following renames) as a check-in; throws GitError when git cannot give a history. */
export async function readPlanHistory(file: string, options: HistoryOptions = {}): Promise<PlanHistory> {
  const { signal } = options;
  const scoring = options.scoring ?? DEFAULT_SCORING;
  signal?.throwIfAborted();
  const location = await locate(file, signal);
  const shallow = location.shallow.length > 0;
  const root = location.root;
  if (location.head === null) return { checkIns: [], root, shallow };
  const head = location.head;
  const key = `${location.root}\u0000${location.relative}`;
  const cached = usable(remembered.get(key) ?? (options.cacheDir ? readCache(options.cacheDir, location) : null), location, scoringKey(scoring));
  if (cached?.head === head) {
    remember(key, cached);
    return { checkIns: [...cached.checkIns], root, shallow };
  }
  // Only the commits since the cached tip are new, when HEAD moved on from it; otherwise (a reset, a rebase) read again.
  const base = cached && (await isAncestor(location.root, cached.head, head, signal)) ? cached : null;
  const versions = (await fileVersions(location, head, base?.head ?? null, signal)).reverse();
  const added = await readCheckIns(location.root, versions, options, scoring);
  const checkIns = base ? byDate([...base.checkIns, ...added]) : byDate(added);
  const read: CachedHistory = { format: CACHE_FORMAT, root: location.root, path: location.relative, head, shallow: location.shallow, scoring: scoringKey(scoring), checkIns };
  remember(key, read);
  if (options.cacheDir) writeCache(options.cacheDir, read);
  return { checkIns: [...checkIns], root, shallow };
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
function checkInOf(version: FileVersion, before: Plan | null, after: Plan, scoring: ScoringOptions): PlanHistory['checkIns'][number] {
  return { commit: version.commit, date: version.date, author: version.author, path: version.path, changes: planChanges(before, after), progress: planProgress(after, scoring) };
}

/**
 * The check-ins of `versions` (oldest first). A version's parent is almost
 * always the version before, already parsed; the blobs git is asked for are
 * exactly the ones this walk does not have at hand, in the order it needs them.
 */
async function readCheckIns(root: string, versions: readonly FileVersion[], options: HistoryOptions, scoring: ScoringOptions): Promise<PlanHistory['checkIns']> {
  const { signal, onProgress } = options;
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
  const checkIns: PlanHistory['checkIns'] = [];
  let slice = performance.now();
  let reported = slice;
  try {
    for (const [index, version] of versions.entries()) {
      const before = await planOf(version.parentBlob);
      const after = await planOf(version.blob);
      if (after) checkIns.push(checkInOf(version, before, after, scoring));
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
  return checkIns;
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

/** The cached history when it is of this plan, in this format, with the clone as deep as it is now. */
function usable(cached: CachedHistory | null | undefined, location: FileLocation, scoring: string): CachedHistory | null {
  if (!cached || cached.format !== CACHE_FORMAT || cached.root !== location.root || cached.path !== location.relative || cached.scoring !== scoring) return null;
  return cached.shallow.join('\n') === location.shallow.join('\n') ? cached : null;
}

/** The cache file of one plan: named by a hash, as a repository's path may hold anything. */
function cacheFile(cacheDir: string, root: string, relative: string): string {
  return path.join(cacheDir, `history-${createHash('sha256').update(`${root}\u0000${relative}`).digest('hex').slice(0, 32)}.json`);
}

/** The cached history on disk; anything unreadable or malformed is no cache at all. */
function readCache(cacheDir: string, location: FileLocation): CachedHistory | null {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(cacheDir, location.root, location.relative), 'utf8')) as CachedHistory;
    const wellFormed =
      typeof cached === 'object' && cached !== null && typeof cached.head === 'string' && Array.isArray(cached.shallow) && Array.isArray(cached.checkIns) &&
      cached.checkIns.every((checkIn) => typeof checkIn === 'object' && checkIn !== null && typeof checkIn.commit === 'string' && typeof checkIn.date === 'string' && Array.isArray(checkIn.changes));
    return wellFormed ? cached : null;
  } catch {
    return null;
  }
}

/** Writes the cache through a temporary file, so a reader never sees half of one; a folder that cannot be written is no cache. */
function writeCache(cacheDir: string, history: CachedHistory): void {
  const file = cacheFile(cacheDir, history.root, history.path);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temporary, JSON.stringify(history));
    renameSync(temporary, file);
  } catch {
    // The history was read all the same; the next process reads it again.
  }
}

/** The editor's histories on the desktop: read from git, with git's failures in the words the page shows. */
export const gitHistoryReader = {
  read: (file: string, scoring: ScoringOptions): Promise<PlanHistory> => readPlanHistory(file, { scoring }),
  problem(error: unknown): string | null {
    if (!(error instanceof GitError)) return null;
    if (/not in a git repository/i.test(error.message)) return 'History needs a local clone: this plan is not in a git repository.';
    if (/git is not installed/i.test(error.message)) return 'History needs git, and git is not installed.';
    return `git could not read the history: ${error.message}`;
  },
};
