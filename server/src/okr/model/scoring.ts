/**
 * Scores: what a plan says of how far each key result got, as a number from
 * 0 to 1, rolled up into objectives and coloured in bands. A score comes
 * only from what the plan writes; where it writes nothing a number can be
 * read from, the score is null, never a guess.
 *
 * A key result's evidence, first found wins:
 * - a grade on its line: `Score: 0.6` anywhere, or `(0.7)` at the end of its
 *   text or of its progress note;
 * - its progress note (after `=>`): a leading percentage (`78%`, `90%
 *   complete`, `66% (AWS done)`), several percentages and nothing else
 *   (`100%, 0%, 100%`, averaged), a number from 0 to 1 (`0.7`), or a word or
 *   status the maps know (`DONE`, `✅` → 1; `Not started` → 0). A range
 *   (`60–70%`), a percentage inside a sentence or a word such as `WIP` gives
 *   nothing;
 * - a status emoji at the start or end of its text, or `Status: Done`;
 * - otherwise, when objectives serve it (a cascade), their roll-up.
 *
 * Scoring is pure and returns new objects. It remembers its answer per input
 * object, so an edited plan's unchanged key results and objectives keep their
 * identity, and nothing shared between parses is changed.
 */
import { allObjectives, type KeyResult, type KeyResultScoreSource, type Objective, type ObjectiveRollup, type Plan, type RollupMode, type ScoreBand, type Status } from './plan';
import { defaultStatusSet, normalizeStatus, type StatusSet } from './statuses';

/** The lower bounds of the yellow and green bands: below `yellow` is red. */
export interface ScoreBands {
  yellow: number;
  green: number;
}

/** Google's grading: 0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green, with the gaps closed at 0.4 and 0.7. */
export const DEFAULT_SCORE_BANDS: Readonly<ScoreBands> = Object.freeze({ yellow: 0.4, green: 0.7 });

/** Progress words and their scores; anything not listed scores nothing. Keys are folded as status words are. */
export const DEFAULT_SCORE_WORDS: Readonly<Record<string, number>> = Object.freeze({
  done: 1,
  complete: 1,
  completed: 1,
  achieved: 1,
  '✅': 1,
  'not started': 0,
});

/** What each canonical status scores when a status is the only evidence; the states not listed score nothing. */
export const DEFAULT_STATUS_SCORES: Readonly<Partial<Record<Status, number>>> = Object.freeze({ done: 1, 'not-started': 0 });

/** How a plan is scored. */
export interface ScoringOptions {
  rollup: RollupMode;
  bands: ScoreBands;
  words: Readonly<Record<string, number>>;
  statusScores: Readonly<Partial<Record<Status, number>>>;
  statuses: StatusSet;
}

export const DEFAULT_SCORING: Readonly<ScoringOptions> = Object.freeze({
  rollup: 'average',
  bands: DEFAULT_SCORE_BANDS,
  words: DEFAULT_SCORE_WORDS,
  statusScores: DEFAULT_STATUS_SCORES,
  statuses: defaultStatusSet,
});

/**
 * Scoring options from settings and a project file (which wins), with the
 * team's statuses; the same options object for the same values, as scoring
 * remembers its answers per options object.
 */
export function scoringOptions(rollup: RollupMode | null, bands: ScoreBands | null, statuses: StatusSet = defaultStatusSet): ScoringOptions {
  if (rollup === null && bands === null && statuses === defaultStatusSet) return DEFAULT_SCORING;
  const key = JSON.stringify([rollup, bands]);
  let byKey = madeOptions.get(statuses);
  if (!byKey) madeOptions.set(statuses, (byKey = new Map()));
  let options = byKey.get(key);
  if (!options) byKey.set(key, (options = { ...DEFAULT_SCORING, rollup: rollup ?? DEFAULT_SCORING.rollup, bands: bands ?? DEFAULT_SCORING.bands, statuses }));
  return options;
}

const madeOptions = new WeakMap<StatusSet, Map<string, ScoringOptions>>();

/** The band a score falls in, or null for no score. */
export function scoreBand(score: number | null, bands: ScoreBands = DEFAULT_SCORE_BANDS): ScoreBand | null {
  if (score === null) return null;
  return score < bands.yellow ? 'red' : score < bands.green ? 'yellow' : 'green';
}

/** Reads score bands from settings or a project file: `{ yellow, green }` with 0 ≤ yellow ≤ green ≤ 1; anything else is reported and yields null. */
export function parseScoreBands(value: unknown, problems: string[] = []): ScoreBands | null {
  if (value === undefined || value === null) return null;
  const record = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const { yellow, green } = record;
  const unit = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;
  if (unit(yellow) && unit(green) && yellow <= green) return { yellow, green };
  problems.push('"scoreBands" must be { "yellow": number, "green": number } with 0 ≤ yellow ≤ green ≤ 1.');
  return null;
}

/** Reads a roll-up mode, reporting anything that is not one; null when absent or wrong. */
export function parseRollupMode(value: unknown, problems: string[] = []): RollupMode | null {
  if (value === undefined || value === null) return null;
  if (value === 'average' || value === 'weighted' || value === 'weakest') return value;
  problems.push('"rollup" must be "average", "weighted" or "weakest".');
  return null;
}

