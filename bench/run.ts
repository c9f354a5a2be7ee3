/**
 * `npm run bench`: measures the bundled language server and CLI on generated
 * plans, next to a full remark+gfm parse and markdownlint on the same files,
 * prints a table with the performance goals, and writes a JSON report.
 *
 *   --sizes=1k,10k,1mb     plan sizes (also 100k, or e.g. 5k / 2mb)
 *   --workspace=1000       plans in the workspace-index run (0 skips it)
 *   --check-files=200      plans given to `okr check` and markdownlint
 *   --handbook=2000        pages of a handbook with 2% plans given to `okr check`, markdownlint and
 *                          the language server's workspace index (0 skips it)
 *   --history=10000        commits of a generated plan history read by `okr history` (0 skips it)
 *   --out=.bench/report.json
 */
import { execFileSync } from 'node:child_process';
import { writeHistoryRepository } from './historyRepo';
import { forgetPlanHistories, readPlanHistory } from '../server/src/node/planHistory';
import { computePlanHistory } from '../server/src/lsp/features/planHistory';
import { CHECK_IN_LIMIT } from '../client/src/views/progressModel';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../test/support/lspServer';
import { generatePlan, type PlanSize } from './generatePlan';
import { figure, formatTable, writeReport, type Goal, type Row } from './report';
import { completionAfterEdit, documentSymbolAfterEdit, editToDiagnostics, indexHandbook, indexWorkspace, openToDiagnostics, timeCommand, writeHandbook, writeWorkspace, type HeapReport } from './scenarios';
import { summarise } from './stats';

const MB = 1024 * 1024;

interface Options {
  sizes: string[];
  workspace: number;
  checkFiles: number;
  handbook: number;
  history: number;
  out: string;
}

/** How many times each step runs at a size: fewer for sizes whose baselines take seconds. */
interface Runs {
  baseline: number;
  open: number;
  edits: number;
  requests: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: string): string => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  return {
    sizes: value('sizes', '1k,10k,1mb').split(',').filter(Boolean),
    workspace: Number(value('workspace', '1000')),
    checkFiles: Number(value('check-files', '200')),
    handbook: Number(value('handbook', '2000')),
    history: Number(value('history', '10000')),
    out: path.resolve(REPO_ROOT, value('out', '.bench/report.json')),
  };
}

/** `10k` is ten thousand lines; `1mb` is one mebibyte. */
function planSize(name: string): PlanSize {
  const match = /^(\d+(?:\.\d+)?)(k|mb)$/i.exec(name);
  if (!match) throw new Error(`size must look like 10k (lines) or 1mb: ${name}`);
  const amount = Number(match[1]);
  return match[2].toLowerCase() === 'k' ? { lines: amount * 1000 } : { bytes: Math.round(amount * MB) };
}

function runsFor(bytes: number): Runs {
  if (bytes < 100_000) return { baseline: 10, open: 5, edits: 40, requests: 40 };
  if (bytes < 600_000) return { baseline: 5, open: 3, edits: 40, requests: 40 };
  if (bytes < 2 * MB) return { baseline: 3, open: 3, edits: 20, requests: 20 };
  return { baseline: 1, open: 1, edits: 10, requests: 10 };
}

/** What one plan size measured, for the goals. */
interface SizeResult {
  size: string;
  bytes: number;
  remark: number;
  markdownlint: number;
  open: Row;
  whole: Row;
  edit: Row;
  completion: Row;
  heap: HeapReport | undefined;
}

