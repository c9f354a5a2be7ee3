/**
 * The `okr` command: prints a plan's outline and checks plans for the same
 * diagnostics the editor shows, over the same pure core, so CI and editors agree.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { version } from '../../package.json';
import { asDeclared, PlanParser, parseDocument, parsePlan } from './okr/parse/parser';
import { scanText } from './okr/parse/scan';
import { allObjectives, isPlan, type Objective, type Plan } from './okr/model/plan';
import { formatScore } from './okr/model/scoring';
import { computeDiagnostics, findDiagnostics } from './okr/check/engine';
import { type Diagnostic, type LinkedPlans } from './okr/check/types';
import { declaredPlan, DEFAULT_ROSTER_GLOB, isIgnored, isInside, projectGlobs, ProjectLookup } from './okr/project/lookup';
import { linkedFiles, linkedPlans } from './okr/project/links';
import type { RuleSettings } from './okr/check/types';
import { fixAll } from './okr/check/fixAll';
import { changedFilesSince, ChangedFilesError } from './node/changedFiles';
import { Roster } from './okr/model/roster';
import { diskFiles, IGNORED_FOLDERS } from './node/projectFiles';
import { serveJobs, workerCount, workerRole, WorkerPool } from './workerPool';
import { fileVersions, GitError, locate } from './node/git';
import { readPlanHistory, type HistoryProgress } from './node/planHistory';
import { writeHistory } from './cli/history';
import { FORMATS, isFormat, reporter, type ReportedDiagnostic } from './cli/formats';
import { SUMMARY_FORMATS, formatSummary, isSummaryFormat, summaryRow, type SummaryRow } from './cli/summary';
import { scoringOptions, type ScoringOptions } from './okr/model/scoring';

const USAGE = `Usage: okr <command> [options]

Commands:
  outline FILE [--json]          Print the plan in FILE as an indented outline, or as JSON.
  check PATH... [options]        Check plans: files, folders (every .md, .markdown
                                 and .txt file inside) or globs.
      --changed-since REF        Check only the Markdown files changed since the git
                                 ref REF (on this branch, and not yet committed), within
                                 PATH... when given.
      --format FORMAT            text (default), json, sarif (SARIF 2.1.0), github
                                 (GitHub Actions annotations) or codequality
                                 (GitLab Code Quality report).
      --fix                      Apply the safe fixes in place and report what changed.
      --jobs N                   Check N files at once, all but one on worker threads
                                 (default: one per CPU core when there are many files;
                                 1 checks every file in this thread).
  summary PATH... [--format markdown|json]
                                 One table of every plan: title, period, objectives,
                                 key results, those with progress, tasks done.
  history FILE [--json] [--since DATE] [--cache DIR]
                                 One entry per commit that changed the plan (renames
                                 followed): tasks whose status moved, key results
                                 whose progress moved, items added, removed or reworded.
                                 --cache keeps what was read in DIR, so the next run
                                 reads only the commits made since.

Options:
  -h, --help                     Show this help.
  -v, --version                  Show the version.

Exit codes: 0 no errors, 1 some error found, 2 a file could not be read or the command was wrong,
130 history stopped by Ctrl-C.
Teammates come from every data/team.yml under the project root (the nearest
folder with .okr.json or .git), or else from the nearest one above the file; rule
settings, extra rosters and groups come from the nearest .okr.json.`;

/** Where output goes, so tests and the real process share one code path. */
interface Output {
  out(text: string | Uint8Array): void;
  err(text: string): void;
  /** Aborts when the person stops the command (Ctrl-C): a long reading then keeps what it read. */
  interrupt?: AbortSignal;
  /** Shows how far a long reading has come, on a terminal; each call replaces the last, and '' clears it. */
  progress?(text: string): void;
}

/** How many files are read at once: enough to hide disk latency, few enough to bound memory. */
const CONCURRENCY = 16;

/** Files per worker thread below which starting one costs more than it saves. */
const FILES_PER_THREAD = 8;

/** What worker threads of this script are started with, so they check files instead of running the command line. */
const CHECK_ROLE = 'okr-check';

