/**
 * `okr history` on fixture repositories built here, with fixed dates: every
 * commit that changed a plan is a check-in, renames are followed, a merge
 * adds nothing of its own, and what moved is named exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { planChanges, summarizeCheckIn, type CheckIn } from '../../server/src/okr/history/checkIns';
import { parsePlan } from '../../server/src/okr/parse/parser';
import { forgetPlanHistories, gitHistoryReader, readPlanHistory, type HistoryProgress } from '../../server/src/node/planHistory';
import { writeHistoryRepository } from '../../bench/historyRepo';
import { PlanHistories, type HistoryReader } from '../../server/src/lsp/session/planHistories';
import { DEFAULT_SCORING } from '../../server/src/okr/model/scoring';
import { main as okr } from '../../server/src/cli';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** A git repository in a temp folder, committing as one author at the dates given. */
function repository(): { dir: string; commit(message: string, date: string): void; git(...args: string[]): string } {
  const dir = mkdtempSync(join(tmpdir(), 'okr-history-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Jane Doe', GIT_AUTHOR_EMAIL: 'jane@example.com', GIT_COMMITTER_NAME: 'Jane Doe', GIT_COMMITTER_EMAIL: 'jane@example.com' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    commit(message, date) {
      git('add', '-A');
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    },
  };
}

const plan = (statuses: [string, string, string?], progress: [string, string]): string => `# FY26Q4 OKR Plan

**Objective: Answer every customer within a day.**

- KR: 90% of first replies within 4 hours => ${progress[0]}
- KR: Backlog under 50 tickets => ${progress[1]}

| # | Status | Responsible | Project |
| - | ------ | ----------- | ------- |
| 1 | ${statuses[0]} | Jane | Triage bot |
| 2 | ${statuses[1]} | Jane | Weekly review |
${statuses[2] ? `| 3 | ${statuses[2]} | Jane | Macro cleanup |\n` : ''}`;

function history(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  return historyWith(process.env, cwd, ...args);
}

function historyWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'history', ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('each commit that changed a plan is a check-in, through a rename and a merge, with what moved', () => {
  const repo = repository();
  mkdirSync(join(repo.dir, 'support'));
  writeFileSync(join(repo.dir, 'support', 'OKR-draft.md'), plan(['Not started', 'Not started'], ['10%', '0%']));
  repo.commit('Draft the plan', '2026-10-01T10:00:00Z');
  writeFileSync(join(repo.dir, 'support', 'OKR-draft.md'), plan(['Done', 'Not started'], ['40%', '0%']));
  repo.commit('Weekly check-in', '2026-10-08T10:00:00Z');
  repo.git('mv', 'support/OKR-draft.md', 'support/FY26Q4-OKR-Plan.md');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'Not started', 'Not started'], ['40%', '0%']));
  repo.commit('Name the plan and add a task', '2026-10-15T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'side');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'Not started', 'Not started'], ['40%', '50%']));
  repo.commit('Backlog check-in', '2026-10-20T10:00:00Z');
  repo.git('checkout', '-q', 'main');
  writeFileSync(join(repo.dir, 'support', 'FY26Q4-OKR-Plan.md'), plan(['Done', 'In-progress', 'Not started'], ['40%', '0%']));
  repo.commit('Start the review', '2026-10-22T10:00:00Z');
  repo.git('-c', 'core.hooksPath=/dev/null', 'merge', '-q', '--no-edit', '-s', 'ort', '-X', 'theirs', 'side');

  const result = history(repo.dir, 'support/FY26Q4-OKR-Plan.md', '--json');
  assert.equal(result.stderr, '');
  const checkIns = JSON.parse(result.stdout) as CheckIn[];
  assert.deepEqual(checkIns.map((checkIn) => [checkIn.date.slice(0, 10), checkIn.path, checkIn.author]), [
    ['2026-10-01', 'support/OKR-draft.md', 'Jane Doe'],
    ['2026-10-08', 'support/OKR-draft.md', 'Jane Doe'],
    ['2026-10-15', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
    ['2026-10-20', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
    ['2026-10-22', 'support/FY26Q4-OKR-Plan.md', 'Jane Doe'],
  ]);
  const moved = checkIns.map((checkIn) => checkIn.changes.filter((change) => change.kind !== 'added').map((change) => `${change.kind} ${change.id ?? change.text}: ${change.from} → ${change.to}`));
  assert.deepEqual(moved, [
    [],
    ['status 1: Not started → Done', 'progress 90% of first replies within 4 hours: 10% → 40%'],
    [],
    ['progress Backlog under 50 tickets: 0% → 50%'],
    ['status 2: Not started → In-progress'],
  ]);
  assert.deepEqual(checkIns[2].changes.map((change) => [change.kind, change.item, change.id]), [['added', 'task', '3']], 'the rename commit adds only task 3');
  assert.equal(checkIns[0].changes.filter((change) => change.kind === 'added').length, 5, 'the first version adds its objective, key results and tasks');

  const text = history(repo.dir, 'support/FY26Q4-OKR-Plan.md', '--since', '2026-10-08');
  assert.match(text.stdout, /^2026-10-08 [0-9a-f]{8} Jane Doe {2}1 task status moved · KR "90% of first replies within 4…" 10% → 40%\n {2}task 1 "Triage bot": Not started → Done\n/);
  assert.doesNotMatch(text.stdout, /2026-10-01/);
});

test('outside a repository, with an unborn branch, or a bad date, history says so in one line', () => {
  const loose = mkdtempSync(join(tmpdir(), 'okr-no-git-'));
  writeFileSync(join(loose, 'plan.md'), plan(['Done', 'Done'], ['1%', '2%']));
  const outside = history(loose, 'plan.md');
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /^okr: plan\.md is not in a git repository: its history needs a clone\n$/);

  const empty = repository();
  writeFileSync(join(empty.dir, 'plan.md'), readFileSync(join(loose, 'plan.md')));
  assert.deepEqual(history(empty.dir, 'plan.md'), { code: 0, stdout: 'No check-ins.\n', stderr: '' });
  assert.equal(history(empty.dir, 'plan.md', '--since', 'last week').code, 2);
});

