/**
 * Plans' histories as the editor reads them: read from git in the background,
 * remembered per document until its repository's history may have moved (a
 * save, a commit, a checkout), kept in the editor's storage folder for the
 * next session, and never read while the workspace is not trusted. A history
 * forgotten while it is read stops being read, and the next reading goes on
 * from what it read. A history that cannot be read becomes one line for the
 * user; the platform says where histories come from.
 */
import type { PlanHistory } from '../../okr/history/planHistory';
import type { ScoringOptions } from '../../okr/model/scoring';

/** A plan's history, or why there is none in one line. */
export type HistoryOutcome = { history: PlanHistory; unavailable: null } | { history: null; unavailable: string };

/** Shown instead of a history in Restricted Mode. */
export const RESTRICTED_MESSAGE = 'History is off in Restricted Mode: trust the workspace to read its git history.';

/** Where histories come from: git on the desktop; nowhere in the browser. */
export interface HistoryReader {
  /** Reads a plan's history; `cacheDir` is where what was read is kept between sessions, when the editor gives one. */
  read(file: string, options: { scoring: ScoringOptions; signal: AbortSignal; cacheDir: string | undefined }): Promise<PlanHistory>;
  /** A failure in the words the page shows, or null when it is a bug of ours, which is logged. */
  problem(error: unknown): string | null;
}

/** An absolute path on any platform: `/…`, `C:\…`, `\\server\…`. */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

/** Said for a failure that is a bug of ours. */
const UNREADABLE = 'The history could not be read; details are in the "OKR Plans" output.';

interface Entry {
  scoring: ScoringOptions;
  outcome: Promise<HistoryOutcome>;
  /** The outcome once read, for answers that must not wait. */
  settled?: HistoryOutcome;
  /** Stops the reading when the history is forgotten before it is read. */
  reading: AbortController;
}

/** Reads and remembers plans' histories. */
export class PlanHistories {
  private readonly entries = new Map<string, Entry>();
  /** The last reading started of each plan, until it settles: the next one waits for it to stop and keep what it read. */
  private readonly readings = new Map<string, Promise<unknown>>();
  private trusted: boolean;
  /** The editor's storage folder for this workspace, where histories are kept between sessions. */
  private cacheDir: string | undefined;

  constructor(
    trusted: boolean,
    private readonly log: (message: string) => void,
    /** Called when a history that was read is forgotten, so views can ask again. */
    private readonly changed: (uri: string) => void,
    private readonly reader: HistoryReader,
    /** The file of a plan's URI, or null for a document that is no file. */
    private readonly toPath: (uri: string) => string | null,
  ) {
    this.trusted = trusted;
  }

  /** True when the workspace is trusted, so its repository may be read. */
  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Keeps what is read in `folder` (the editor's storage folder), and reads from it what an earlier session kept; anything but an absolute path keeps nothing. */
  keepIn(folder: unknown): void {
    this.cacheDir = typeof folder === 'string' && ABSOLUTE_PATH.test(folder) ? folder : undefined;
  }

  /** The workspace is in Restricted Mode: nothing is read from its repository. */
  distrust(): void {
    this.trusted = false;
    this.clear();
  }

  /** The user trusted the workspace: histories may be read from now on. */
  trust(): void {
    this.trusted = true;
    this.clear();
  }

  /** A plan's history scored with `scoring`, read once and then remembered. */
  get(uri: string, scoring: ScoringOptions): Promise<HistoryOutcome> {
    const known = this.entries.get(uri);
    if (known && known.scoring === scoring) return known.outcome;
    const reading = new AbortController();
    const entry: Entry = { scoring, reading, outcome: this.load(uri, scoring, reading.signal) };
    entry.outcome = entry.outcome.then((outcome) => (entry.settled = outcome));
    this.entries.set(uri, entry);
    return entry.outcome;
  }

  /** The history already read for a plan, without reading: hovers do not wait for git. */
  settled(uri: string): HistoryOutcome | undefined {
    return this.entries.get(uri)?.settled;
  }

  /** Forgets one plan's history, after it was saved or changed on disk. */
  forget(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.reading.abort();
    this.entries.delete(uri);
    this.changed(uri);
  }

  /** Forgets every history, after a repository's HEAD or branches moved. */
  clear(): void {
    for (const uri of [...this.entries.keys()]) this.forget(uri);
  }

  private async load(uri: string, scoring: ScoringOptions, signal: AbortSignal): Promise<HistoryOutcome> {
    if (!this.trusted) return { history: null, unavailable: RESTRICTED_MESSAGE };
    const file = this.toPath(uri);
    if (file === null) return { history: null, unavailable: 'History needs a local clone: this plan is not a file on disk.' };
    // A reading of this plan stopped a moment ago: it settles once it has kept what it read, and this one goes on from there.
    await this.readings.get(uri)?.catch(() => undefined);
    if (signal.aborted) return this.get(uri, scoring);
    const reading = this.reader.read(file, { scoring, signal, cacheDir: this.cacheDir });
    this.readings.set(uri, reading);
    try {
      return { history: await reading, unavailable: null };
    } catch (error) {
      // Forgotten while it was read: whoever waited gets the reading that replaced it.
      if (signal.aborted) return this.get(uri, scoring);
      const problem = this.reader.problem(error);
      if (problem === null) this.log(`Reading the history of ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { history: null, unavailable: problem ?? UNREADABLE };
    } finally {
      if (this.readings.get(uri) === reading) this.readings.delete(uri);
    }
  }
}