async function benchSize(name: string, scratch: string, rows: Row[]): Promise<SizeResult> {
  const text = generatePlan(planSize(name), 1);
  const bytes = Buffer.byteLength(text);
  const size = `${name} (${text.split('\n').length - 1} lines, ${(bytes / MB).toFixed(2)} MB)`;
  const runs = runsFor(bytes);
  log(`${size}: baselines`);
  const planFile = path.join(scratch, `plan-${name}.md`);
  writeFileSync(planFile, text);
  const timed = timeBaselines(runs.baseline, [planFile]);
  const remark = summarise(timed.remark);
  const markdownlint = summarise(timed.markdownlint);
  const baselines = { remark: remark.p50, markdownlint: markdownlint.p50 };
  rows.push({ measure: 'baseline: remark+gfm full parse', size, unit: 'ms', summary: remark, ...baselines });
  rows.push({ measure: 'baseline: markdownlint', size, unit: 'ms', summary: markdownlint, ...baselines });

  log(`${size}: open → first diagnostics (${runs.open} fresh servers)`);
  const openSamples: number[] = [];
  const wholeSamples: number[] = [];
  let opened: Awaited<ReturnType<typeof openToDiagnostics>> | undefined;
  for (let run = 0; run < runs.open; run++) {
    if (opened) await opened.bench.server.stop();
    opened = await openToDiagnostics(mkdtempSync(path.join(scratch, 'open-')), text);
    openSamples.push(opened.ms);
    wholeSamples.push(opened.wholeMs);
  }
  const { bench, uri } = opened!;
  const open: Row = { measure: 'open → first diagnostics', size, unit: 'ms', summary: summarise(openSamples), ...baselines };
  rows.push(open);
  const whole: Row = { measure: 'open → outline (whole plan read)', size, unit: 'ms', summary: summarise(wholeSamples), ...baselines };
  rows.push(whole);

  log(`${size}: one-character edits → diagnostics`);
  const edit: Row = { measure: 'edit → diagnostics', size, unit: 'ms', summary: summarise(await editToDiagnostics(bench.server, uri, runs.edits, 11)), ...baselines };
  rows.push(edit);

  log(`${size}: completion right after typing`);
  const completions = await completionAfterEdit(bench.server, uri, 12, (run) => run < runs.requests);
  const emptyCompletions = completions.items.filter((count) => count === 0).length;
  const completion: Row = {
    measure: 'completion after an edit',
    size,
    unit: 'ms',
    summary: summarise(completions.samples),
    ...baselines,
    note: emptyCompletions > 0 ? `${emptyCompletions} of ${completions.items.length} returned no items` : `${summarise(completions.items).p50} items`,
  };
  rows.push(completion);

  log(`${size}: documentSymbol right after typing`);
  rows.push({ measure: 'documentSymbol after an edit', size, unit: 'ms', summary: summarise(await documentSymbolAfterEdit(bench.server, uri, runs.requests, 13)), ...baselines });

  const heap = await bench.heap();
  const peakRss = bench.server.peakMemoryBytes();
  if (heap) {
    const heapNote = `text ${(bytes / MB).toFixed(2)} MB; peak sampled heap ${(heap.peakHeapUsed / MB).toFixed(1)} MB`;
    rows.push({ measure: 'server heap after GC, plan open', size, unit: 'MB', summary: summarise([heap.heapUsed / MB]), note: heapNote });
  }
  if (peakRss !== undefined) rows.push({ measure: 'server peak RSS (VmHWM)', size, unit: 'MB', summary: summarise([peakRss / MB]) });
  await bench.server.stop();
  return { size: name, bytes, remark: remark.p50, markdownlint: markdownlint.p50, open, whole, edit, completion, heap };
}

