import type { TaskDetails, TextSpan } from '../model/plan';

/**
 * The words and shapes by which plans mark their parts, recognised by
 * principle rather than by matching known files: an owner is a short
 * capitalised label before a colon, a key result is marked `KR` or
 * `Key Result N`, an objective may say so, and a period looks like FY22Q4.
 */

/** Labels before a colon that are fields or prose, never an owner. */
const NOT_OWNERS = new Set([
  'kr', 'krs', 'key result', 'key results', 'objective', 'objectives', 'why', 'note', 'notes', 'nb', 'details', 'detail',
  'workgroup', 'facilitator', 'channel', 'slack channel', 'status', 'progress', 'update', 'example', 'examples', 'e.g',
  'tl;dr', 'tldr', 'link', 'links', 'docs', 'see', 'goal', 'goals', 'result', 'results', 'summary', 'context', 'rationale',
  'problem', 'problem area', 'metric', 'metrics', 'target', 'baseline', 'deadline', 'due', 'date', 'owner', 'owners',
  'dri', 'responsible', 'team', 'project', 'projects', 'task', 'tasks', 'initiative', 'initiatives', 'http', 'https',
  'question', 'answer', 'important', 'warning', 'todo', 'to do', 'tbd', 'done', 'fyi', 'ps', 'outcome', 'impact', 'theme',
]);

/** Words that start a sentence, never a team's or a person's name. */
const SENTENCE_START = /^(?:the|a|an|this|that|these|those|our|we|it|in|on|for|with|if|when|and|or|to|by|of|each|every|here|there|you|your)\b/i;

/** `Sales (Closing Deals): text`: a capitalised label of up to five words, optionally with a parenthetical. */
const OWNER_PREFIX = /^([A-Z][\p{L}\p{N}&/.'’+-]*(?:[ \t]+[\p{L}\p{N}&/.'’+-]+){0,4}(?:[ \t]*\([^()]{1,40}\))?)[ \t]*:[ \t]+(\S.*)$/u;

/** Splits `Owner: rest` when the label looks like an owner; otherwise null. */
export function splitOwner(text: string): { owner: string; rest: string } | null {
  // The label is at most a few words long: only its first stretch can hold the colon.
  const colon = text.indexOf(':');
  if (colon < 0 || colon > 100) return null;
  const match = OWNER_PREFIX.exec(text);
  if (!match) return null;
  const owner = match[1].trim();
  const key = owner.toLowerCase().replace(/\s*\(.*\)$/, '').replace(/\s+\d+$/, '');
  if (NOT_OWNERS.has(key) || /^(?:kr|objective|key result)s?\b/i.test(owner) || SENTENCE_START.test(owner)) return null;
  return { owner, rest: match[2].trim() };
}

/** `KR: …`, `Sales KR: …`, `KR1: …`, `Key Result 2: …`, `**KR**: …` (after markup is dropped). */
const KR_MARKER = /^(?:(.{1,60}?)[ \t]+)?(?:KRs?|Key[ \t]+[Rr]esults?)[ \t]*#?\d*[ \t]*[:：.)–-][ \t]*(.*)$/;

/** A cheap test that a line may be a key-result line, before the full pattern runs. */
const KR_WORD = /KR|Key[ \t]+[Rr]esult/;

/** Splits a key-result line into its owner and text; null when the line is not marked as a key result. */
export function splitKeyResult(text: string): { owner: string | null; rest: string } | null {
  if (!KR_WORD.test(text.slice(0, 80))) return null;
  const match = KR_MARKER.exec(text);
  if (!match) return null;
  const owner = match[1]?.trim() ?? null;
  if (owner !== null && !/^[A-Z]/.test(owner)) return null;
  if (owner !== null && /[.:!?]$/.test(owner)) return null;
  return { owner, rest: match[2].trim() };
}

/** Where a key-result marker ends in a source line: the column (1-based) of the key result's text. */
export function keyResultTextColumn(source: string, fallback: number): number {
  const match = /(?:KRs?|Key[ \t]+[Rr]esults?)[ \t]*#?\d*[ \t]*(?:\*\*|__)?[ \t]*[:：.)–-][ \t]*(?:\*\*|__)?[ \t]*/.exec(source.slice(fallback - 1));
  return match ? fallback + (match.index ?? 0) + match[0].length : fallback;
}

/** `OBJECTIVE: …`, `Objective 2: …`, `Problem Area: …`, `Goal: …`, optionally after an owner. */
const OBJECTIVE_MARKER = /^(?:(.{1,60}?)[ \t]+)?(?:objective|problem[ \t]+area|focus[ \t]+area|goal|theme)[ \t]*#?\d*[ \t]*[:：.–-][ \t]*(.*)$/i;

/** A cheap test that a line may say it is an objective, before the full pattern runs. */
const OBJECTIVE_WORD = /objective|problem|focus|goal|theme/i;

/** Splits a line that says it is an objective; null when it does not. */
export function splitObjective(text: string): { owner: string | null; rest: string } | null {
  if (!OBJECTIVE_WORD.test(text.slice(0, 80))) return null;
  const match = OBJECTIVE_MARKER.exec(text);
  if (!match || match[2].trim() === '') return null;
  const owner = match[1]?.trim() ?? null;
  if (owner !== null && !/^[A-Z]/.test(owner)) return null;
  return { owner, rest: match[2].trim() };
}

/** `WHY:`, `Rationale:`, `Context:`: a paragraph that explains an objective rather than measuring it. */
export const RATIONALE = /^(?:why|rationale|context|background|because|motivation)\b[ \t]*[:：.–-]/i;

