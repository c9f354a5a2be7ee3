/**
 * A few worker threads that take CPU-heavy jobs off the main thread: the
 * language server parses the workspace's plans on them and `okr check` checks
 * many files at once on them. Every job is answered exactly once: a worker
 * that dies is replaced, the jobs it held are tried again one at a time, and
 * a job that kills a worker a second time is answered as failed. When no
 * worker can start at all, jobs run in this thread instead.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** What a worker is sent: one job. */
interface JobMessage<Job> {
  id: number;
  job: Job;
}

/** What a worker sends back: that it is ready, or one job's result or error. */
type WorkerMessage<Result> = { ready: true } | { id: number; result: Result } | { id: number; error: string };

/** What the pool needs to know besides the jobs. */
export interface PoolOptions<Job, Result> {
  /** The script workers start from; it must call `serveJobs` when `workerRole()` is `role`. Null runs every job in this thread. */
  script: string | null;
  /** Tells the script which jobs its worker serves. */
  role: string;
  /** How many worker threads to run at most. */
  size: number;
  /** Runs a job in this thread, when no worker thread can start. */
  runHere(job: Job): Promise<Result>;
  /** The answer for a job that threw, or that a worker died of twice; the place to report it. */
  failed(job: Job, reason: string): Result;
  /** Reports workers that stop, or cannot start. */
  log(message: string): void;
  /** How long a worker may wait for work before it is stopped to free its memory; 30 seconds by default. */
  idleMs?: number;
  /**
   * Whether this thread takes a job too whenever it holds none (with `runHere`),
   * for a process that has nothing else to do meanwhile: its core works from
   * the start, and one worker fewer loads the script.
   */
  shareHere?: boolean;
}

/** A worker idle this long is stopped: each holds a parser and its memory, and the next job starts a new one. */
const IDLE_WORKER_MS = 30_000;

/** Jobs a worker holds at once, so that it starts the next one without waiting for a round trip. */
const JOBS_PER_WORKER = 2;

/**
 * Worker threads worth starting for CPU-heavy jobs: one per core. The main
 * thread mostly waits meanwhile, and the system shares the cores fairly when
 * it has work, so reserving it a core would only leave one idle.
 */
export function workerCount(): number {
  return availableParallelism();
}

/** The role this thread was started for by a `WorkerPool`, or null in the main thread. */
export function workerRole(): string | null {
  if (isMainThread || !parentPort) return null;
  const role = (workerData as { role?: unknown } | null)?.role;
  return typeof role === 'string' ? role : null;
}