test('a repository cannot make history run its hooks, pager or external diff', () => {
  const repo = repository();
  writeFileSync(join(repo.dir, 'plan.md'), plan(['Done', 'Done'], ['1%', '2%']));
  repo.commit('Plan', '2026-10-01T10:00:00Z');
  const marker = join(repo.dir, 'ran');
  for (const [key, value] of [['core.pager', `touch ${marker}`], ['diff.external', `touch ${marker}`], ['core.fsmonitor', `touch ${marker}`], ['core.hooksPath', repo.dir]]) repo.git('config', key, value);
  writeFileSync(join(repo.dir, 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  const result = history(repo.dir, 'plan.md');
  assert.equal(result.code, 0);
  assert.throws(() => readFileSync(marker), 'nothing from the repository ran');
});

test('a check-in summary names what moved, and the first version adds everything', () => {
  const before = parsePlan(plan(['Not started', 'Done'], ['10%', '0%']));
  const after = parsePlan(plan(['Done', 'Done'], ['40%', '0%']));
  assert.equal(summarizeCheckIn(planChanges(before, after)), '1 task status moved · KR "90% of first replies within 4…" 10% → 40%');
  assert.equal(summarizeCheckIn(planChanges(after, after)), 'no change to objectives, key results or tasks');
  assert.ok(planChanges(null, after).every((change) => change.kind === 'added'));
});

/** Each check-in as `date path author: change, change`, a change as `kind id-or-text from → to`, for exact comparison. */
function digest(checkIns: readonly CheckIn[]): string[] {
  return checkIns.map((checkIn) => {
    const changes = checkIn.changes.map((change) => `${change.kind} ${change.id ?? change.text}${change.kind === 'added' || change.kind === 'removed' ? '' : `: ${change.from} → ${change.to}`}`);
    return `${checkIn.date.slice(0, 10)} ${checkIn.path} ${checkIn.author}: ${changes.join(', ')}`;
  });
}

const ADDED_ALL = 'added 1, added 2, added 90% of first replies within 4 hours, added Backlog under 50 tickets, added Answer every customer within a day.';

/** A repository with a plan changed by four commits, a day apart. */
function fourCheckIns(): ReturnType<typeof repository> {
  const repo = repository();
  const statuses = [['Not started', 'Not started'], ['Done', 'Not started'], ['Done', 'In-progress'], ['Done', 'Done']] as const;
  statuses.forEach(([first, second], index) => {
    writeFileSync(join(repo.dir, 'plan.md'), plan([first, second], ['10%', '0%']));
    repo.commit(`Check-in ${index}`, `2026-10-0${index + 1}T10:00:00Z`);
  });
  return repo;
}

test('git missing from PATH: history says so in one line', () => {
  const repo = fourCheckIns();
  const result = historyWith({ ...process.env, PATH: join(repo.dir, 'no-such-folder') }, repo.dir, 'plan.md');
  assert.deepEqual(result, { code: 2, stdout: '', stderr: 'okr: git is not installed: the history needs the git command\n' });
});

test('a shallow clone gives the check-ins it has, and says older ones are missing', async () => {
  const repo = fourCheckIns();
  const clone = mkdtempSync(join(tmpdir(), 'okr-shallow-'));
  execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo.dir}`, clone]);
  const read = await readPlanHistory(join(clone, 'plan.md'));
  assert.equal(read.shallow, true);
  // The oldest commit of the clone has no parent in it, so it adds everything.
  assert.deepEqual(digest(read.checkIns), [`2026-10-03 plan.md Jane Doe: ${ADDED_ALL}`, '2026-10-04 plan.md Jane Doe: status 2: In-progress → Done']);
  const text = history(clone, 'plan.md');
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^This clone is shallow: older check-ins are not in it\.\n2026-10-03 /);
});

test('a binary, huge or deleted version is left out, and the plan added again goes on', async () => {
  const repo = repository();
  const file = join(repo.dir, 'plan.md');
  writeFileSync(file, plan(['Not started', 'Not started'], ['10%', '0%']));
  repo.commit('Plan', '2026-10-01T10:00:00Z');
  writeFileSync(file, Buffer.from([0x23, 0x20, 0x00, 0xff, 0x0a]));
  repo.commit('Binary by mistake', '2026-10-02T10:00:00Z');
  writeFileSync(file, plan(['Done', 'Not started'], ['10%', '0%']));
  repo.commit('Text again', '2026-10-03T10:00:00Z');
  repo.git('rm', '-q', 'plan.md');
  repo.commit('Delete the plan', '2026-10-04T10:00:00Z');
  writeFileSync(file, plan(['Done', 'Done'], ['10%', '0%']));
  repo.commit('Add it again', '2026-10-05T10:00:00Z');
  writeFileSync(file, `${plan(['Done', 'Done'], ['10%', '0%'])}\n${'padding '.repeat(300_000)}\n`);
  repo.commit('Paste a huge log', '2026-10-06T10:00:00Z');
  writeFileSync(file, plan(['Done', 'Done'], ['50%', '0%']));
  repo.commit('Back to the plan', '2026-10-07T10:00:00Z');
  const read = await readPlanHistory(file);
  assert.deepEqual(digest(read.checkIns), [
    `2026-10-01 plan.md Jane Doe: ${ADDED_ALL}`,
    // A version whose parent has no text is compared with nothing.
    `2026-10-03 plan.md Jane Doe: ${ADDED_ALL}`,
    `2026-10-05 plan.md Jane Doe: ${ADDED_ALL}`,
    `2026-10-07 plan.md Jane Doe: ${ADDED_ALL}`,
  ]);
});

test('a chain of renames is followed back to the first name', async () => {
  const repo = repository();
  writeFileSync(join(repo.dir, 'a.md'), plan(['Not started', 'Not started'], ['10%', '0%']));
  repo.commit('a', '2026-10-01T10:00:00Z');
  repo.git('mv', 'a.md', 'b.md');
  writeFileSync(join(repo.dir, 'b.md'), plan(['Done', 'Not started'], ['10%', '0%']));
  repo.commit('a → b', '2026-10-02T10:00:00Z');
  mkdirSync(join(repo.dir, 'okrs'));
  repo.git('mv', 'b.md', 'okrs/c.md');
  repo.commit('b → c', '2026-10-03T10:00:00Z');
  writeFileSync(join(repo.dir, 'okrs', 'c.md'), plan(['Done', 'Done'], ['10%', '0%']));
  repo.commit('c', '2026-10-04T10:00:00Z');
  const read = await readPlanHistory(join(repo.dir, 'okrs', 'c.md'));
  assert.deepEqual(digest(read.checkIns), [
    `2026-10-01 a.md Jane Doe: ${ADDED_ALL}`,
    '2026-10-02 b.md Jane Doe: status 1: Not started → Done',
    '2026-10-03 okrs/c.md Jane Doe: ',
    '2026-10-04 okrs/c.md Jane Doe: status 2: Not started → Done',
  ]);
});

test('a merge that changed the plan on both sides: each side\'s commits once, in date order, the merge itself none', async () => {
  const repo = repository();
  const file = join(repo.dir, 'plan.md');
  writeFileSync(file, plan(['Not started', 'Not started'], ['10%', '0%']));
  repo.commit('Plan', '2026-10-01T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'side');
  writeFileSync(file, plan(['Done', 'Not started'], ['10%', '0%']));
  repo.commit('Side: task 1 done', '2026-10-02T10:00:00Z');
  writeFileSync(file, plan(['Done', 'Blocked'], ['10%', '0%']));
  repo.commit('Side: task 2 blocked', '2026-10-04T10:00:00Z');
  repo.git('checkout', '-q', 'main');
  writeFileSync(file, plan(['Not started', 'Not started'], ['40%', '0%']));
  repo.commit('Main: first replies', '2026-10-03T10:00:00Z');
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-10-05T10:00:00Z', GIT_COMMITTER_DATE: '2026-10-05T10:00:00Z' };
  execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Jane Doe', '-c', 'user.email=jane@example.com', 'merge', '-q', '--no-edit', 'side'], { cwd: repo.dir, env });
  assert.equal(readFileSync(file, 'utf8'), plan(['Done', 'Blocked'], ['40%', '0%']), 'the merge kept both sides');
  const commits = repo.git('log', '--format=%H %s', '--reverse', '--date-order').trim().split('\n');
  const read = await readPlanHistory(file);
  assert.deepEqual(read.checkIns.map((checkIn) => commits.find((line) => line.startsWith(checkIn.commit))?.slice(41)), ['Plan', 'Side: task 1 done', 'Main: first replies', 'Side: task 2 blocked']);
  assert.deepEqual(digest(read.checkIns).slice(1), [
    '2026-10-02 plan.md Jane Doe: status 1: Not started → Done',
    '2026-10-03 plan.md Jane Doe: progress 90% of first replies within 4 hours: 10% → 40%',
    '2026-10-04 plan.md Jane Doe: status 2: Not started → Blocked',
  ]);
});

test('a detached HEAD gives the history up to the commit checked out; an unborn branch none', async () => {
  const repo = fourCheckIns();
  repo.git('checkout', '-q', '--detach', 'HEAD~2');
  const read = await readPlanHistory(join(repo.dir, 'plan.md'));
  assert.deepEqual(digest(read.checkIns), [`2026-10-01 plan.md Jane Doe: ${ADDED_ALL}`, '2026-10-02 plan.md Jane Doe: status 1: Not started → Done']);

  const empty = repository();
  writeFileSync(join(empty.dir, 'plan.md'), plan(['Done', 'Done'], ['1%', '2%']));
  assert.deepEqual(await readPlanHistory(join(empty.dir, 'plan.md')), { checkIns: [], root: realpathSync(empty.dir), shallow: false });
  await assert.rejects(readPlanHistory(join(mkdtempSync(join(tmpdir(), 'okr-no-git-')), 'plan.md')), /is not in a git repository: its history needs a clone/);
});

test('a second read takes only the new commits, from memory or from the cache folder, and equals a full read', async () => {
  const repo = fourCheckIns();
  const file = join(repo.dir, 'plan.md');
  const cacheDir = mkdtempSync(join(tmpdir(), 'okr-history-cache-'));
  const gitFiles = (): string[] => readdirSync(join(repo.dir, '.git'), { recursive: true }).map(String).sort();
  const before = gitFiles();
  const progress: HistoryProgress[] = [];
  const first = await readPlanHistory(file, { cacheDir, onProgress: (step) => progress.push(step) });
  assert.equal(first.checkIns.length, 4);
  assert.deepEqual(progress.at(-1), { done: 4, total: 4 });

  writeFileSync(file, plan(['Blocked', 'Done'], ['10%', '0%']));
  repo.commit('Check-in 4', '2026-10-05T10:00:00Z');
  forgetPlanHistories();
  const steps: HistoryProgress[] = [];
  const next = await readPlanHistory(file, { cacheDir, onProgress: (step) => steps.push(step) });
  assert.deepEqual(steps, [{ done: 1, total: 1 }], 'only the new commit is read');
  forgetPlanHistories();
  assert.deepEqual(next, await readPlanHistory(file), 'the same as a full read');
  assert.equal(digest(next.checkIns)[4], '2026-10-05 plan.md Jane Doe: status 1: Done → Blocked');

  // HEAD moved to a commit that does not descend from the cached one: read again.
  repo.git('reset', '-q', '--hard', 'HEAD~3');
  writeFileSync(file, plan(['Done', 'Blocked'], ['10%', '0%']));
  repo.commit('Another way', '2026-10-06T10:00:00Z');
  const rewrittenSteps: HistoryProgress[] = [];
  const rewritten = await readPlanHistory(file, { cacheDir, onProgress: (step) => rewrittenSteps.push(step) });
  assert.deepEqual(digest(rewritten.checkIns).slice(2), ['2026-10-06 plan.md Jane Doe: status 2: Not started → Blocked']);
  assert.equal(rewritten.checkIns.length, 3);
  assert.deepEqual(rewrittenSteps, [{ done: 1, total: 1 }], 'the commits read before are taken as they were, by commit');
  forgetPlanHistories();
  assert.deepEqual(rewritten, await readPlanHistory(file), 'the same as a full read');

  // A corrupt cache file is no cache.
  for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), '{"format":1,"head":');
  forgetPlanHistories();
  assert.deepEqual(await readPlanHistory(file, { cacheDir }), rewritten);
  for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), JSON.stringify({ format: 1, root: repo.dir, path: 'plan.md', head: 'f'.repeat(40), shallow: [], checkIns: 'none' }));
  forgetPlanHistories();
  assert.deepEqual(await readPlanHistory(file, { cacheDir }), rewritten);
  // A cache file whose check-ins point past its tables, or one another version of okr wrote, is no cache either.
  const edit = (change: (cached: { checkIns: unknown[][]; lists: unknown[]; version: string }) => void): void => {
    for (const name of readdirSync(cacheDir)) {
      const cached = JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as { checkIns: unknown[][]; lists: unknown[]; version: string };
      change(cached);
      writeFileSync(join(cacheDir, name), JSON.stringify(cached));
    }
    forgetPlanHistories();
  };
  edit((cached) => (cached.checkIns[0][7] = cached.lists.length));
  assert.deepEqual(await readPlanHistory(file, { cacheDir }), rewritten);
  edit((cached) => {
    cached.version = '0.0.1-other';
    cached.checkIns[0][2] = 'Someone Else';
  });
  assert.deepEqual(await readPlanHistory(file, { cacheDir }), rewritten);
  assert.deepEqual(gitFiles().filter((name) => !before.includes(name) && !/^(objects|logs|refs)\b|ORIG_HEAD|index$/.test(name)), [], 'nothing written into .git');
  assert.equal(repo.git('status', '--porcelain'), '', 'nothing written into the repository');
  rmSync(cacheDir, { recursive: true, force: true });
});

test('a reading stops when its signal aborts, and reports its progress meanwhile', async () => {
  const repo = fourCheckIns();
  const controller = new AbortController();
  controller.abort(new Error('closed'));
  await assert.rejects(readPlanHistory(join(repo.dir, 'plan.md'), { signal: controller.signal }), /closed/);
  const later = new AbortController();
  const reading = readPlanHistory(join(repo.dir, 'plan.md'), { signal: later.signal });
  later.abort(new Error('closed'));
  await assert.rejects(reading, /closed/);
  forgetPlanHistories();
  assert.equal((await readPlanHistory(join(repo.dir, 'plan.md'))).checkIns.length, 4, 'the next reading gives the whole history');
});

/** A generated repository whose large plan has `commits` check-ins, renamed half way, at fixed dates. */
async function longHistory(commits: number): Promise<string> {
  const repo = await writeHistoryRepository(mkdtempSync(join(tmpdir(), 'okr-history-long-')), commits, 3);
  return join(repo.root, repo.large);
}

test('a cancelled reading keeps what it read: the next one reads only the rest, from memory or from the cache folder', async () => {
  const file = await longHistory(120);
  const cacheDir = mkdtempSync(join(tmpdir(), 'okr-history-cache-'));
  /** Reads until the first progress report, then cancels: what was read by then. */
  const cancelled = async (options: { cacheDir?: string }): Promise<HistoryProgress> => {
    const controller = new AbortController();
    let stoppedAt: HistoryProgress | null = null;
    const onProgress = (step: HistoryProgress): void => {
      if (stoppedAt || step.done >= step.total) return;
      stoppedAt = step;
      controller.abort(new Error('closed'));
    };
    await assert.rejects(readPlanHistory(file, { ...options, signal: controller.signal, onProgress }), /closed/);
    assert.ok(stoppedAt, 'the reading was stopped part way');
    return stoppedAt;
  };
  const rest = async (options: { cacheDir?: string }): Promise<{ steps: HistoryProgress[]; history: Awaited<ReturnType<typeof readPlanHistory>> }> => {
    const steps: HistoryProgress[] = [];
    return { steps, history: await readPlanHistory(file, { ...options, onProgress: (step) => steps.push(step) }) };
  };

  const inMemory = await cancelled({});
  assert.equal(inMemory.total, 120);
  const resumed = await rest({});
  assert.deepEqual(resumed.steps.at(-1), { done: 120 - inMemory.done, total: 120 - inMemory.done }, 'only the versions not read before');

  forgetPlanHistories();
  const onDisk = await cancelled({ cacheDir });
  forgetPlanHistories();
  const fromDisk = await rest({ cacheDir });
  assert.deepEqual(fromDisk.steps.at(-1), { done: 120 - onDisk.done, total: 120 - onDisk.done }, 'only the versions the cache folder lacks');

  forgetPlanHistories();
  const whole = await readPlanHistory(file);
  assert.equal(whole.checkIns.length, 120);
  assert.deepEqual(resumed.history, whole, 'the same as a reading never cancelled');
  assert.deepEqual(fromDisk.history, whole, 'the same as a reading never cancelled');
  rmSync(cacheDir, { recursive: true, force: true });
});

test('two readings of one plan at once are one reading; one caller cancelling leaves the other its history', async () => {
  const file = await longHistory(40);
  const progress: HistoryProgress[][] = [[], []];
  const [first, second] = await Promise.all(progress.map((steps) => readPlanHistory(file, { onProgress: (step) => steps.push(step) })));
  assert.equal(first.checkIns.length, 40);
  assert.ok(first.checkIns.every((checkIn, index) => checkIn === second.checkIns[index]), 'both got the check-ins of one reading');
  assert.deepEqual(progress.map((steps) => steps.at(-1)), [{ done: 40, total: 40 }, { done: 40, total: 40 }], 'both saw it progress');

  forgetPlanHistories();
  const controller = new AbortController();
  const leaving = readPlanHistory(file, { signal: controller.signal });
  const staying = readPlanHistory(file);
  controller.abort(new Error('closed'));
  await assert.rejects(leaving, /closed/);
  assert.deepEqual(await staying, first);
});

test('in the editor, a history forgotten while it is read stops being read, and whoever waited gets the reading after it', async () => {
  const repo = fourCheckIns();
  const uri = pathToFileURL(join(repo.dir, 'plan.md')).href;
  const readings: Array<{ aborted: boolean; checkIns: number | null }> = [];
  const changed: string[] = [];
  const reader: HistoryReader = {
    async read(file, options) {
      const reading = { aborted: false, checkIns: null as number | null };
      readings.push(reading);
      try {
        const history = await readPlanHistory(file, options);
        reading.checkIns = history.checkIns.length;
        return history;
      } finally {
        reading.aborted = options.signal.aborted;
      }
    },
    problem: gitHistoryReader.problem,
  };
  const histories = new PlanHistories(true, () => undefined, (forgotten) => changed.push(forgotten), reader, (planUri) => fileURLToPath(planUri));
  forgetPlanHistories();
  const waiting = histories.get(uri, DEFAULT_SCORING);
  await new Promise((resolve) => setImmediate(resolve));
  histories.forget(uri);
  const outcome = await waiting;
  assert.equal(outcome.history?.checkIns.length, 4);
  assert.deepEqual(readings, [{ aborted: true, checkIns: null }, { aborted: false, checkIns: 4 }]);
  assert.deepEqual(changed, [uri]);
  assert.equal(histories.settled(uri), outcome, 'the reading after it is the one remembered');
});

test('okr history stopped part way (Ctrl-C) says what it kept and exits 130; the next run reads only the rest', async () => {
  const file = await longHistory(120);
  const cacheDir = mkdtempSync(join(tmpdir(), 'okr-history-cache-'));
  const run = async (interrupt?: AbortController) => {
    const out: string[] = [];
    const err: string[] = [];
    const shown: string[] = [];
    const progress = (text: string): void => {
      shown.push(text);
      // The person presses Ctrl-C once the terminal shows the reading under way.
      if (text !== '' && interrupt && !interrupt.signal.aborted) interrupt.abort(new Error('stopped by SIGINT'));
    };
    forgetPlanHistories();
    const code = await okr(['history', file, '--json', '--cache', cacheDir], { out: (text) => out.push(String(text)), err: (text) => err.push(text), progress, interrupt: interrupt?.signal });
    return { code, out: out.join(''), err: err.join(''), shown };
  };
  const stopped = await run(new AbortController());
  assert.equal(stopped.code, 130);
  assert.equal(stopped.out, '', 'nothing half-read is printed');
  assert.equal(stopped.err, `okr: stopped. What was read is kept in ${cacheDir}; the next run goes on from there.\n`);
  const read = Number(/read (\d+) of 120 versions/.exec(stopped.shown[0])?.[1]);
  assert.ok(read > 0 && read < 120, `the terminal showed the reading part way: ${stopped.shown[0]}`);
  assert.equal(stopped.shown.at(-1), '', 'the progress line is cleared');

  const rest = await run();
  assert.equal(rest.code, 0);
  assert.match(rest.shown.filter((text) => text !== '').at(-1) ?? '', new RegExp(`^okr: read ${120 - read} of ${120 - read} versions$`), 'only the versions not read before');
  forgetPlanHistories();
  const whole = await readPlanHistory(file);
  assert.deepEqual(JSON.parse(rest.out).map((checkIn: CheckIn) => checkIn.commit), whole.checkIns.map((checkIn) => checkIn.commit));
  rmSync(cacheDir, { recursive: true, force: true });
});