async function benchWorkspace(options: Options, scratch: string, rows: Row[], goals: Goal[]): Promise<void> {
  const folder = mkdtempSync(path.join(scratch, 'workspace-'));
  log(`writing a workspace of ${options.workspace} plans`);
  const workspace = writeWorkspace(folder, Math.max(options.workspace, options.checkFiles), 1000);
  const checkFiles = workspace.files.slice(0, options.checkFiles);
  const checkBytes = checkFiles.reduce((total, file) => total + Buffer.byteLength(readFileSync(file)), 0);
  const checkSize = `${checkFiles.length} plans, ${(checkBytes / MB).toFixed(2)} MB`;

  log(`okr check and markdownlint on ${checkSize}`);
  const remarkMs = summarise(timeBaselines(3, checkFiles).remark).p50;
  const throughput = (samples: number[]): number[] => samples.map((ms) => checkBytes / MB / (ms / 1000));
  const repeat = async (times: number, command: () => Promise<number>): Promise<number[]> => {
    const samples: number[] = [];
    for (let run = 0; run < times; run++) samples.push(await command());
    return samples;
  };
  const markdownlint = summarise(throughput(await repeat(3, () => timeCommand(process.execPath, [path.join(REPO_ROOT, 'bench/markdownlintFiles.mjs'), ...checkFiles]))));
  const remarkThroughput = checkBytes / MB / (remarkMs / 1000);
  const okrCheck = summarise(throughput(await repeat(3, () => timeCommand(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'check', ...checkFiles]))));
  const throughputBaselines = { remark: remarkThroughput, markdownlint: markdownlint.p50 };
  rows.push({ measure: 'baseline: markdownlint (process) throughput', size: checkSize, unit: 'MB/s', summary: markdownlint, ...throughputBaselines });
  rows.push({ measure: 'okr check throughput', size: checkSize, unit: 'MB/s', summary: okrCheck, ...throughputBaselines, note: 'remark figure: in-process parse only' });
  goals.push({
    goal: '`okr check` throughput ≥ markdownlint on the same files',
    measured: `${figure(okrCheck.p50, 'MB/s')} vs ${figure(markdownlint.p50, 'MB/s')}`,
    holds: okrCheck.p50 >= markdownlint.p50,
  });

  if (options.handbook > 0) {
    const handbookFolder = path.join(folder, 'handbook');
    const handbook = writeHandbook(handbookFolder, options.handbook, 0.02, 3000);
    const handbookSize = `${handbook.files.length} pages (${handbook.plans.length} plans), ${(handbook.bytes / MB).toFixed(1)} MB`;
    log(`okr check and markdownlint on a handbook of ${handbookSize}`);
    const lintMs = summarise(await repeat(3, () => timeCommand(process.execPath, [path.join(REPO_ROOT, 'bench/markdownlintFiles.mjs'), ...handbook.files])));
    const okrMs = summarise(await repeat(3, () => timeCommand(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'check', handbookFolder])));
    const handbookBaselines = { markdownlint: lintMs.p50 };
    rows.push({ measure: 'baseline: markdownlint (process) on a handbook', size: handbookSize, unit: 'ms', summary: lintMs, ...handbookBaselines });
    rows.push({ measure: 'okr check on a handbook', size: handbookSize, unit: 'ms', summary: okrMs, ...handbookBaselines, note: 'pages that cannot be plans are skipped by a line scan' });
    goals.push({
      goal: '`okr check` on a handbook with 2% plans ≤ 1/4 of markdownlint\'s time',
      measured: `${figure(okrMs.p50, 'ms')} vs ${figure(lintMs.p50, 'ms')} (limit ${figure(lintMs.p50 / 4, 'ms')})`,
      holds: okrMs.p50 <= lintMs.p50 / 4,
    });
    log(`indexing the handbook in the language server`);
    const indexed = await indexHandbook(handbookFolder, handbook.plans.length, 300_000);
    rows.push({ measure: 'workspace index of a handbook (launch → all plans listed)', size: handbookSize, unit: 'ms', summary: summarise([indexed.indexMs]), ...handbookBaselines });
    goals.push({
      goal: 'the language server indexes a handbook with 2% plans in ≤ 1/4 of markdownlint\'s time on its pages',
      measured: `${figure(indexed.indexMs, 'ms')} vs ${figure(lintMs.p50, 'ms')} (limit ${figure(lintMs.p50 / 4, 'ms')})`,
      holds: indexed.indexMs <= lintMs.p50 / 4,
    });
    rmSync(handbookFolder, { recursive: true, force: true });
  }

  if (options.workspace <= 0) return;
  log(`indexing a workspace of ${options.workspace} plans (${(workspace.bytes / MB).toFixed(1)} MB) while typing in a 10k-line plan`);
  for (const file of workspace.files.slice(options.workspace)) rmSync(file);
  const workspaceBytes = workspace.files.slice(0, options.workspace).reduce((total, file) => total + Buffer.byteLength(readFileSync(file)), 0);
  const size = `${options.workspace} plans, ${(workspaceBytes / MB).toFixed(1)} MB`;
  const openText = generatePlan({ lines: 10_000 }, 2);
  const estimated = (mbPerSecond: number): number => (workspaceBytes / MB / mbPerSecond) * 1000;
  try {
    const result = await indexWorkspace(folder, options.workspace + 1, openText, 180_000);
    rows.push({
      measure: 'workspace index (launch → all plans listed)',
      size,
      unit: 'ms',
      summary: summarise([result.indexMs]),
      remark: estimated(remarkThroughput),
      markdownlint: estimated(markdownlint.p50),
      note: 'baselines estimated from their throughput above',
    });
    rows.push({ measure: 'open a 10k-line plan while indexing → diagnostics', size, unit: 'ms', summary: summarise([result.openMs]) });
    const during = summarise(result.completionDuringIndex);
    rows.push({ measure: 'completion while indexing (10k-line plan)', size, unit: 'ms', summary: during });
    if (result.peakRss !== undefined) rows.push({ measure: 'server peak RSS while indexing', size, unit: 'MB', summary: summarise([result.peakRss / MB]) });
    goals.push({
      goal: 'workspace of 1,000 plans indexed ≤ 20 s, editor responsive (completion p95 ≤ 50 ms meanwhile)',
      measured: `${(result.indexMs / 1000).toFixed(1)} s for ${options.workspace} plans; completion p95 ${figure(during.p95, 'ms')}, max ${figure(during.max, 'ms')} over ${during.runs} requests`,
      holds: options.workspace >= 1000 && result.indexMs <= 20_000 && during.p95 <= 50,
    });
  } catch (error) {
    rows.push({ measure: 'workspace index', size, unit: 'ms', summary: summarise([Number.NaN]), note: String(error).slice(0, 200) });
    goals.push({ goal: 'workspace of 1,000 plans indexed ≤ 20 s', measured: String(error).split('\n')[0], holds: false });
  }
}

