/**
 * The history request over JSON-RPC, on a repository built here with fixed
 * dates: check-ins through a rename and a merge, the progress at each, the
 * last check-in, a re-read after a save and a commit, and one line instead
 * of a history outside a clone or in Restricted Mode.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeWatchedFilesNotification, DidSaveTextDocumentNotification, FileChangeType, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { PlanHistoryRequest, type PlanHistoryResult } from '../../server/src/protocol';
import { fileUri, startServer, type LspServer } from '../support/lspServer';

const AUTHORS = { ana: ['Ana Souza', 'ana@example.com'], bo: ['Bø "Lind" & Co', 'bo@example.com'] } as const;

/** A repository in a temp folder; each commit is made by one author at a fixed date. */
function repository(dir: string): { commit(message: string, date: string, author: keyof typeof AUTHORS): string; git(...args: string[]): string } {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.com' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  return {
    git,
    commit(message, date, author) {
      const [name, email] = AUTHORS[author];
      git('add', '-A');
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env: { ...env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
      return git('rev-parse', 'HEAD');
    },
  };
}

const plan = (statuses: string[], progress: [string, string]): string => `# FY26Q4 OKR Plan

**Objective: Answer every customer within a day.**

- KR: 90% of first replies within 4 hours => ${progress[0]}
- KR: Backlog under 50 tickets => ${progress[1]}

| # | Status | Responsible | Project |
| - | ------ | ----------- | ------- |
${statuses.map((status, index) => `| ${index + 1} | ${status} | Jane | Task ${index + 1} |`).join('\n')}
`;

