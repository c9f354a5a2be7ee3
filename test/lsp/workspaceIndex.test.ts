/**
 * The workspace index over a host whose file reads the test finishes by hand,
 * in any order, as worker threads do: several reads run at once, and a read
 * that a change or a deletion overtook never brings back what it read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parsePlan } from '../../server/src/okr/parse/parser';
import type { Plan } from '../../server/src/okr/model/plan';
import type { PlansChangedParams } from '../../server/src/protocol';
import { PlanFileReader } from '../../server/src/diskPlanReader';
import { diskFiles } from '../../server/src/node/projectFiles';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/session/settings';
import { WorkspaceIndex } from '../../server/src/lsp/session/workspaceIndex';
import { REPO_ROOT } from '../support/lspServer';

const planTitled = (title: string): Plan => parsePlan(`# ${title}\n\n**Objective: Ship it**\n\n- KR: Reach 50% adoption\n- KR: Set up in 5 minutes\n`);

/** A read that the test finishes. */
interface ManualRead {
  file: string;
  finished: boolean;
  finish(plan: Plan | null): void;
}

/** An index whose reads wait for the test, with the notifications it sent. */
function indexWithManualReads(readsAtOnce: number) {
  const reads: ManualRead[] = [];
  const notified: PlansChangedParams[] = [];
  let waiter: (() => void) | null = null;
  const readWaiters: Array<{ count: number; resolve(): void }> = [];
  const index = new WorkspaceIndex({
    files: diskFiles,
    folders: () => [],
    folderOf: () => null,
    settingsFor: async () => DEFAULT_SETTINGS,
    declaredFor: async () => null,
    readPlan: (file) =>
      new Promise((resolve) => {
        const read: ManualRead = { file, finished: false, finish: (plan) => ((read.finished = true), resolve(plan)) };
        reads.push(read);
        for (const waiter of readWaiters.filter((waiter) => reads.length >= waiter.count)) waiter.resolve();
      }),
    readsAtOnce,
    notify: (params) => {
      notified.push(params);
      if (params.indexComplete) waiter?.();
    },
    log: (message) => assert.fail(message),
  });
  /** Resolves once the index says it read everything. */
  const completed = (): Promise<void> => new Promise((resolve) => (waiter = resolve));
  /** Resolves once `count` reads have started in all. */
  const readsStarted = (count: number): Promise<void> =>
    reads.length >= count ? Promise.resolve() : new Promise((resolve) => readWaiters.push({ count, resolve }));
  return { index, reads, notified, completed, readsStarted };
}

const fileUri = (name: string): string => diskFiles.toUri(`/handbook/okrs/${name}`);
const titles = (index: WorkspaceIndex): string[] => [...index.plans()].map((entry) => `${entry.uri.split('/').pop()}: ${entry.plan.title}`).sort();

describe('workspace index', () => {
  it('keeps several reads going at once, never more than the reader takes, and lists every plan', async () => {
    const { index, reads, completed, readsStarted } = indexWithManualReads(3);
    const names = Array.from({ length: 8 }, (_, n) => `team-${n}-OKR.md`);
    for (const name of names) index.enqueue(fileUri(name));
    await readsStarted(3);
    assert.equal(reads.length, 3, 'three reads at once, the others wait');
    const done = completed();
    for (let finished = 0; finished < names.length; finished++) {
      await readsStarted(Math.min(names.length, finished + 3));
      const unfinished = reads.filter((read) => !read.finished);
      assert.ok(unfinished.length <= 3, `${unfinished.length} reads at once`);
      // The newest read finishes first: the order must not matter.
      unfinished[unfinished.length - 1].finish(planTitled(`Plan ${finished}`));
    }
    await done;
    assert.equal(index.complete, true);
    assert.equal([...index.plans()].length, names.length);
  });

  it('keeps what a newer read found when an older read of the same file finishes last', async () => {
    const { index, reads, completed, readsStarted } = indexWithManualReads(4);
    index.enqueue(fileUri('a-OKR.md'));
    await readsStarted(1);
    index.enqueue(fileUri('a-OKR.md'));
    await readsStarted(2);
    const done = completed();
    reads[1].finish(planTitled('Saved again'));
    reads[0].finish(planTitled('First save'));
    await done;
    assert.deepEqual(titles(index), ['a-OKR.md: Saved again']);
  });

  it('leaves the saved file of a plan the editor just opened unread, and lists the editor\'s plan once it is read', async () => {
    const { index, reads, completed } = indexWithManualReads(2);
    index.opened(fileUri('open-OKR.md'));
    const done = completed();
    index.enqueue(fileUri('open-OKR.md'));
    index.enqueue(fileUri('saved-OKR.md'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(reads.map((read) => read.file.split('/').pop()), ['saved-OKR.md'], 'the open plan is not read from disk');
    reads[0].finish(planTitled('Saved'));
    await done;
    const plan = planTitled('Being edited');
    const doc = { text: '', lines: [], plan, structure: plan, chunks: [] };
    index.updateOpen(fileUri('open-OKR.md'), { uri: fileUri('open-OKR.md'), version: 1, doc, context: undefined as never, limitedToLines: null });
    assert.deepEqual(titles(index), ['open-OKR.md: Being edited', 'saved-OKR.md: Saved']);
  });

  it('does not bring back a file deleted while it was being read', async () => {
    const { index, reads, completed, readsStarted } = indexWithManualReads(4);
    index.enqueue(fileUri('kept-OKR.md'));
    index.enqueue(fileUri('gone-OKR.md'));
    await readsStarted(2);
    index.remove(fileUri('gone-OKR.md'));
    const done = completed();
    for (const read of reads) read.finish(planTitled('On disk'));
    await done;
    assert.deepEqual(titles(index), ['kept-OKR.md: On disk']);
  });
});

describe('plan files', () => {
  it('reads many plans on the worker threads of the server bundle, each file to its own plan, unreadable ones to null', async () => {
    const seeds = path.join(REPO_ROOT, 'test/fixtures/seeds');
    const folder = mkdtempSync(path.join(tmpdir(), 'okr-plan-files-'));
    const binary = path.join(folder, 'scan-OKR.md');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    const seedFiles = readdirSync(seeds).map((name) => path.join(seeds, name));
    const files = [...seedFiles, ...seedFiles, binary, path.join(folder, 'gone-OKR.md'), ...seedFiles];
    const logged: string[] = [];
    const reader = new PlanFileReader(path.join(REPO_ROOT, 'dist/server.js'), (message) => logged.push(message));
    const plans = await Promise.all(files.map((file) => reader.read(file, { ...DEFAULT_SETTINGS, declared: false })));
    const expected = files.map((file) => (file.startsWith(seeds) ? parsePlan(readFileSync(file, 'utf8')) : null));
    assert.deepEqual(plans, expected);
    assert.deepEqual(logged, []);
  });
});
