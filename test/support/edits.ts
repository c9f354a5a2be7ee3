/**
 * Random documents and edits for the fuzz tests, built from the real seed
 * plans so that the edits land on the structures plans are made of: tables,
 * nested lists with hard breaks, `### N` sections and reference definitions.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The seed plans shipped as fixtures. */
export const SEEDS: readonly string[] = readdirSync(path.resolve(__dirname, '../fixtures/seeds'))
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(path.resolve(__dirname, '../fixtures/seeds', name), 'utf8'));

/**
 * How many cases a fuzz property runs: bounded for `npm test`, larger when
 * FUZZ_RUNS is set (as `npm run fuzz` does).
 */
function fuzzRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}

/**
 * The fast-check seed. FUZZ_SEED sets it; `npm run fuzz` (FUZZ_RUNS set)
 * keeps a fixed one, so its long runs compare; `npm test` takes today's date
 * (YYYYMMDD), so that each day explores new cases and a failure still replays.
 */
function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_SEED && Number.isInteger(fromEnv)) return fromEnv;
  return process.env.FUZZ_RUNS ? 20261125 : Number(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
}

/** What fast-check reports of a failure: the counterexample, then the error the property threw. */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}\n${error.cause.message}` : error.message;
}

/** Whether a failure is shrunk: in `npm run fuzz`, unless FUZZ_NO_SHRINK=1 asks for the first failure found, which is much faster. */
function shrinks(): boolean {
  return Boolean(process.env.FUZZ_RUNS) && process.env.FUZZ_NO_SHRINK !== '1';
}

/** The seed and number of runs of a property, and the command that replays a failure with them. */
function fuzzParameters(defaultRuns: number): { seed: number; numRuns: number; replay: string } {
  const seed = fuzzSeed();
  const numRuns = fuzzRuns(defaultRuns);
  return { seed, numRuns, replay: `FUZZ_SEED=${seed} FUZZ_RUNS=${numRuns} npm run fuzz` };
}

/**
 * Runs a property with the fuzz seed and runs; a failure names the seed and
 * the command that replays it. Under `npm test` a failure is reported as
 * found, without shrinking it, which can take many minutes; the replay shrinks it.
 */
export function fuzzAssert<T>(property: fc.IProperty<T>, defaultRuns: number): void {
  const { seed, numRuns, replay } = fuzzParameters(defaultRuns);
  try {
    fc.assert(property, { seed, numRuns, endOnFailure: !shrinks() });
  } catch (error) {
    throw new Error(`Failed with seed ${seed}; replay: ${replay}\n${failureOf(error)}`, { cause: error });
  }
}

/** `fuzzAssert` for an asynchronous property. */
export async function fuzzAssertAsync<T>(property: fc.IAsyncProperty<T>, defaultRuns: number): Promise<void> {
  const { seed, numRuns, replay } = fuzzParameters(defaultRuns);
  try {
    await fc.assert(property, { seed, numRuns, endOnFailure: !shrinks() });
  } catch (error) {
    throw new Error(`Failed with seed ${seed}; replay: ${replay}\n${failureOf(error)}`, { cause: error });
  }
}

/** Fragments that change Markdown structure when typed or pasted anywhere. */
const STRUCTURAL_FRAGMENTS = [
  '\n', '\n\n', '# ', '## ', '### 7 ', '### 2 Doc updates\n', '| ', ' | ', '|---|---|\n', '| 9 | Done | Warren | Ship it |\n',
  '- ', '1. ', '   ', '  1. ', '\\', ' \\\n', '**', '**Sales: Grow.** \\\n', 'KR: ', ' => ', 'KR: Hire 2 PMs. => Hired 1.',
  '[n1]', '[_N<sub>1</sub>_][n1]', '[_$N<sub>26</sub>_][n23]', '\n[n1]: https://example.com/n1\n', '```\n', '<div>\n', '</div>',
  '> ', '\t', '\r\n', '\r', 'TBD', 'X%', '$X', '✅', '🚫', 'ðŸš«', 'Ã¨', '- Workgroup: ', '- Details: ', 'In-progress', '<!-- ', ' -->',
];

/** One edit: replace `deleteCount` characters at a relative position with `insert`. */
export interface TextEdit {
  /** Where the edit starts, as a fraction of the document length in [0, 1]. */
  at: number;
  deleteCount: number;
  insert: string;
}

/** Applies an edit to a text and returns the absolute offset, length and inserted text it meant. */
export function resolveEdit(text: string, edit: TextEdit): { offset: number; length: number; insert: string } {
  const offset = Math.min(text.length, Math.floor(edit.at * (text.length + 1)));
  const length = Math.min(edit.deleteCount, text.length - offset);
  return { offset, length, insert: edit.insert };
}

/** Applies an edit to a text. */
export function applyEdit(text: string, edit: TextEdit): string {
  const { offset, length, insert } = resolveEdit(text, edit);
  return text.slice(0, offset) + insert + text.slice(offset + length);
}