describe('the plan history request', () => {
  let dir: string;
  let server: LspServer;
  let repo: ReturnType<typeof repository>;
  const commits: string[] = [];
  const file = (): string => join(dir, 'support', 'FY26Q4-OKR-Plan.md');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'okr-lsp-history-'));
    repo = repository(dir);
    mkdirSync(join(dir, 'support'));
    const draft = join(dir, 'support', 'OKR-draft.md');
    writeFileSync(draft, plan(['Not started', 'Not started'], ['10%', '0%']));
    commits.push(repo.commit('Draft the plan', '2026-10-01T10:00:00Z', 'ana'));
    writeFileSync(draft, plan(['Done', 'Not started'], ['40%', '0%']));
    commits.push(repo.commit('Weekly check-in', '2026-10-08T10:00:00Z', 'bo'));
    repo.git('mv', 'support/OKR-draft.md', 'support/FY26Q4-OKR-Plan.md');
    writeFileSync(file(), plan(['Done', 'Not started', 'Not started'], ['40%', '0%']));
    commits.push(repo.commit('Name the plan and add a task', '2026-10-15T10:00:00Z', 'ana'));
    repo.git('checkout', '-q', '-b', 'side');
    writeFileSync(file(), plan(['Done', 'Not started', 'Not started'], ['40%', '50%']));
    commits.push(repo.commit('Backlog check-in', '2026-10-20T10:00:00Z', 'bo'));
    repo.git('checkout', '-q', 'main');
    writeFileSync(file(), plan(['Done', 'In-progress', 'Not started'], ['40%', '0%']));
    commits.push(repo.commit('Start the review', '2026-10-22T10:00:00Z', 'ana'));
    repo.git('-c', 'core.hooksPath=/dev/null', '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'merge', '-q', '--no-edit', '-s', 'ort', '-X', 'theirs', 'side');
    server = await startServer({ workspaceFolders: [dir] });
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns every check-in through the rename and merge, the progress at each, and the last one', async () => {
    const uri = fileUri(file());
    const result = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
    assert.ok(result);
    assert.deepEqual(
      result.checkIns.map(({ date, author, path, previousPath, summary }) => [date.slice(0, 10), author, path, previousPath, summary]),
      [
        ['2026-10-01', 'Ana Souza', 'support/OKR-draft.md', null, '5 items added, removed or reworded'],
        ['2026-10-08', 'Bø "Lind" & Co', 'support/OKR-draft.md', 'support/OKR-draft.md', '1 task status moved · KR "90% of first replies within 4…" 10% → 40%'],
        ['2026-10-15', 'Ana Souza', 'support/FY26Q4-OKR-Plan.md', 'support/OKR-draft.md', '1 item added, removed or reworded'],
        ['2026-10-20', 'Bø "Lind" & Co', 'support/FY26Q4-OKR-Plan.md', 'support/FY26Q4-OKR-Plan.md', 'KR "Backlog under 50 tickets" 0% → 50%'],
        ['2026-10-22', 'Ana Souza', 'support/FY26Q4-OKR-Plan.md', 'support/FY26Q4-OKR-Plan.md', '1 task status moved'],
      ],
    );
    assert.deepEqual(result.checkIns.map((checkIn) => checkIn.commit), commits);
    assert.deepEqual(result.series, {
      objectives: [{ title: 'Answer every customer within a day.', owner: null, depth: 0 }],
      points: [
        { commit: commits[0], date: result.checkIns[0].date, tasksDone: 0, tasks: 2, scores: [0.05] },
        { commit: commits[1], date: result.checkIns[1].date, tasksDone: 1, tasks: 2, scores: [0.2] },
        { commit: commits[2], date: result.checkIns[2].date, tasksDone: 1, tasks: 3, scores: [0.2] },
        { commit: commits[3], date: result.checkIns[3].date, tasksDone: 1, tasks: 3, scores: [0.45] },
        { commit: commits[4], date: result.checkIns[4].date, tasksDone: 1, tasks: 3, scores: [0.2] },
      ],
    });
    assert.deepEqual(result.last, { commit: commits[4], date: result.checkIns[4].date, author: 'Ana Souza' });
    assert.equal(result.unavailable, null);
    assert.equal(result.shallow, false);
    assert.ok(result.root && file().startsWith(result.root));
    assert.equal(result.earlier, 0);
  });

  it('lists only the latest check-ins when asked for a few, each still diffed against the one before, and charts them all', async () => {
    const uri = fileUri(file());
    const whole = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
    const latest = await server.connection.sendRequest(PlanHistoryRequest.type, { uri, recent: 3 });
    assert.ok(whole && latest);
    assert.deepEqual(latest.checkIns, whole.checkIns.slice(-3));
    assert.equal(latest.checkIns[0].previousPath, 'support/OKR-draft.md', 'the first listed check-in renamed the plan from the version before it');
    assert.equal(latest.earlier, 2);
    assert.deepEqual(latest.series, whole.series);
    assert.deepEqual(latest.last, whole.last);
  });

  it('reads the history again after the plan is saved and committed', async () => {
    const uri = fileUri(file());
    const text = plan(['Done', 'Done', 'Not started'], ['80%', '50%']);
    writeFileSync(file(), text);
    await server.open(uri, text);
    const stale = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
    assert.equal(stale?.checkIns.length, 5, 'the remembered history until something moves');
    const commit = repo.commit('Weekly check-in', '2026-10-29T10:00:00Z', 'bo');
    await server.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const fresh = (await server.connection.sendRequest(PlanHistoryRequest.type, { uri })) as PlanHistoryResult;
    assert.deepEqual(fresh.last, { commit, date: '2026-10-29T10:00:00+00:00', author: 'Bø "Lind" & Co' });
    assert.equal(fresh.checkIns.at(-1)?.summary, '1 task status moved · KR "90% of first replies within 4…" 40% → 80%');
    assert.deepEqual(fresh.series.points.at(-1)?.scores, [0.65]);
    const hover = async (line: number): Promise<string> => ((await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 3 } }))?.contents as MarkupContent).value;
    assert.match(await hover(0), /\n\nLast check-in \d+ days ago, by Bø "Lind" & Co\.$/);
    assert.match(await hover(2), /^\*\*Objective score\*\*: 0\.65 \(yellow\), average of 2 of 2 scored\.\n\nLast check-in \d+ days ago, by Bø "Lind" & Co\.$/);
  });

  it('reads it again when HEAD moves, as after a commit made elsewhere', async () => {
    const uri = fileUri(file());
    writeFileSync(file(), plan(['Done', 'Done', 'Done'], ['80%', '50%']));
    const commit = repo.commit('Close the quarter', '2026-11-05T10:00:00Z', 'ana');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, '.git', 'refs', 'heads', 'main')), type: FileChangeType.Changed }] });
    const fresh = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
    assert.equal(fresh?.last?.commit, commit);
    assert.equal(fresh?.series.points.at(-1)?.tasksDone, 3);
  });

  it('says in one line that a plan outside a clone has no history', async () => {
    const loose = mkdtempSync(join(tmpdir(), 'okr-lsp-no-git-'));
    try {
      writeFileSync(join(loose, 'plan.md'), plan(['Done'], ['1%', '2%']));
      const result = await server.connection.sendRequest(PlanHistoryRequest.type, { uri: fileUri(join(loose, 'plan.md')) });
      assert.deepEqual(result, { uri: fileUri(join(loose, 'plan.md')), unavailable: 'History needs a local clone: this plan is not in a git repository.', root: null, checkIns: [], earlier: 0, series: { objectives: [], points: [] }, last: null, shallow: false });
      const untitled = await server.connection.sendRequest(PlanHistoryRequest.type, { uri: 'untitled:Untitled-1' });
      assert.equal(untitled?.unavailable, 'History needs a local clone: this plan is not a file on disk.');
      assert.deepEqual(server.internalErrors(), []);
    } finally {
      rmSync(loose, { recursive: true, force: true });
    }
  });
});