/**
 * `okr history` on a generated history: the first read of a plan with
 * thousands of commits, the second (from the cache folder), the read after
 * one more commit (next to `okr outline`, which parses one version), the
 * editor's second read and the progress page's data from its storage folder,
 * and a plan with 30 commits in the same repository, each next to
 * `git log --follow` listing the same commits.
 */
async function benchHistory(commits: number, scratch: string, rows: Row[], goals: Goal[]): Promise<void> {
  log(`writing a history of ${commits} commits with git fast-import`);
  const written = performance.now();
  const repo = await writeHistoryRepository(path.join(scratch, 'history'), commits, 30);
  log(`written in ${((performance.now() - written) / 1000).toFixed(1)} s`);
  const cli = path.join(REPO_ROOT, 'dist/cli.js');
  const repeat = async (times: number, command: () => Promise<number>): Promise<number[]> => {
    const samples: number[] = [];
    for (let run = 0; run < times; run++) samples.push(await command());
    return samples;
  };
  const gitLog = (relative: string): Promise<number> => timeCommand('git', ['-C', repo.root, 'log', '--follow', '--oneline', '--', relative]);
  const okrHistory = (relative: string, cacheDir: string): Promise<number> => timeCommand(process.execPath, [cli, 'history', path.join(repo.root, relative), '--json', '--cache', cacheDir]);
  const large = `${commits} commits, a rename`;
  const small = `30 commits, in the same repository`;
  const largeLog = summarise(await repeat(3, () => gitLog(repo.large)));
  const smallLog = summarise(await repeat(3, () => gitLog(repo.small)));
  const versus = (ms: number, baseline: number): string => `${(ms / baseline).toFixed(ms >= baseline * 10 ? 0 : 2)}× git log --follow`;
  rows.push({ measure: 'baseline: git log --follow --oneline', size: large, unit: 'ms', summary: largeLog });
  rows.push({ measure: 'baseline: git log --follow --oneline', size: small, unit: 'ms', summary: smallLog });

  const cacheDir = path.join(scratch, 'history-cache');
  log(`okr history: first read of ${commits} commits`);
  const first = summarise([await okrHistory(repo.large, cacheDir)]);
  rows.push({ measure: 'okr history: first read', size: large, unit: 'ms', summary: first, note: versus(first.p50, largeLog.p50) });
  log('okr history: second read, from the cache folder');
  const second = summarise(await repeat(3, () => okrHistory(repo.large, cacheDir)));
  rows.push({ measure: 'okr history: second read (cache)', size: large, unit: 'ms', summary: second, note: versus(second.p50, largeLog.p50) });
  const start = summarise(await repeat(3, () => timeCommand(process.execPath, [cli, '--version'])));
  rows.push({ measure: 'baseline: okr --version (process start)', size: '', unit: 'ms', summary: start });
  const outline = summarise(await repeat(3, () => timeCommand(process.execPath, [cli, 'outline', path.join(repo.root, repo.large)])));
  rows.push({ measure: 'baseline: okr outline (one version parsed)', size: '', unit: 'ms', summary: outline });
  // What the editor does when it opens the plan again: after a restart, from its storage folder; then from memory.
  const inProcess = async (): Promise<number> => {
    const started = performance.now();
    await readPlanHistory(path.join(repo.root, repo.large), { cacheDir });
    return performance.now() - started;
  };
  // The progress page's answer on top: the check-ins' summaries and the series its charts draw, as sent to the editor.
  const pageData = async (): Promise<number> => {
    const started = performance.now();
    const uri = pathToFileURL(path.join(repo.root, repo.large)).href;
    JSON.stringify(computePlanHistory(uri, { history: await readPlanHistory(path.join(repo.root, repo.large), { cacheDir }), unavailable: null }, CHECK_IN_LIMIT));
    return performance.now() - started;
  };
  const forgetting = <T>(read: () => Promise<T>) => (): Promise<T> => {
    forgetPlanHistories();
    return read();
  };
  const fromDisk = summarise(await repeat(3, forgetting(inProcess)));
  const fromMemory = summarise(await repeat(3, inProcess));
  const page = summarise(await repeat(3, forgetting(pageData)));
  rows.push({ measure: 'in the editor: second read, from its storage folder', size: large, unit: 'ms', summary: fromDisk, note: versus(fromDisk.p50, largeLog.p50) });
  rows.push({ measure: 'in the editor: second read, from memory', size: large, unit: 'ms', summary: fromMemory, note: versus(fromMemory.p50, largeLog.p50) });
  rows.push({ measure: 'in the editor: progress page data, from its storage folder', size: large, unit: 'ms', summary: page, note: versus(page.p50, largeLog.p50) });
  const file = path.join(repo.root, repo.large);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/=> \d+%/, '=> 99%'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: '2030-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2030-01-01T00:00:00Z' };
  execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-am', 'One more check-in'], { cwd: repo.root, env });
  const afterCommit = summarise([await okrHistory(repo.large, cacheDir)]);
  rows.push({ measure: 'okr history: after one new commit (cache)', size: large, unit: 'ms', summary: afterCommit, note: versus(afterCommit.p50, largeLog.p50) });
  let fresh = 0;
  const smallFirst = summarise(await repeat(3, () => okrHistory(repo.small, path.join(scratch, `history-cache-small-${fresh++}`))));
  rows.push({ measure: 'okr history: first read', size: small, unit: 'ms', summary: smallFirst, note: versus(smallFirst.p50, smallLog.p50) });
  goals.push({
    goal: `\`okr history\` first read of ${commits} commits ≤ 60 s`,
    measured: `${(first.p50 / 1000).toFixed(1)} s (${versus(first.p50, largeLog.p50)}, ${figure(largeLog.p50, 'ms')})`,
    holds: commits >= 10_000 && first.p50 <= 60_000,
  });
  goals.push({
    goal: `a second open of a ${commits}-commit history ≤ 1 s`,
    measured: `okr history ${figure(second.p50, 'ms')} (${versus(second.p50, largeLog.p50)}; the process alone starts in ${figure(start.p50, 'ms')}); in the editor ${figure(fromDisk.p50, 'ms')} from its storage folder (${figure(page.p50, 'ms')} with the progress page's data), ${figure(fromMemory.p50, 'ms')} from memory`,
    holds: second.p50 <= 1000 && fromDisk.p50 <= 1000 && page.p50 <= 1000,
  });
  goals.push({
    goal: `\`okr history\` of that history after one new commit ≤ 1 s`,
    measured: `${figure(afterCommit.p50, 'ms')} (okr outline of one version ${figure(outline.p50, 'ms')})`,
    holds: afterCommit.p50 <= 1000,
  });
  goals.push({
    goal: '`okr history` of a 30-commit plan ≤ 1 s',
    measured: `${figure(smallFirst.p50, 'ms')} (${versus(smallFirst.p50, smallLog.p50)}, ${figure(smallLog.p50, 'ms')})`,
    holds: smallFirst.p50 <= 1000,
  });
}

