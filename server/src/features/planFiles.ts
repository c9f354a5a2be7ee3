/**
 * Reads plans that are not open from disk for the workspace index. Parsing
 * runs on a worker thread when one can be started, so indexing a large
 * workspace never holds up the editor's requests; without a worker it runs
 * in-process, one file at a time.
 */
import { promises as fs } from 'node:fs';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Plan } from '../okr/model';
import { parsePlan } from '../okr/parser';
import { limitText } from './documents';

/** The size limits a plan file is read with (`okr.maxFileSize`, `okr.maxLines`). */
export interface FileLimits {
  maxFileSize: number;
  maxLines: number;
}

/** What the worker thread is started with, so the server's bundle knows to serve reads. */
export const PLAN_READER_ROLE = 'okr-plan-reader';

interface ReadJob extends FileLimits {
  id: number;
  file: string;
}

interface ReadResult {
  id: number;
  plan: Plan | null;
  error: string | null;
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
    return limitText(cut, Number.MAX_SAFE_INTEGER, limits.maxLines, limits.maxFileSize).text;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/** Reads and parses one plan file; null when it cannot be read. */
export async function readPlanFile(file: string, limits: FileLimits): Promise<Plan | null> {
  const text = await readPlanText(file, limits);
  return text === null ? null : parsePlan(text);
}

/** Runs in the worker thread: answers each read request with the file's plan. */
export function servePlanReads(port: MessagePort): void {
  port.on('message', (job: ReadJob) => {
    const answer = (plan: Plan | null, error: string | null): void => port.postMessage({ id: job.id, plan, error } satisfies ReadResult);
    readPlanFile(job.file, job).then(
      (plan) => answer(plan, null),
      (error: unknown) => answer(null, error instanceof Error ? error.message : String(error)),
    );
  });
}

/** Reads plan files on a worker thread started from `script`, falling back to in-process reads if the worker cannot run. */
export class PlanFileReader {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { job: ReadJob; resolve: (plan: Plan | null) => void }>();
  private nextId = 0;

  constructor(
    private script: string | null,
    private readonly log: (message: string) => void,
  ) {}

  /** The plan in a file, or null when it cannot be read or parsed. */
  read(file: string, limits: FileLimits): Promise<Plan | null> {
    const job: ReadJob = { id: ++this.nextId, file, maxFileSize: limits.maxFileSize, maxLines: limits.maxLines };
    const worker = this.startWorker();
    if (!worker) return this.readHere(job);
    return new Promise((resolve) => {
      this.pending.set(job.id, { job, resolve });
      worker.postMessage(job);
    });
  }

  private async readHere(job: ReadJob): Promise<Plan | null> {
    try {
      return await readPlanFile(job.file, job);
    } catch (error) {
      this.log(`Reading ${job.file}: ${(error as Error).message}`);
      return null;
    }
  }

  private startWorker(): Worker | null {
    if (this.worker || this.script === null) return this.worker;
    try {
      const worker = new Worker(this.script, { workerData: { role: PLAN_READER_ROLE } });
      worker.unref();
      worker.on('message', ({ id, plan, error }: ReadResult) => {
        if (error) this.log(`Reading a plan file: ${error}`);
        this.pending.get(id)?.resolve(plan);
        this.pending.delete(id);
      });
      worker.on('error', (error) => this.stopWorker(error.message));
      worker.on('exit', (code) => this.stopWorker(`the worker exited with code ${code}`));
      this.worker = worker;
    } catch (error) {
      this.stopWorker((error as Error).message);
    }
    return this.worker;
  }

  /** Gives up on the worker for good and finishes its pending reads in-process. */
  private stopWorker(reason: string): void {
    if (this.script === null) return;
    this.log(`Indexing continues without a worker thread: ${reason}`);
    this.script = null;
    this.worker = null;
    for (const { job, resolve } of this.pending.values()) void this.readHere(job).then(resolve);
    this.pending.clear();
  }
}
