import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { WorkerPool } from '../../server/src/workerPool';
import { TEST_ROLE, type TestJob } from '../support/poolWorker';

/** The test worker bundled as the build bundles the server, once for all tests. */
const script = join(mkdtempSync(join(tmpdir(), 'okr-pool-')), 'poolWorker.js');
buildSync({ entryPoints: [join(__dirname, '..', 'support', 'poolWorker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });

/** A pool of `size` test workers, answering failures as `failed: reason`, with what it logged. */
function testPool(size: number, from: string | null = script, idleMs?: number, shareHere?: boolean): { pool: WorkerPool<TestJob, string>; logged: string[]; ranHere: string[] } {
  const logged: string[] = [];
  const ranHere: string[] = [];
  const pool = new WorkerPool<TestJob, string>({
    script: from,
    role: TEST_ROLE,
    size,
    runHere: async (job) => {
      ranHere.push(job.text);
      return `here: ${job.text}`;
    },
    failed: (job, reason) => `failed ${job.text}: ${reason}`,
    log: (message) => logged.push(message),
    idleMs,
    shareHere,
  });
  return { pool, logged, ranHere };
}

const words = (count: number): string[] => Array.from({ length: count }, (_, index) => `plan ${index}`);

test('answers every job with its own result when there are many more jobs than workers', async () => {
  const { pool, logged } = testPool(3);
  const answers = await Promise.all(words(50).map((text) => pool.run({ text })));
  assert.deepEqual(answers, words(50).map((text) => text.toUpperCase()));
  assert.deepEqual(logged, []);
});

test('shares the jobs between this thread and its workers when asked, answering each once', async () => {
  const { pool, logged, ranHere } = testPool(1, script, undefined, true);
  const answers = await Promise.all(words(30).map((text) => pool.run({ text })));
  assert.deepEqual(
    answers,
    words(30).map((text) => (ranHere.includes(text) ? `here: ${text}` : text.toUpperCase())),
  );
  assert.ok(ranHere.length > 0, 'this thread took jobs');
  assert.ok(ranHere.length < 30, 'the worker took jobs');
  assert.deepEqual(logged, []);
});

test('answers a job that throws with its error, and goes on with the others', async () => {
  const { pool } = testPool(2);
  const answers = await Promise.all([pool.run({ text: 'a' }), pool.run({ text: 'b', fail: 'throw' }), pool.run({ text: 'c' })]);
  assert.deepEqual(answers, ['A', 'failed b: cannot read b', 'C']);
});

test('survives a job that kills its worker: the other jobs are answered, the culprit fails once, and the pool keeps working', async () => {
  const { pool, logged, ranHere } = testPool(2);
  const jobs: TestJob[] = words(20).map((text, index) => (index === 7 ? { text, fail: 'exit' } : { text }));
  const answers = await Promise.all(jobs.map((job) => pool.run(job)));
  assert.deepEqual(
    answers.filter((answer) => answer.startsWith('failed')),
    ['failed plan 7: its worker thread stopped: it exited with code 3'],
  );
  assert.deepEqual(
    answers.filter((answer) => !answer.startsWith('failed')),
    words(20).filter((_, index) => index !== 7).map((text) => text.toUpperCase()),
  );
  assert.deepEqual(ranHere, [], 'jobs stay on worker threads');
  assert.equal(logged.filter((message) => message.includes('worker thread stopped')).length, 2, `the first death, then the culprit's own: ${logged.join('\n')}`);
  assert.deepEqual(await Promise.all([pool.run({ text: 'after' }), pool.run({ text: 'more' })]), ['AFTER', 'MORE']);
});

test('runs jobs in this thread, saying so once, when no worker can start', async () => {
  const { pool, logged, ranHere } = testPool(2, join(__dirname, 'no-such-worker.js'));
  const answers = await Promise.all(words(5).map((text) => pool.run({ text })));
  assert.deepEqual(answers, words(5).map((text) => `here: ${text}`));
  assert.deepEqual(ranHere.sort(), words(5).sort());
  assert.equal(logged.filter((message) => message.includes('without a worker thread')).length, 1, logged.join('\n'));
  assert.equal(await pool.run({ text: 'later' }), 'here: later');
});

test('without a script, every job runs in this thread', async () => {
  const { pool, logged } = testPool(4, null);
  assert.deepEqual(await Promise.all([pool.run({ text: 'x' }), pool.run({ text: 'y' })]), ['here: x', 'here: y']);
  assert.deepEqual(logged, []);
});

test('stops a worker that waited for work too long, and starts a new one for the next job', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { pool, logged } = testPool(1, script, 30_000);
  const first = await pool.run({ text: 'a', whichThread: true });
  t.mock.timers.tick(29_000);
  assert.equal(await pool.run({ text: 'b', whichThread: true }), first, 'a worker with work coming keeps running');
  t.mock.timers.tick(30_000);
  assert.notEqual(await pool.run({ text: 'c', whichThread: true }), first, 'the idle worker was stopped');
  assert.equal(await pool.run({ text: 'd' }), 'D');
  assert.deepEqual(logged, [], 'stopping an idle worker is no failure');
});
