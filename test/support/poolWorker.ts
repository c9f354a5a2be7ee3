/**
 * The worker thread of the worker-pool tests: upper-cases a job's text, or
 * fails the way a hostile input can make a worker fail: by throwing, or by
 * ending its thread; or tells which thread it ran on.
 */
import { threadId } from 'node:worker_threads';
import { serveJobs, workerRole } from '../../server/src/workerPool';

/** A job of the pool tests. */
export interface TestJob {
  text: string;
  fail?: 'throw' | 'exit';
  /** Answer with the worker's thread id instead. */
  whichThread?: boolean;
}

/** The role the tests start this script's workers with. */
export const TEST_ROLE = 'pool-test';

if (workerRole() === TEST_ROLE) {
  serveJobs((job: TestJob) => {
    if (job.fail === 'exit') process.exit(3);
    if (job.fail === 'throw') throw new Error(`cannot read ${job.text}`);
    return job.whichThread ? String(threadId) : job.text.toUpperCase();
  });
}