/** A paragraph that introduces a list of key results (`…via the following key results:`). */
export const KEY_RESULTS_INTRO = /\bkey[ \t-]+results?\b[^.]*[:：…]\s*$|\bmeasure(?:d)?\b.*\b(?:by|via|with)\b[^.]*[:：]\s*$/i;

/** A paragraph that introduces the objective (`Our objective this quarter is to:`). */
export const OBJECTIVE_INTRO = /\b(?:objectives?|goals?)\b[^.]*[:：]\s*$/i;

/** A paragraph that introduces the work (`To accomplish our OKR, we will…`). */
export const TASKS_INTRO = /\b(?:to accomplish|we will|we'll|initiatives?|projects?|tasks?)\b[^.]*(?:[:：…]|\.\.\.)\s*$/i;

/** Headings whose sections list the work or describe it. */
export const TASKS_HEADING = /\b(?:initiatives?|tasks?|projects?|action items?|workstreams?)\b/i;
export const DETAILS_HEADING = /\bdetails?\b/i;

/** A numbered heading such as `### 3 Retro key Q2 tickets` or `### Task 3: …`. */
export const NUMBERED_TITLE = /^(?:task|project|initiative)?[ \t]*#?(\d{1,5})[ \t]*[.):–-]?[ \t]+(\S.*)$/i;

/** `- Workgroup: …` and other short field labels in a details section. */
export const FIELD = /^([A-Z][\p{L} /&'-]{0,30}?)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$/u;

/** The period a title names: FY22Q4, FY21-Q2, 2020-Q1, Q3 2024, H1 FY23. */
const PERIOD = /\b(?:FY[ \t'’]?\d{2,4}[ \t-]*(?:Q[1-4]|H[12])?|\d{4}[ \t-]*(?:Q[1-4]|H[12])|(?:Q[1-4]|H[12])[ \t-]*(?:FY)?\d{2,4})\b/i;

/** Extracts the period from a title, as written. */
export function periodOf(title: string): string | null {
  return PERIOD.exec(title)?.[0].trim() ?? null;
}

/**
 * A heading that says the page is a plan: it names a period. (A page titled
 * just "OKRs" may as well explain them; such a page becomes a plan only
 * through key results, or through numbered objectives with measurable bullets.)
 */
export function isPlanHeading(text: string): boolean {
  return periodOf(text) !== null;
}

const OKR_WORDS = /\bOKRs?\b|\bobjectives?\b|\bkey results?\b|\bgoals?\b/i;
const GUIDE_WORDS = /\b(?:how|what|why|guide|guidelines|about|process|faq|template|writing|write|setting|set|good|examples?|tips|grading|scoring)\b/i;

/** A heading that speaks of OKRs or goals without being a guide to writing them. */
export function isOkrHeading(text: string): boolean {
  return OKR_WORDS.test(text) && !GUIDE_WORDS.test(text);
}

/** An emoji (or checkbox) status at the start of an initiative: `✅ Create a tool …`. */
export const LEADING_STATUS = /^(\p{Extended_Pictographic}\uFE0F?|[✓✔✗✘☐☑☒])[ \t]*(.*)$/u;

/** `Nonso will launch …`: an owner named at the start of the sentence. */
export const SENTENCE_OWNER = /^([A-Z][\p{Ll}’'-]+(?:[ \t]+[A-Z][\p{Ll}’'-]+)?)[ \t]+(?:will|is going to|owns|leads|to)\b/u;

/** Details fields whose values name people. */
export const PEOPLE_FIELD = /^(?:work ?group|facilitators?|owners?|responsible|dri|leads?)$/i;

/** The values of a details section's people fields (Workgroup, Facilitator…) that are filled in, as spans. */
export function peopleFieldValues(details: TaskDetails): TextSpan[] {
  return details.fields
    .filter((field) => PEOPLE_FIELD.test(field.name.trim()) && field.value.trim() !== '')
    .map((field) => ({ text: field.value, line: field.line, column: field.column, endColumn: field.column + field.value.length }));
}

/** Splits a list of names (`Brielle, Nonso and Tamar`) at commas, semicolons, ampersands, plus signs and "and", keeping where each name is. */
export function splitNameSpans(span: TextSpan): TextSpan[] {
  const names: TextSpan[] = [];
  for (const match of span.text.matchAll(/[^,;&+]+/g)) {
    let offset = match.index ?? 0;
    for (const part of match[0].split(/(\band\b)/)) {
      const leading = part.length - part.trimStart().length;
      const text = part.trim();
      if (text !== '' && part !== 'and') {
        const column = span.column + offset + leading;
        names.push({ text, line: span.line, column, endColumn: column + text.length });
      }
      offset += part.length;
    }
  }
  return names;
}

/** Splits a Responsible cell into names. */
export function splitNames(text: string): string[] {
  return splitNameSpans({ text, line: 1, column: 1, endColumn: text.length + 1 }).map((name) => name.text);
}

/** The arrow before a progress note: `=>`, `==>` or `-->`. */
export const PROGRESS_ARROW = /\s*(?:=?=>|-->)/;

/** Splits `text => progress note` (or `==>`, `-->`). */
export function splitProgress(text: string): { text: string; progress: string | null } {
  const arrow = PROGRESS_ARROW.exec(text);
  if (!arrow) return { text: text.trim(), progress: null };
  const progress = text.slice(arrow.index + arrow[0].length).trim();
  return { text: text.slice(0, arrow.index).trim(), progress: progress === '' ? null : progress };
}