/** A command-line mistake: reported with the usage, exit code 2. */
class UsageError extends Error {}

/** Runs the command line and resolves to the exit code. */
export async function main(argv: readonly string[], io: Output): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.out(`${version}\n`);
      return 0;
    }
    if (command === 'outline') return await outline(rest, io);
    if (command === 'check') return await check(rest, io);
    if (command === 'summary') return await summary(rest, io);
    if (command === 'history') return await history(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`okr: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
}

/** Splits arguments into flags (with their values) and operands; unknown flags are usage errors. */
function parseArgs(args: readonly string[], known: Record<string, 'flag' | 'value'>): { flags: Map<string, string>; operands: string[] } {
  const flags = new Map<string, string>();
  const operands: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option "${name}"`);
    if (kind === 'flag') flags.set(name, '');
    else {
      const value = inline ?? args[++index];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { flags, operands };
}

/** `okr outline FILE [--json]`. */
async function outline(args: readonly string[], io: Output): Promise<number> {
  const { flags, operands } = parseArgs(args, { '--json': 'flag' });
  if (operands.length !== 1) throw new UsageError('outline takes exactly one FILE');
  const read = await readText(operands[0]);
  if ('problem' in read) {
    io.err(`${operands[0]}: ${read.problem}\n`);
    return 2;
  }
  const scoring = await new CheckContext().scoringFor(operands[0]);
  const plan = parsePlan(read.text, { scoring, statuses: scoring.statuses });
  io.out(flags.has('--json') ? `${JSON.stringify(plan, null, 2)}\n` : formatOutline(plan));
  return 0;
}