function sizeGoals(results: readonly SizeResult[], goals: Goal[]): void {
  const tenK = results.find((result) => result.size === '10k');
  if (tenK) {
    const p50 = tenK.edit.summary.p50;
    goals.push({
      goal: 'edit → diagnostics at 10k lines: p50 ≤ 1/100 of a full remark+gfm parse and below markdownlint',
      measured: `${figure(p50, 'ms')} vs remark ${figure(tenK.remark, 'ms')} (limit ${figure(tenK.remark / 100, 'ms')}) and markdownlint ${figure(tenK.markdownlint, 'ms')}`,
      holds: p50 <= tenK.remark / 100 && p50 < tenK.markdownlint,
    });
    goals.push({
      goal: 'completion at 10k lines right after typing: p95 ≤ 10 ms',
      measured: `${figure(tenK.completion.summary.p95, 'ms')}${tenK.completion.note?.includes('no items') ? ` (${tenK.completion.note})` : ''}`,
      holds: tenK.completion.summary.p95 <= 10,
    });
  }
  const oneMb = results.find((result) => result.size === '1mb');
  if (oneMb) {
    goals.push({
      goal: 'open → first diagnostics at 1 MB: ≤ 1/8 of a full remark+gfm parse',
      measured: `${figure(oneMb.open.summary.p50, 'ms')} vs remark ${figure(oneMb.remark, 'ms')} (limit ${figure(oneMb.remark / 8, 'ms')}); whole plan read in ${figure(oneMb.whole.summary.p50, 'ms')}`,
      holds: oneMb.open.summary.p50 <= oneMb.remark / 8,
    });
  }
  for (const result of results) {
    if (!result.heap) continue;
    const limit = 10 * result.bytes + 50 * MB;
    goals.push({
      goal: `server heap with the ${result.size} plan open ≤ 10× its text + 50 MB`,
      measured: `${figure(result.heap.heapUsed / MB, 'MB')} after GC (limit ${figure(limit / MB, 'MB')}); peak sampled ${figure(result.heap.peakHeapUsed / MB, 'MB')}`,
      holds: result.heap.heapUsed <= limit,
    });
  }
}

/** Times remark and markdownlint on files in a child process, so that their heap stays out of this one. */
function timeBaselines(runs: number, files: readonly string[]): { remark: number[]; markdownlint: number[] } {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench/timeBaselines.ts'), String(runs), ...files], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output) as { remark: number[]; markdownlint: number[] };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0].toFixed(2);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'okr-bench-'));
  const rows: Row[] = [];
  const goals: Goal[] = [];
  try {
    const results: SizeResult[] = [];
    for (const size of options.sizes) results.push(await benchSize(size, scratch, rows));
    sizeGoals(results, goals);
    if (options.workspace > 0 || options.checkFiles > 0) await benchWorkspace(options, scratch, rows, goals);
    if (options.history > 0) await benchHistory(options.history, scratch, rows, goals);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`${formatTable(rows, goals)}\n`);
  const load = os.loadavg()[0].toFixed(2);
  process.stdout.write(`\n${os.cpus().length} CPUs, Node ${process.version}; 1-minute load average ${loadAtStart} at the start, ${load} at the end.\n`);
  writeReport(options.out, rows, goals, options);
  log(`report written to ${path.relative(process.cwd(), options.out)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