/** A number from 0 to 1 as written: `0.7`, `.7`, `1.0`, `0`, `1`. */
const UNIT = String.raw`(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)`;
const SCORE_LABEL = new RegExp(String.raw`\bscore[ \t]*[:=][ \t]*(${UNIT})(?![\d.%])`, 'i');
const TRAILING_GRADE = new RegExp(String.raw`\((${UNIT})\)[\s.]*$`);
const ONLY_UNIT = new RegExp(String.raw`^(${UNIT})(?:[ \t]*(?:\(.*\))?)?$`);
const WEIGHT = /\(\s*(?:weight|w)[ \t]*[:=]?[ \t]*(\d+(?:\.\d+)?)\s*\)/i;
const PERCENT = String.raw`(\d{1,3}(?:\.\d+)?)[ \t]*%`;
const LEADING_PERCENT = new RegExp(String.raw`^${PERCENT}`);
const RANGE_AFTER = /^[ \t]*(?:[-–—]|to\b)[ \t]*\d/i;
const ONLY_PERCENTS = new RegExp(String.raw`^${PERCENT}(?:[ \t]*(?:[,;/]|and)[ \t]*${PERCENT})+[ \t.]*$`, 'i');
const STATUS_LABEL = /\bstatus[ \t]*:[ \t]*([^,;()]+?)[ \t]*(?:[,;(]|$)/i;
const EDGE_SYMBOL = /^(\p{Extended_Pictographic}\uFE0F?|[✓✔✗✘☐☑☒])|(\p{Extended_Pictographic}\uFE0F?|[✓✔✗✘☐☑☒])$/u;

/** Markdown links and emphasis reduced to their text: `[DONE](url)` → `DONE`. */
function plainText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/[*_`~]+/g, '')
    .trim();
}

function percentOf(text: string): number {
  return Math.min(1, Number(text) / 100);
}

/** A grade written on a key result's line (`Score: 0.6`, a trailing `(0.7)`), or null. */
export function gradeOf(text: string, progress: string | null): number | null {
  for (const part of [text, progress]) {
    if (part === null) continue;
    const plain = plainText(part);
    const match = SCORE_LABEL.exec(plain) ?? TRAILING_GRADE.exec(plain);
    if (match) return Number(match[1]);
  }
  return null;
}

/** The score a progress note gives, or null when it gives none. */
export function progressScore(progress: string | null, options: ScoringOptions = DEFAULT_SCORING): number | null {
  if (progress === null) return null;
  const note = plainText(progress);
  const several = ONLY_PERCENTS.exec(note);
  if (several) {
    const values = [...note.matchAll(new RegExp(PERCENT, 'g'))].map((match) => percentOf(match[1]));
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  const lead = LEADING_PERCENT.exec(note);
  if (lead) return RANGE_AFTER.test(note.slice(lead[0].length)) ? null : percentOf(lead[1]);
  const unit = ONLY_UNIT.exec(note);
  if (unit) return Number(unit[1]);
  return wordScore(note, options);
}

/** The score of a word or status written as a whole note (`Done`, `✅`, `Not started (hiring)`), or null. */
function wordScore(note: string, options: ScoringOptions): number | null {
  const core = note.replace(/\s*\([^)]*\)\s*$/, '').replace(/[\s.!:;,-]+$/, '');
  const key = normalizeStatus(core);
  if (key === '') return null;
  for (const [word, score] of Object.entries(options.words)) if (normalizeStatus(word) === key) return score;
  const status = options.statuses.resolve(core);
  return status.known ? (options.statusScores[status.state] ?? null) : null;
}

/** The score of a status written on the key result's own text: `Status: Done`, or an emoji at its start or end. */
function statusScore(text: string, options: ScoringOptions): number | null {
  const plain = plainText(text);
  const written = STATUS_LABEL.exec(plain)?.[1] ?? EDGE_SYMBOL.exec(plain)?.slice(1).find((part) => part !== undefined);
  if (written === undefined) return null;
  const status = options.statuses.resolve(written);
  return status.known && status.state !== 'unknown' ? (options.statusScores[status.state] ?? null) : null;
}

/** A key result's weight: `(weight 2)` on its line, else 1. */
export function weightOf(text: string): number {
  const match = WEIGHT.exec(text);
  return match ? Number(match[1]) : 1;
}

/** A key result's own evidence: its score and where it was read, or null. */
export function keyResultEvidence(keyResult: Pick<KeyResult, 'text' | 'progress'>, options: ScoringOptions = DEFAULT_SCORING): { score: number; from: KeyResultScoreSource } | null {
  const grade = gradeOf(keyResult.text, keyResult.progress);
  if (grade !== null) return { score: grade, from: 'score' };
  const progress = progressScore(keyResult.progress, options);
  if (progress !== null) return { score: progress, from: 'progress' };
  const status = statusScore(keyResult.text, options);
  return status !== null ? { score: status, from: 'status' } : null;
}

/** Rolls scores up in a mode; items without a score are skipped, and none gives null. */
export function rollUp(items: ReadonlyArray<{ score: number | null; weight?: number }>, mode: RollupMode): number | null {
  const scored = items.filter((item): item is { score: number; weight?: number } => item.score !== null);
  if (scored.length === 0) return null;
  if (mode === 'weakest') return Math.min(...scored.map((item) => item.score));
  const weight = (item: { weight?: number }): number => (mode === 'weighted' ? (item.weight ?? 1) : 1);
  const total = scored.reduce((sum, item) => sum + weight(item), 0);
  if (total === 0) return null;
  return scored.reduce((sum, item) => sum + item.score * weight(item), 0) / total;
}

/** Scored copies, remembered per options and per input object. */
const memory = new WeakMap<ScoringOptions, { keyResults: WeakMap<KeyResult, KeyResult>; objectives: WeakMap<Objective, Objective> }>();

function memoryFor(options: ScoringOptions): { keyResults: WeakMap<KeyResult, KeyResult>; objectives: WeakMap<Objective, Objective> } {
  let known = memory.get(options);
  if (!known) memory.set(options, (known = { keyResults: new WeakMap(), objectives: new WeakMap() }));
  return known;
}

/** A key result with its score: its own evidence, else the roll-up of the objectives that serve it. */
export function scoreKeyResult(keyResult: KeyResult, options: ScoringOptions = DEFAULT_SCORING): KeyResult {
  const known = memoryFor(options);
  let scored = known.keyResults.get(keyResult);
  if (scored) return scored;
  const children = keyResult.children.map((child) => scoreObjective(child, options));
  const own = keyResultEvidence(keyResult, options);
  const served = own ? null : rollUp(children, options.rollup);
  const score = own?.score ?? served;
  const from: KeyResultScoreSource | null = own?.from ?? (served !== null ? 'objectives' : null);
  scored = { ...keyResult, children, score, band: scoreBand(score, options.bands), scoreFrom: from, weight: weightOf(keyResult.text) };
  known.keyResults.set(keyResult, scored);
  return scored;
}

/** An objective with its key results and nested objectives scored, and its roll-up of them. */
export function scoreObjective(objective: Objective, options: ScoringOptions = DEFAULT_SCORING): Objective {
  const known = memoryFor(options);
  let scored = known.objectives.get(objective);
  if (scored) return scored;
  const keyResults = objective.keyResults.map((keyResult) => scoreKeyResult(keyResult, options));
  const children = objective.children.map((child) => scoreObjective(child, options));
  const items = [...keyResults, ...children];
  const rolled = rollUp(items, options.rollup);
  const own = rolled === null ? progressScore(objective.progress, options) : null;
  const score = rolled ?? own;
  const rollup: ObjectiveRollup = {
    mode: options.rollup,
    scored: items.filter((item) => item.score !== null).length,
    items: items.length,
    from: rolled !== null ? 'rollup' : own !== null ? 'progress' : null,
  };
  scored = { ...objective, keyResults, children, score, band: scoreBand(score, options.bands), rollup };
  known.objectives.set(objective, scored);
  return scored;
}

/** A plan with every key result and objective scored, its top-level roll-up and its share of tasks done. */
export function scorePlan(plan: Plan, options: ScoringOptions = DEFAULT_SCORING): Plan {
  const objectives = plan.objectives.map((objective) => scoreObjective(objective, options));
  const counted = plan.tasks.filter((task) => task.status !== 'dropped');
  const done = counted.filter((task) => task.status === 'done').length;
  return { ...plan, objectives, score: rollUp(objectives, options.rollup), progress: counted.length > 0 ? done / counted.length : null };
}

/** How many key results a plan has and how many of them have a score, with the average of those scores. */
export function keyResultScores(plan: Plan): { keyResults: number; scored: number; average: number | null } {
  const keyResults = [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults);
  const scores = keyResults.flatMap((keyResult) => (keyResult.score === null ? [] : [keyResult.score]));
  return { keyResults: keyResults.length, scored: scores.length, average: scores.length > 0 ? scores.reduce((sum, score) => sum + score, 0) / scores.length : null };
}

/** A score as people read it: two decimals at most, `0.7`, `0.67`, `1`. */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** How an objective's score was made, in words: `0.6 (yellow), average of 3 of 4 scored`. */
export function describeRollup(objective: Pick<Objective, 'score' | 'band' | 'rollup'>): string {
  if (objective.score === null) return objective.rollup.items > 0 ? `no score: none of its ${objective.rollup.items} key results and objectives has one` : 'no score';
  const band = objective.band ? ` (${objective.band})` : '';
  if (objective.rollup.from === 'progress') return `${formatScore(objective.score)}${band}, from its own progress note`;
  const mode = objective.rollup.mode === 'weakest' ? 'weakest' : objective.rollup.mode === 'weighted' ? 'weighted average' : 'average';
  return `${formatScore(objective.score)}${band}, ${mode} of ${objective.rollup.scored} of ${objective.rollup.items} scored`;
}