/** `okr history FILE [--json] [--since DATE] [--cache DIR]`: the plan's check-ins, read from git. */
async function history(args: readonly string[], io: Output): Promise<number> {
  const { flags, operands } = parseArgs(args, { '--json': 'flag', '--since': 'value', '--cache': 'value' });
  if (operands.length !== 1) throw new UsageError('history takes exactly one FILE');
  const since = flags.get('--since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(`--since takes a date such as 2026-10-01, not "${since}"`);
  const cacheDir = flags.get('--cache');
  const onProgress = io.progress && (({ done, total }: HistoryProgress) => io.progress!(`okr: read ${done} of ${total} versions`));
  let read: Awaited<ReturnType<typeof readPlanHistory>>;
  try {
    // Each version is scored as the project scores the plan today.
    const scoring = await new CheckContext().scoringFor(operands[0]);
    read = await readPlanHistory(operands[0], { cacheDir, scoring, signal: io.interrupt, onProgress });
  } catch (error) {
    if (io.interrupt?.aborted) {
      io.progress?.('');
      io.err(cacheDir === undefined
        ? 'okr: stopped. With --cache DIR, what was read is kept and the next run goes on from there.\n'
        : `okr: stopped. What was read is kept in ${cacheDir}; the next run goes on from there.\n`);
      return 130;
    }
    if (!(error instanceof GitError)) throw error;
    io.err(`okr: ${error.message}\n`);
    return 2;
  } finally {
    io.progress?.('');
  }
  const shown = since === undefined ? read.checkIns : read.checkIns.filter((checkIn) => Date.parse(checkIn.date) >= Date.parse(since));
  writeHistory(shown, { json: flags.has('--json'), shallow: read.shallow }, io.out);
  return 0;
}

/** A plan as an indented outline a person can read. */
function formatOutline(plan: Plan): string {
  const lines: string[] = [plan.title ? `${plan.title}${plan.period ? ` (${plan.period})` : ''}` : '(untitled)'];
  const objective = (item: Objective, depth: number): void => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}Objective: ${item.owner ? `${item.owner}: ` : ''}${item.title}${scoreTag(item.score)}  (line ${item.line})`);
    if (item.progress) lines.push(`${pad}  => ${item.progress}`);
    for (const kr of item.keyResults) {
      lines.push(`${pad}  KR: ${kr.owner ? `${kr.owner}: ` : ''}${kr.text}${scoreTag(kr.score)}  (line ${kr.line})`);
      if (kr.progress) lines.push(`${pad}    => ${kr.progress}`);
      for (const child of kr.children) objective(child, depth + 2);
    }
    for (const child of item.children) objective(child, depth + 1);
  };
  if (plan.objectives.length > 0) {
    lines.push(`Objectives (${[...allObjectives(plan.objectives)].length}):`);
    for (const item of plan.objectives) objective(item, 1);
  }
  if (plan.tasks.length > 0) {
    lines.push(`Tasks (${plan.tasks.length}):`);
    for (const task of plan.tasks) {
      const who = task.responsible.length > 0 ? ` — ${task.responsible.join(', ')}` : '';
      const details = task.detailsLine !== null ? `, details line ${task.detailsLine}` : '';
      lines.push(`  ${task.id}. [${task.statusText || task.status}] ${task.title}${who}  (line ${task.line}${details})`);
    }
  }
  const evidence = plan.evidence.length > 0 ? plan.evidence.join('; ') : 'nothing that plans are made of';
  if (plan.objectives.length === 0 && plan.tasks.length === 0) lines.push(`Not a plan: the page shows ${evidence}.`);
  else lines.push(`A plan because ${evidence}.`);
  return `${lines.join('\n')}\n`;
}

/** A score after an outline item, ` [0.7]`, or nothing. */
function scoreTag(score: number | null): string {
  return score === null ? '' : ` [${formatScore(score)}]`;
}

/** A file's text, or why it has none. A BOM is kept aside so a fixed file keeps it. */
type ReadResult = { text: string; bom: boolean } | { problem: string };

/** Reads a file as UTF-8 text; binary files (NUL bytes or invalid UTF-8) are refused with a reason. */
async function readText(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { problem: `cannot read: ${reason}` };
  }
  if (bytes.includes(0)) return { problem: 'not a text file (it contains NUL bytes)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { problem: 'not a text file (it is not valid UTF-8)' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** What checking one file produced, as plain data that a worker thread can send. */
interface FileResult {
  file: string;
  problem?: string;
  diagnostics: ReportedDiagnostic[];
  /** The text of the line each diagnostic starts on, for the fingerprints of CI reports. */
  lineTexts: string[];
  /** The rule ids of the problems `--fix` fixed, one per problem. */
  fixed: string[];
  /** Problems with the roster or project files the file was checked against. */
  setupProblems: string[];
}

/** One file for a worker thread to check. */
interface CheckJob {
  file: string;
  fix: boolean;
}

/** `okr check PATH... [--format FORMAT] [--fix] [--jobs N] [--changed-since REF]`. */
async function check(args: readonly string[], io: Output): Promise<number> {
  const { flags, operands } = parseArgs(args, { '--format': 'value', '--fix': 'flag', '--jobs': 'value', '--changed-since': 'value' });
  const format = flags.get('--format') ?? 'text';
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const jobs = flags.get('--jobs');
  if (jobs !== undefined && !/^[1-9]\d{0,2}$/.test(jobs)) throw new UsageError(`--jobs must be a whole number from 1 to 999, not "${jobs}"`);
  const since = flags.get('--changed-since');
  if (operands.length === 0 && since === undefined) throw new UsageError('check needs at least one FILE, folder or glob');
  let { files, unmatched } = operands.length > 0 ? await expandOperands(operands) : { files: [] as string[], unmatched: [] as string[] };
  if (since !== undefined) {
    let changed: string[];
    try {
      changed = await withoutIgnored(await changedFilesSince(since));
    } catch (error) {
      if (!(error instanceof ChangedFilesError)) throw error;
      io.err(`okr: ${error.message}\n`);
      return 2;
    }
    const within = new Set(files.map((file) => path.resolve(file)));
    files = operands.length > 0 ? changed.filter((file) => within.has(path.resolve(file))) : changed;
  }
  let unreadable = unmatched.length;
  let refused = 0;
  for (const operand of unmatched) io.err(`${operand}: no files match\n`);
  const threads = jobs === undefined ? Math.min(workerCount(), Math.floor(files.length / FILES_PER_THREAD)) : Math.min(Number(jobs), files.length);
  const checker = fileChecker(threads, io);
  const setupProblems = new Set<string>();
  let errors = 0;
  let warnings = 0;
  let others = 0;
  const report = reporter(format, { out: io.out, cwd: process.cwd(), version });
  await inOrder(files, Math.max(CONCURRENCY, checker.capacity), (file) => checker.run({ file, fix: flags.has('--fix') }), (result) => {
    for (const problem of result.setupProblems) setupProblems.add(problem);
    if (result.problem) {
      unreadable++;
      refused++;
      io.err(`${result.file}: ${result.problem}\n`);
      return;
    }
    if (result.fixed.length > 0) io.err(`${result.file}: fixed ${describeFixes(result.fixed)}\n`);
    for (const diagnostic of result.diagnostics) {
      if (diagnostic.severity === 'error') errors++;
      else if (diagnostic.severity === 'warning') warnings++;
      else others++;
    }
    report.file(result);
  });
  report.end({ errors, warnings, others, checked: files.length - refused });
  for (const problem of setupProblems) io.err(`${problem}\n`);
  return unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
}

/** `okr summary PATH... [--format markdown|json]`: one row per plan; pages that are not plans are left out. */
async function summary(args: readonly string[], io: Output): Promise<number> {
  const { flags, operands } = parseArgs(args, { '--format': 'value' });
  const format = flags.get('--format') ?? 'markdown';
  if (!isSummaryFormat(format)) throw new UsageError(`--format must be ${SUMMARY_FORMATS.join(' or ')}, not "${format}"`);
  if (operands.length === 0) throw new UsageError('summary needs at least one FILE, folder or glob');
  const { files, unmatched } = await expandOperands(operands);
  for (const operand of unmatched) io.err(`${operand}: no files match\n`);
  let unreadable = unmatched.length;
  const rows: SummaryRow[] = [];
  await inOrder(files, CONCURRENCY, async (file) => ({ file, read: await readText(file) }), ({ file, read }) => {
    if ('problem' in read) {
      unreadable++;
      io.err(`${file}: ${read.problem}\n`);
      return;
    }
    if (!scanText(read.text).maybePlan) return;
    const { plan } = parseDocument(read.text);
    if (isPlan(plan)) rows.push(summaryRow(file, plan));
  });
  io.out(formatSummary(rows, format));
  return unreadable > 0 ? 2 : 0;
}

/** Checks `threads` files at once: one in this thread, the others on worker threads running this script. */
function fileChecker(threads: number, io: Output): WorkerPool<CheckJob, FileResult> {
  const context = new CheckContext();
  return new WorkerPool<CheckJob, FileResult>({
    script: threads >= 2 ? __filename : null,
    role: CHECK_ROLE,
    size: threads - 1,
    shareHere: true,
    runHere: (job) => checkFile(job.file, context, job.fix),
    failed: (job, reason) => ({ file: job.file, problem: `cannot be checked: ${reason}`, diagnostics: [], lineTexts: [], fixed: [], setupProblems: [] }),
    log: (message) => io.err(`okr: ${message}\n`),
  });
}

/** "3 problems: mojibake ×2, empty-item ×1". */
function describeFixes(fixed: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of fixed) counts.set(code, (counts.get(code) ?? 0) + 1);
  const parts = [...counts].map(([code, count]) => `${code} ×${count}`);
  return `${fixed.length} problem${fixed.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Files named by operands: files as given, every Markdown or text file under a folder (plans are sometimes saved as .txt), and glob matches. */
async function expandOperands(operands: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const operand of operands) {
    const stat = await fs.stat(operand).catch(() => null);
    if (stat?.isFile()) files.push(operand);
    else if (stat?.isDirectory()) {
      const found = await glob('**/*.{md,markdown,txt}', { cwd: operand, ignore: IGNORED_FOLDERS, followSymbolicLinks: false });
      files.push(...(await withoutIgnored(found.sort().map((file) => path.join(operand, file)))));
    } else if (/[*?[\]{}]/.test(operand)) {
      const found = await glob(operand, { ignore: IGNORED_FOLDERS, followSymbolicLinks: false, onlyFiles: true });
      if (found.length === 0) unmatched.push(operand);
      files.push(...(await withoutIgnored(found.sort())));
    } else {
      // A missing file is reported like an unreadable one, in order.
      files.push(operand);
    }
  }
  return { files: [...new Set(files)], unmatched };
}

/** The files that no project file's `ignores` names: a folder or glob never brings them to be checked, though a file named on its own is. */
async function withoutIgnored(files: readonly string[]): Promise<string[]> {
  const lookup = new ProjectLookup(diskFiles);
  const kept = await Promise.all(files.map(async (file) => {
    return isIgnored(path, path.resolve(file), await lookup.configOf(file, null)) ? null : file;
  }));
  return kept.filter((file): file is string => file !== null);
}

/** Runs `work` over items, `atOnce` at a time, and hands results to `report` in input order. */
async function inOrder<T, R>(items: readonly T[], atOnce: number, work: (item: T) => Promise<R>, report: (result: R) => void): Promise<void> {
  const running: Array<Promise<R>> = [];
  let next = 0;
  const start = (): void => {
    if (next < items.length) running.push(work(items[next++]));
  };
  for (let index = 0; index < atOnce; index++) start();
  while (running.length > 0) {
    const result = await (running.shift() as Promise<R>);
    start();
    report(result);
  }
}

/** Checks one file, fixing it first when asked. */
async function checkFile(file: string, context: CheckContext, fix: boolean): Promise<FileResult> {
  const read = await readText(file);
  if ('problem' in read) return { file, problem: read.problem, diagnostics: [], lineTexts: [], fixed: [], setupProblems: [] };
  const { problems: setupProblems, declared, scoring: _scoring, ...options } = await context.optionsFor(file);
  // A page that cannot be a plan has nothing to report or fix: a line scan spares it the parse.
  if (declared !== true && !scanText(read.text).maybePlan) return { file, diagnostics: [], lineTexts: [], fixed: [], setupProblems };
  const reported = (text: string, diagnostics: Diagnostic[]): Pick<FileResult, 'diagnostics' | 'lineTexts'> => {
    const lines = text.split(/\r\n|\r|\n/);
    return { diagnostics: diagnostics.map(({ fixes: _fixes, ...diagnostic }) => diagnostic), lineTexts: diagnostics.map((diagnostic) => lines[diagnostic.line - 1] ?? '') };
  };
  const doc = asDeclared(parseDocument(read.text), declared);
  const linked = await context.linkedFor(file, doc.plan);
  // Reports carry no fixes: without --fix, the fixes that need the whole plan are not worked out.
  if (!fix) return { file, ...reported(read.text, findDiagnostics(doc, { ...options, linked })), fixed: [], setupProblems };
  // Fixing checks the text again after each round: the parser re-reads only what the fixes changed.
  const parser = new PlanParser();
  const diagnose = (text: string): Diagnostic[] => computeDiagnostics(asDeclared(parser.parse(text), declared), { ...options, linked });
  const result = fixAll(read.text, diagnose);
  if (result.text !== read.text) {
    try {
      await fs.writeFile(file, (read.bom ? '\uFEFF' : '') + result.text);
    } catch (error) {
      return { file, problem: `cannot write the fixes: ${(error as Error).message}`, diagnostics: [], lineTexts: [], fixed: [], setupProblems };
    }
  }
  const fixed = result.text !== read.text ? result.fixed.map((diagnostic) => diagnostic.code) : [];
  return { file, ...reported(result.text, diagnose(result.text)), fixed, setupProblems };
}

/** The last commit that changed a file, or null outside a clone or without git: the stale-plan rule then stays silent. */
async function lastCheckInOf(file: string): Promise<{ date: string; author: string } | null> {
  try {
    const location = await locate(file);
    if (location.head === null) return null;
    const [latest] = await fileVersions(location, location.head, null);
    return latest ? { date: latest.date, author: latest.author } : null;
  } catch (error) {
    if (error instanceof GitError) return null;
    throw error;
  }
}

/** Rosters and project settings, found by the editor's own lookup, each read once per thread. */
class CheckContext {
  private readonly lookup = new ProjectLookup(diskFiles);
  /** Plans that checked pages link to, by file, each read once per thread. */
  private readonly linkedPlanFiles = new Map<string, Promise<Plan | undefined>>();

  /** The plans a page's links lead to within its project, read from disk as the editor's workspace index reads them. */
  async linkedFor(file: string, plan: Plan): Promise<LinkedPlans | null> {
    if (plan.links.length === 0) return null;
    const from = path.resolve(file);
    const { root } = await this.lookup.projectFor(from, { rosterGlob: DEFAULT_ROSTER_GLOB, boundary: null });
    const targets = new Map<string, Plan>();
    for (const target of linkedFiles(path, from, plan)) {
      if (!isInside(path, root, target)) continue;
      let linked = this.linkedPlanFiles.get(target);
      if (!linked) this.linkedPlanFiles.set(target, (linked = this.planIn(target)));
      const found = await linked;
      if (found) targets.set(target, found);
    }
    return linkedPlans(path, from, targets);
  }

  /** The plan in a file, or undefined when it cannot be read, is ignored or is not a plan. */
  private async planIn(file: string): Promise<Plan | undefined> {
    const read = await readText(file);
    if ('problem' in read) return undefined;
    const { declared, scoring } = await this.optionsFor(file);
    if (declared === false || isIgnored(path, file, (await this.lookup.projectFor(file, { rosterGlob: DEFAULT_ROSTER_GLOB, boundary: null })).config)) return undefined;
    if (declared !== true && !scanText(read.text).maybePlan) return undefined;
    const plan = asDeclared(parseDocument(read.text, { scoring, statuses: scoring.statuses }), declared).plan;
    return isPlan(plan) ? plan : undefined;
  }

  /** How a file's project scores plans: all `outline` and `history` need, read from its project file alone. */
  async scoringFor(file: string): Promise<ScoringOptions> {
    const config = await this.lookup.configOf(file, null);
    return scoringOptions(config.rollup, config.scoreBands);
  }

  /** The diagnostic options for a file (its project's rules and its team's roster), and the problems met loading them. */
  async optionsFor(file: string): Promise<{ rules: RuleSettings; roster: Roster | null; declared: boolean | null; scoring: ScoringOptions; staleAfterDays: number | null; lastCheckIn: { date: string; author: string } | null; problems: string[] }> {
    const project = await this.lookup.projectFor(file, { rosterGlob: DEFAULT_ROSTER_GLOB, boundary: null });
    const { roster, files } = await this.lookup.rosterOf(project);
    const problems = [...project.config.problems, ...files.flatMap(({ error }) => (error ? [error] : []))];
    const declared = declaredPlan(path, path.resolve(file), projectGlobs(path, project.config));
    const scoring = scoringOptions(project.config.rollup, project.config.scoreBands);
    const { staleAfterDays } = project.config;
    // git is asked for the last check-in only when the stale-plan rule is on.
    const lastCheckIn = staleAfterDays !== null ? await lastCheckInOf(file) : null;
    return { rules: project.config.rules, roster: roster.isEmpty ? null : roster, declared, scoring, staleAfterDays, lastCheckIn, problems };
  }
}

/** Writes to a stream, ending quietly when the reader has gone away (`okr check … | head`). */
function writer(stream: NodeJS.WriteStream): (text: string | Uint8Array) => void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return (text) => void stream.write(text);
}

if (workerRole() === CHECK_ROLE) {
  const context = new CheckContext();
  serveJobs((job: CheckJob) => checkFile(job.file, context, job.fix));
} else if (require.main === module) {
  const interrupted = new AbortController();
  // The first Ctrl-C lets a long reading of history stop and keep its work; a second one, or any other command, stops at once.
  if (process.argv[2] === 'history') {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupted.abort(new Error(`stopped by ${signal}`)));
  }
  const progress = process.stderr.isTTY ? (text: string) => void process.stderr.write(`\r${text}\u001b[K`) : undefined;
  main(process.argv.slice(2), { out: writer(process.stdout), err: writer(process.stderr), interrupt: interrupted.signal, progress }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`okr: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