/** A run of consecutive lines from one seed: a paste of real plan content. */
const seedFragment: fc.Arbitrary<string> = fc
  .record({ seed: fc.nat(SEEDS.length - 1), start: fc.nat(400), count: fc.integer({ min: 1, max: 12 }) })
  .map(({ seed, start, count }) => {
    const lines = SEEDS[seed].split('\n');
    const from = start % lines.length;
    return lines.slice(from, from + count).join('\n') + '\n';
  });

/** Text to type or paste: structural fragments, seed lines, ordinary text, or arbitrary code units (control bytes, lone surrogates). */
const insertion: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STRUCTURAL_FRAGMENTS) },
  { weight: 3, arbitrary: seedFragment },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** A position anywhere in the document, uniformly (fc.double favours the extremes). */
const anywhere: fc.Arbitrary<number> = fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100_000);

/** An edit as an author makes it: a keystroke, a deletion, a paste, or a replacement. */
export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: anywhere, deleteCount: fc.constant(0), insert: insertion }) },
  { weight: 3, arbitrary: fc.record({ at: anywhere, deleteCount: fc.integer({ min: 1, max: 200 }), insert: fc.constant('') }) },
  { weight: 2, arbitrary: fc.record({ at: anywhere, deleteCount: fc.integer({ min: 1, max: 40 }), insert: insertion }) },
);

/**
 * A small plan made of one or two windows of seed lines, sometimes followed by
 * the reference definitions of the company tree, so cross-block references are exercised.
 */
export const seedDocument: fc.Arbitrary<string> = fc
  .record({
    windows: fc.array(fc.record({ seed: fc.nat(SEEDS.length - 1), start: fc.nat(400), count: fc.integer({ min: 3, max: 18 }) }), { minLength: 1, maxLength: 2 }),
    withDefinitions: fc.boolean(),
  })
  .map(({ windows, withDefinitions }) => {
    const parts = windows.map(({ seed, start, count }) => {
      const lines = SEEDS[seed].split('\n');
      const from = start % lines.length;
      return lines.slice(from, from + count).join('\n');
    });
    if (withDefinitions) parts.push(SEEDS.flatMap((seed) => seed.split('\n')).filter((line) => /^\[n\d+\]:/.test(line)).slice(0, 6).join('\n'));
    return parts.join('\n\n') + '\n';
  });

/** Headings that open sections, each resetting the reading differently: a title, plain, details, objective and key-results headings. */
const SECTION_HEADINGS = ['# FY23Q1 OKR Plan', '# Objective: Grow revenue', '## Status', '## Details', '## Problem Area: Onboarding', '## Key results', '## Goals', '### 3 Ship the docs'];

/**
 * A longer plan of several sections, each a heading and a window of seed
 * lines, so that edits move, merge and split sections that are reused.
 */
export const sectionedDocument: fc.Arbitrary<string> = fc
  .array(fc.record({ heading: fc.constantFrom(...SECTION_HEADINGS), seed: fc.nat(SEEDS.length - 1), start: fc.nat(400), count: fc.integer({ min: 2, max: 14 }) }), { minLength: 3, maxLength: 8 })
  .map((sections) =>
    sections
      .map(({ heading, seed, start, count }) => {
        const lines = SEEDS[seed].split('\n');
        const from = start % lines.length;
        return `${heading}\n\n${lines.slice(from, from + count).join('\n')}`;
      })
      .join('\n\n') + '\n',
  );

/** Status-table rows of the seeds, their id cell taken out to be numbered afresh. */
const TABLE_ROWS: readonly string[] = SEEDS.flatMap((seed) => seed.split('\n'))
  .filter((line) => /^\|\s*\d+\s*\|/.test(line))
  .map((line) => line.replace(/^\|\s*\d+\s*/, ''));

/**
 * A plan with a status table longer than a chunk, so that its rows are
 * parsed in groups under its header: some rows have no id (their number
 * counts on across groups), and the seed lines after it add details.
 */
export const tabledDocument: fc.Arbitrary<string> = fc
  .record({
    rows: fc.array(fc.record({ row: fc.nat(TABLE_ROWS.length - 1), numbered: fc.boolean() }), { minLength: 12, maxLength: 60 }),
    seed: fc.nat(SEEDS.length - 1),
    start: fc.nat(400),
  })
  .map(({ rows, seed, start }) => {
    const lines = SEEDS[seed].split('\n');
    const from = start % lines.length;
    const table = rows.map(({ row, numbered }, index) => `| ${numbered ? index + 1 : ''} ${TABLE_ROWS[row]}`);
    return ['# FY23Q1 OKR Plan', '', '## Status', '', '| # | Status | Responsible | Project |', '| --- | --- | --- | --- |', ...table, '', ...lines.slice(from, from + 12)].join('\n') + '\n';
  });
