/**
 * The desktop's reader of plans that are not open: parsing runs on a few
 * worker threads when they can be started, so indexing a large workspace
 * never holds up the editor's requests; without them it runs in-process.
 */
import { diskFiles } from './node/projectFiles';
import { readPlanFile, type PlanReader, type ReadOptions } from './lsp/session/planFiles';
import type { Plan } from './okr/model/plan';
import { serveJobs, workerCount, WorkerPool } from './workerPool';

/** What the worker threads are started with, so the server's bundle knows to serve reads. */
export const PLAN_READER_ROLE = 'okr-plan-reader';

/** One file to read, as a worker thread receives it. */
interface ReadJob extends ReadOptions {
  file: string;
}

/** Runs in a worker thread: answers each read job with the file's plan. */
export function servePlanReads(): void {
  serveJobs((job: ReadJob) => readPlanFile(diskFiles, job.file, job));
}

/** Reads plan files on worker threads started from `script`, or in-process when none can run. */
export class PlanFileReader implements PlanReader {
  private readonly pool: WorkerPool<ReadJob, Plan | null>;

  constructor(script: string | null, log: (message: string) => void) {
    this.pool = new WorkerPool({
      script,
      role: PLAN_READER_ROLE,
      size: workerCount(),
      runHere: (job) => readPlanFile(diskFiles, job.file, job),
      failed: (job, reason) => {
        log(`Reading ${job.file}: ${reason}`);
        return null;
      },
      log,
    });
  }

  get capacity(): number {
    return this.pool.capacity;
  }

  read(file: string, options: ReadOptions): Promise<Plan | null> {
    return this.pool.run({ file, maxFileSize: options.maxFileSize, maxLines: options.maxLines, declared: options.declared });
  }
}
