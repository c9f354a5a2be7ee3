/**
 * The plans of the whole workspace, for workspace symbols, references across
 * plans and the summaries view. Files are read in the background, a few at a
 * time (parsed off the main thread where possible), and only their Plan is
 * kept; open documents count with their unsaved text.
 */
import { isPlan, type Plan } from '../../okr/model/plan';
import type { PlansChangedParams } from '../../protocol';
import type { OpenPlan } from './documents';
import type { ReadOptions } from './planFiles';
import type { Folder } from './planContext';
import { isInside } from '../../okr/project/lookup';
import type { OkrSettings } from './settings';
import type { WorkspaceFiles } from './workspaceFiles';

/** A plan of the workspace. `lines` is known only for open documents. */
export interface IndexedPlan {
  uri: string;
  plan: Plan;
  open: boolean;
  lines?: readonly string[];
}

/** What the index needs from the rest of the server. */
export interface IndexHost {
  /** Where the workspace's Markdown files are found, and how their URIs and paths correspond. */
  files: Pick<WorkspaceFiles, 'glob' | 'toPath' | 'toUri' | 'paths'>;
  folders(): readonly Folder[];
  folderOf(uri: string): Folder | null;
  settingsFor(uri: string): Promise<OkrSettings>;
  /** What settings and the project file declare a file to be: a plan, not one, or null to let its evidence decide. */
  declaredFor(uri: string): Promise<boolean | null>;
  /** Reads and parses a plan file that is not open; null when it cannot be read. */
  readPlan(file: string, options: ReadOptions): Promise<Plan | null>;
  /** How many files `readPlan` works on at once; more would only wait in its queue. */
  readsAtOnce: number;
  /** Tells the client which plans changed. */
  notify(params: PlansChangedParams): void;
  log(message: string): void;
}

/** The workspace's plans, kept current by file events and open documents. */
export class WorkspaceIndex {
  private readonly byKey = new Map<string, IndexedPlan>();
  /** URIs waiting to be read, by key. */
  private readonly queue = new Map<string, string>();
  private readonly changed = new Set<string>();
  /** The read last started for each file, by key: a read that another started after it, or a removal, makes stale. */
  private readonly latestRead = new Map<string, symbol>();
  /** Reads started and not yet finished. */
  private reading = 0;
  private scanning = 0;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private announcedComplete = false;

  /** Documents the editor opened but has not parsed yet: their saved files are not read, since their text is about to count instead. */
  private readonly opening = new Set<string>();

  constructor(private readonly host: IndexHost) {}

  /**
   * Identifies a file whatever way its URI was spelled: the editor and Node
   * escape characters such as `(` differently, so file URIs are keyed by path.
   */
  private keyOf(uri: string): string {
    return this.host.files.toPath(uri) ?? uri;
  }

  /** Notes a document the editor just opened, so that its saved file is not parsed while the editor's text is. */
  opened(uri: string): void {
    this.opening.add(this.keyOf(uri));
  }

  /** True once every file found at start-up (or after a folder change) has been read. */
  get complete(): boolean {
    return this.scanning === 0 && this.queue.size === 0 && this.reading === 0;
  }

  /** Every plan known, open ones with their unsaved text. */
  plans(): IterableIterator<IndexedPlan> {
    return this.byKey.values();
  }

  /** One plan, or undefined when `uri` is not a known plan. */
  get(uri: string): IndexedPlan | undefined {
    return this.byKey.get(this.keyOf(uri));
  }

  /** Finds every Markdown file of the workspace folders and reads them in the background. */
  async scan(folders: readonly Folder[] = this.host.folders()): Promise<void> {
    this.scanning++;
    try {
      for (const folder of folders) {
        const files = await this.host.files.glob(folder.path, '**/*.{md,markdown}');
        for (const file of files) this.enqueue(this.host.files.toUri(file));
      }
    } catch (error) {
      this.host.log(`Indexing the workspace: ${(error as Error).message}`);
    } finally {
      this.scanning--;
      this.scheduleNotify();
    }
  }

  /** Reads a file again after it was created or changed on disk. */
  enqueue(uri: string): void {
    if (this.get(uri)?.open) return;
    this.queue.set(this.keyOf(uri), uri);
    this.startReads();
  }

  /** Forgets a file that was deleted, or that left the workspace; an open document stays with its unsaved text. */
  remove(uri: string): void {
    const entry = this.get(uri);
    if (entry?.open) return;
    this.queue.delete(this.keyOf(uri));
    this.latestRead.delete(this.keyOf(uri));
    if (entry && this.byKey.delete(this.keyOf(uri))) this.markChanged(entry.uri);
  }

  /** Forgets every file under a folder that was removed from the workspace. */
  removeFolder(folder: Folder): void {
    for (const entry of [...this.byKey.values()]) if (isInside(this.host.files.paths, folder.path, this.keyOf(entry.uri))) this.remove(entry.uri);
  }

  /** Records the latest parse of an open document: its plan, or that it is not a plan. */
  updateOpen(uri: string, open: OpenPlan | undefined): void {
    this.queue.delete(this.keyOf(uri));
    this.opening.delete(this.keyOf(uri));
    if (open) this.byKey.set(this.keyOf(uri), { uri, plan: open.doc.plan, open: true, lines: open.doc.lines });
    else this.byKey.delete(this.keyOf(uri));
    this.markChanged(uri);
  }

  /** After a document closes, its saved file counts again. */
  closed(uri: string): void {
    this.opening.delete(this.keyOf(uri));
    const entry = this.get(uri);
    if (entry) entry.open = false;
    this.enqueue(uri);
  }

  /** Starts reading queued files, up to `readsAtOnce` at a time; each read that ends starts the next. */
  private startReads(): void {
    while (this.reading < this.host.readsAtOnce) {
      const next = this.queue.entries().next();
      if (next.done) return;
      const [key, uri] = next.value;
      this.queue.delete(key);
      this.reading++;
      void this.read(uri)
        .catch((error: unknown) => this.host.log(`Indexing ${uri}: ${(error as Error).message}`))
        .finally(() => {
          this.reading--;
          this.startReads();
          if (this.complete) this.scheduleNotify();
        });
    }
  }

  private async read(uri: string): Promise<void> {
    const file = this.host.files.toPath(uri);
    const key = this.keyOf(uri);
    if (file === null || this.get(uri)?.open || this.opening.has(key)) return;
    const read = Symbol(key);
    this.latestRead.set(key, read);
    try {
      const settings = await this.host.settingsFor(this.host.folderOf(uri)?.uri ?? uri);
      const declared = await this.host.declaredFor(uri);
      const plan = declared === false ? null : await this.host.readPlan(file, { ...settings, declared: declared === true });
      if (this.latestRead.get(key) !== read || this.get(uri)?.open || this.opening.has(key)) return;
      if (plan && (declared ?? isPlan(plan))) {
        this.byKey.set(key, { uri, plan, open: false });
        this.markChanged(uri);
      } else {
        this.remove(uri);
      }
    } finally {
      if (this.latestRead.get(key) === read) this.latestRead.delete(key);
    }
  }

  private markChanged(uri: string): void {
    this.changed.add(uri);
    this.scheduleNotify();
  }

  /** Tells the client about changes at most a few times a second, and once more when indexing completes. */
  private scheduleNotify(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const uris = [...this.changed];
      this.changed.clear();
      const complete = this.complete;
      if (uris.length > 0 || complete !== this.announcedComplete) this.host.notify({ uris, indexComplete: complete });
      this.announcedComplete = complete;
    }, 250);
  }
}