describe('the plan history request in Restricted Mode', () => {
  it('reads nothing from the repository until the workspace is trusted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okr-lsp-restricted-'));
    const repo = repository(dir);
    writeFileSync(join(dir, 'plan.md'), plan(['Done'], ['1%', '2%']));
    repo.commit('Plan', '2026-10-01T10:00:00Z', 'ana');
    const server = await startServer({ workspaceFolders: [dir], initializationOptions: { trusted: false } });
    try {
      const uri = fileUri(join(dir, 'plan.md'));
      const restricted = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
      assert.equal(restricted?.unavailable, 'History is off in Restricted Mode: trust the workspace to read its git history.');
      assert.deepEqual(restricted?.checkIns, []);
      await server.connection.sendNotification('okr/workspaceTrusted');
      const trusted = await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
      assert.equal(trusted?.unavailable, null);
      assert.equal(trusted?.last?.author, 'Ana Souza');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the plan history kept in the editor\'s storage folder', () => {
  it('is written there, never into the repository, and the next session reads it from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okr-lsp-kept-'));
    const storage = join(mkdtempSync(join(tmpdir(), 'okr-lsp-storage-')), 'workspace-1');
    const repo = repository(dir);
    const uri = fileUri(join(dir, 'plan.md'));
    [['Not started', 'Not started'], ['Done', 'Not started'], ['Done', 'Done']].forEach((statuses, index) => {
      writeFileSync(join(dir, 'plan.md'), plan(statuses, ['10%', '0%']));
      repo.commit(`Check-in ${index}`, `2026-10-0${index + 1}T10:00:00Z`, 'ana');
    });
    const session = async (initializationOptions: Record<string, unknown>): Promise<PlanHistoryResult | null> => {
      const server = await startServer({ workspaceFolders: [dir], initializationOptions });
      try {
        return await server.connection.sendRequest(PlanHistoryRequest.type, { uri });
      } finally {
        await server.stop();
      }
    };
    try {
      const first = await session({ storageFolder: storage });
      assert.equal(first?.checkIns.length, 3);
      assert.equal(readdirSync(storage).filter((name) => /^history-[0-9a-f]+\.json$/.test(name)).length, 1);
      assert.equal(repo.git('status', '--porcelain'), '', 'nothing written into the repository');
      // The plan's versions go from the repository: only what the storage folder kept can give its history now.
      for (const blob of repo.git('log', '--format=', '--raw', '--no-abbrev', '--', 'plan.md').split('\n').map((line) => line.split(' ')[3])) {
        unlinkSync(join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      }
      assert.deepEqual(await session({ storageFolder: storage }), first);
      assert.equal((await session({ storageFolder: 'relative/folder' }))?.checkIns.length, 0, 'a folder that is not absolute keeps nothing, and git has no versions left');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(storage, { recursive: true, force: true });
    }
  });
});
