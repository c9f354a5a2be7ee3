/**
 * A generated git history for the `okr history` benchmark: one plan changed
 * by thousands of small commits (statuses moved, progress notes updated,
 * prose reformatted, as a formatting bot and a team do), renamed half way,
 * and a small plan changed by a few commits in between. Written in one
 * `git fast-import` run at fixed dates, so it is the same every time and
 * takes seconds, not the minutes thousands of `git commit` calls would.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { generatePlan, SeededRandom } from './generatePlan';

/** The generated repository and its plans' paths (relative to it, as they are at HEAD). */
export interface HistoryRepository {
  root: string;
  /** The plan with `commits` check-ins, renamed half way. */
  large: string;
  /** Its path before the rename. */
  largeBefore: string;
  /** A plan with `smallCommits` check-ins, in the same repository. */
  small: string;
}

const STATUSES = ['Not started', 'In-progress', 'Done', 'Blocked', '✅', ''];
const AUTHORS = ['Format Bot <bot@example.com>', 'Jane Doe <jane@example.com>', 'Ade Okafor <ade@example.com>'];
const START = Date.UTC(2020, 0, 1) / 1000;

/** One commit's edit of a plan's lines: a status, a progress note, or prose; it always changes something. */
function edit(lines: string[], random: SeededRandom): void {
  const before = lines.join('\n');
  while (lines.join('\n') === before) editOnce(lines, random);
}

function editOnce(lines: string[], random: SeededRandom): void {
  const roll = random.next();
  if (roll < 0.4) {
    const rows = lines.flatMap((line, index) => (/^\| *\d+ *\|/.test(line) ? [index] : []));
    const at = random.pick(rows);
    const cells = lines[at].split('|');
    cells[2] = ` ${random.pick(STATUSES).padEnd(11)} `;
    lines[at] = cells.join('|');
  } else if (roll < 0.6 && lines.some((line) => line.includes('=>'))) {
    const notes = lines.flatMap((line, index) => (line.includes('=>') ? [index] : []));
    const at = random.pick(notes);
    lines[at] = lines[at].replace(/=>.*$/, `=> ${random.int(0, 100)}%`);
  } else {
    // What a formatting bot does: spacing and wording of prose lines.
    const prose = lines.flatMap((line, index) => (/^[A-Z]/.test(line) ? [index] : []));
    const at = random.pick(prose);
    lines[at] = lines[at].endsWith('  ') ? lines[at].trimEnd() : `${lines[at]}  `;
  }
}

/** Writes the repository into `folder` (which must not exist yet, or be empty). */
export async function writeHistoryRepository(folder: string, commits: number, smallCommits: number, seed = 1): Promise<HistoryRepository> {
  mkdirSync(folder, { recursive: true });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: folder, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  git('init', '-q', '-b', 'main');
  const largeBefore = 'handbook/okrs/FY20Q1-OKR-plan.md';
  const large = 'handbook/okrs/team-a/FY20Q1-OKR-Plan.md';
  const small = 'handbook/okrs/team-b/FY20Q1-OKR-Plan.md';
  const random = new SeededRandom(seed);
  const largeLines = generatePlan({ lines: 500 }, seed).split('\n');
  const smallLines = generatePlan({ lines: 120 }, seed + 1).split('\n');
  // glibc's allocator gives memory back after each blob; keeping it makes the import ten times faster.
  const env = { ...process.env, MALLOC_TOP_PAD_: String(256 << 20), MALLOC_TRIM_THRESHOLD_: String(1 << 30) };
  const importer = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: folder, env, stdio: ['pipe', 'inherit', 'inherit'] });
  const closed = new Promise<number | null>((resolve) => importer.on('close', resolve));
  // Commits are sent in batches: one pipe write per commit costs more than the import.
  let batch: string[] = [];
  const write = (text: string): Promise<void> | undefined => {
    batch.push(text);
    if (batch.length < 200 && text !== 'done\n') return undefined;
    const flushed = importer.stdin.write(batch.join(''));
    batch = [];
    return flushed ? undefined : new Promise((resolve) => importer.stdin.once('drain', resolve));
  };
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const smallEvery = Math.max(1, Math.floor(commits / smallCommits));
  let mark = 0;
  let smallDone = 0;
  for (let index = 0; index < commits; index++) {
    const renamed = index === Math.floor(commits / 2);
    const withSmall = smallDone < smallCommits && index % smallEvery === 0;
    const changes: string[] = [];
    if (renamed) changes.push(`R ${largeBefore} ${large}\n`);
    if (index > 0) edit(largeLines, random);
    changes.push(`M 100644 inline ${index >= commits / 2 ? large : largeBefore}\n${data(largeLines.join('\n'))}`);
    if (withSmall) {
      if (smallDone > 0) edit(smallLines, random);
      changes.push(`M 100644 inline ${small}\n${data(smallLines.join('\n'))}`);
      smallDone++;
    }
    const when = `${START + index * 3600} +0000`;
    const author = index % 10 === 0 ? AUTHORS[1 + (index % 20 === 0 ? 1 : 0)] : AUTHORS[0];
    mark++;
    const header = `commit refs/heads/main\nmark :${mark}\nauthor ${author} ${when}\ncommitter ${author} ${when}\n${data(renamed ? 'Move the plan to its team' : `Check-in ${index}`)}`;
    await write(`${header}${mark > 1 ? `from :${mark - 1}\n` : ''}${changes.join('')}\n`);
  }
  await write('done\n');
  importer.stdin.end();
  const code = await closed;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
  git('checkout', '-q', '-f', 'main');
  return { root: folder, large: large, largeBefore, small };
}

/** The same repository, written from the command line: `node --import tsx bench/historyRepo.ts FOLDER [COMMITS]`. */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const [folder, commits = '10000'] = process.argv.slice(2);
  const started = performance.now();
  writeHistoryRepository(path.resolve(folder), Number(commits), 30).then((repo) => {
    process.stdout.write(`${JSON.stringify(repo)} in ${Math.round(performance.now() - started)} ms\n`);
  });
}