/** In a worker thread started by a `WorkerPool`: answers each job with what `work` returns, or the error it throws. */
export function serveJobs<Job, Result>(work: (job: Job) => Result | Promise<Result>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs only in a worker thread');
  const reply = (message: WorkerMessage<Result>): void => port.postMessage(message);
  port.on('message', ({ id, job }: JobMessage<Job>) => {
    void (async () => {
      try {
        reply({ id, result: await work(job) });
      } catch (error) {
        reply({ id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  reply({ ready: true });
}

/** A job waiting for its answer. */
interface Pending<Job, Result> {
  id: number;
  job: Job;
  resolve(result: Result): void;
  /** It was in a worker that died, so it runs alone; if its worker dies again, it is the cause. */
  suspect: boolean;
}

/** A worker thread and the jobs it holds. */
interface PoolWorker<Job, Result> {
  thread: Worker;
  /** Set once the script loaded: until then a death means workers cannot run here at all. */
  ready: boolean;
  jobs: Map<number, Pending<Job, Result>>;
  /** Stops the worker once it has been idle for a while. */
  retire?: NodeJS.Timeout;
}

/** Runs jobs on up to `size` worker threads, in the order they come, a few per worker at a time. */
export class WorkerPool<Job, Result> {
  private readonly workers = new Set<PoolWorker<Job, Result>>();
  /** Jobs not yet sent to a worker; jobs to retry come first. */
  private readonly queue: Array<Pending<Job, Result>> = [];
  private script: string | null;
  private nextId = 0;
  /** Whether this thread is working on a job, when it shares the work. */
  private busyHere = false;

  constructor(private readonly options: PoolOptions<Job, Result>) {
    this.script = options.script;
  }

  /** Jobs the pool works on at once; more wait in its queue. */
  get capacity(): number {
    return Math.max(1, this.options.size) * JOBS_PER_WORKER + (this.options.shareHere ? 1 : 0);
  }

  /** Runs a job and resolves to its result, or to `failed(job, reason)`; never rejects. */
  run(job: Job): Promise<Result> {
    return new Promise((resolve) => {
      this.queue.push({ id: ++this.nextId, job, resolve, suspect: false });
      this.dispatch();
    });
  }

  private dispatch(): void {
    // A job suspected of killing its worker stays on worker threads: here, it would take the process down.
    if (this.options.shareHere && !this.busyHere && this.script !== null && this.queue.length > 0 && !this.queue[0].suspect) {
      this.busyHere = true;
      void this.runHere(this.queue.shift() as Pending<Job, Result>).finally(() => {
        this.busyHere = false;
        this.dispatch();
      });
    }
    while (this.script !== null && this.workers.size < this.options.size && this.workers.size < this.queue.length) this.start(this.script);
    if (this.script === null) {
      for (const pending of this.queue.splice(0)) void this.runHere(pending);
      return;
    }
    while (this.queue.length > 0) {
      const worker = this.workerFor(this.queue[0]);
      if (!worker) return;
      this.send(worker, this.queue.shift() as Pending<Job, Result>);
    }
  }

  /** The least busy worker that can take the job: a suspect job only goes to an idle worker, and keeps it to itself. */
  private workerFor(pending: Pending<Job, Result>): PoolWorker<Job, Result> | null {
    let best: PoolWorker<Job, Result> | null = null;
    for (const worker of this.workers) {
      const alone = [...worker.jobs.values()].some((held) => held.suspect);
      const room = pending.suspect ? worker.jobs.size === 0 : !alone && worker.jobs.size < JOBS_PER_WORKER;
      if (room && (!best || worker.jobs.size < best.jobs.size)) best = worker;
    }
    return best;
  }

  private send(worker: PoolWorker<Job, Result>, pending: Pending<Job, Result>): void {
    worker.jobs.set(pending.id, pending);
    clearTimeout(worker.retire);
    // A worker with jobs keeps the process alive; an idle one does not.
    worker.thread.ref();
    worker.thread.postMessage({ id: pending.id, job: pending.job } satisfies JobMessage<Job>);
  }

  private start(script: string): void {
    let thread: Worker;
    try {
      thread = new Worker(script, { workerData: { role: this.options.role } });
    } catch (error) {
      this.giveUp((error as Error).message);
      return;
    }
    const worker: PoolWorker<Job, Result> = { thread, ready: false, jobs: new Map() };
    let lastError = '';
    thread.unref();
    thread.on('message', (message: WorkerMessage<Result>) => this.answer(worker, message));
    thread.on('error', (error) => (lastError = error.message));
    thread.on('exit', (code) => {
      if (this.workers.has(worker)) this.died(worker, lastError || `it exited with code ${code}`);
    });
    this.workers.add(worker);
  }

  private answer(worker: PoolWorker<Job, Result>, message: WorkerMessage<Result>): void {
    if ('ready' in message) {
      worker.ready = true;
      return;
    }
    const pending = worker.jobs.get(message.id);
    if (!pending) return;
    worker.jobs.delete(message.id);
    if (worker.jobs.size === 0) {
      worker.thread.unref();
      worker.retire = setTimeout(() => this.retire(worker), this.options.idleMs ?? IDLE_WORKER_MS).unref();
    }
    pending.resolve('error' in message ? this.options.failed(pending.job, message.error) : message.result);
    this.dispatch();
  }

  /** Stops a worker that has had no job for a while. */
  private retire(worker: PoolWorker<Job, Result>): void {
    if (worker.jobs.size > 0) return;
    this.workers.delete(worker);
    void worker.thread.terminate();
  }

  /** A worker died: jobs it held run again alone, except one that was already the only job of a worker that died. */
  private died(worker: PoolWorker<Job, Result>, reason: string): void {
    this.workers.delete(worker);
    const held = [...worker.jobs.values()];
    if (!worker.ready) {
      this.queue.unshift(...held);
      this.giveUp(reason);
      this.dispatch();
      return;
    }
    this.options.log(`A worker thread stopped (${reason}); a new one takes over.`);
    const retry: Array<Pending<Job, Result>> = [];
    for (const pending of held) {
      if (pending.suspect) pending.resolve(this.options.failed(pending.job, `its worker thread stopped: ${reason}`));
      else retry.push({ ...pending, suspect: true });
    }
    this.queue.unshift(...retry);
    this.dispatch();
  }

  /** Workers cannot run here: every job from now on runs in this thread. */
  private giveUp(reason: string): void {
    if (this.script === null) return;
    this.script = null;
    this.options.log(`Jobs run without a worker thread from now on: ${reason}`);
  }

  private async runHere(pending: Pending<Job, Result>): Promise<void> {
    try {
      pending.resolve(await this.options.runHere(pending.job));
    } catch (error) {
      pending.resolve(this.options.failed(pending.job, error instanceof Error ? error.message : String(error)));
    }
  }
}
