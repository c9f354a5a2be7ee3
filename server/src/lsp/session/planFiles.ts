/**
 * Reads plans that are not open from disk for the workspace index. Parsing
 * runs on a few worker threads when they can be started, so indexing a large
 * workspace never holds up the editor's requests; without them it runs
 * in-process.
 */
import { promises as fs } from 'node:fs';
import { emptyPlan, type Plan } from '../../okr/model/plan';
import { splitLines } from '../../okr/parse/markdown';
import { asDeclared, parseDocument } from '../../okr/parse/parser';
import { scanText } from '../../okr/parse/scan';
import { serveJobs, workerCount, WorkerPool } from '../../workerPool';
import { limitLines } from './documents';

/** The size limits a plan file is read with (`okr.maxFileSize`, `okr.maxLines`). */
export interface FileLimits {
  maxFileSize: number;
  maxLines: number;
}

/** What the worker threads are started with, so the server's bundle knows to serve reads. */
export const PLAN_READER_ROLE = 'okr-plan-reader';

/** How a plan file is read: within the size limits, and as a plan whatever its evidence when settings declare it one. */
export interface ReadOptions extends FileLimits {
  declared: boolean;
}

/** One file to read, as a worker thread receives it. */
interface ReadJob extends ReadOptions {
  file: string;
}

/** Reads the text of a plan file within the size limits; null when it cannot be read or is binary. */
export async function readPlanText(file: string, limits: FileLimits): Promise<string | null> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, limits.maxFileSize));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    if (text.includes('\0')) return null;
    const cut = bytesRead < size ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
    return limitLines(splitLines(cut), limits.maxLines, limits.maxFileSize).lines.join('\n');
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/** Reads and parses one plan file; null when it cannot be read. */
export async function readPlanFile(file: string, options: ReadOptions): Promise<Plan | null> {
  const text = await readPlanText(file, options);
  if (text === null) return null;
  // Most pages of a handbook cannot be plans: a line scan spares them the parse.
  if (!options.declared) {
    const scan = scanText(text);
    if (!scan.maybePlan) return { ...emptyPlan(), evidence: scan.reason === null ? [] : [scan.reason] };
  }
  return asDeclared(parseDocument(text), options.declared || null).plan;
}

/** Runs in a worker thread: answers each read job with the file's plan. */
export function servePlanReads(): void {
  serveJobs((job: ReadJob) => readPlanFile(job.file, job));
}

/** Reads plan files on worker threads started from `script`, or in-process when none can run. */
export class PlanFileReader {
  private readonly pool: WorkerPool<ReadJob, Plan | null>;

  constructor(script: string | null, log: (message: string) => void) {
    this.pool = new WorkerPool({
      script,
      role: PLAN_READER_ROLE,
      size: workerCount(),
      runHere: (job) => readPlanFile(job.file, job),
      failed: (job, reason) => {
        log(`Reading ${job.file}: ${reason}`);
        return null;
      },
      log,
    });
  }

  /** Reads that keep every worker thread busy; more only wait in line. */
  get capacity(): number {
    return this.pool.capacity;
  }

  /** The plan in a file, or null when it cannot be read or parsed. */
  read(file: string, options: ReadOptions): Promise<Plan | null> {
    return this.pool.run({ file, maxFileSize: options.maxFileSize, maxLines: options.maxLines, declared: options.declared });
  }
}
