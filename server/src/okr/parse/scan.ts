/**
 * A line scan that tells, before any Markdown parse, that a page cannot be
 * a plan. It weighs the same evidence as the plan decision (evidence.ts),
 * each piece at the most it could weigh given what the lines show, and
 * rejects a page only when even that falls short. So it may let a non-plan
 * through to the parse, but never rejects a page the parse would call a plan:
 * a handbook's thousands of pages cost a pass over their lines, and only the
 * few that could be plans cost a parse.
 */
import { contentLines, splitLines } from './markdown';
import { KR_MARKER, OKR_BY_NAME, OKR_WORDS, PLAN_WEIGHT } from './evidence';
import { periodOf } from './patterns';

/** Whether a page could be a plan, and why not when it cannot. */
export interface ScanVerdict {
  maybePlan: boolean;
  /** Why the page cannot be a plan, when it cannot. */
  reason: string | null;
}

/** A line that may be an ATX heading, behind any block quote and list markers. */
const ATX_HEADING = /^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*#{1,6}(?:[ \t]|$)/;
/** A line that may underline a setext heading. */
const SETEXT_UNDERLINE = /^[ \t>]*(?:=+|-+)[ \t]*$/;
const BLANK = /^[ \t>]*$/;
/** Markup that Markdown drops from a heading's text: emphasis, code, escapes and inline HTML. */
const MARKUP = /<[^<>\n]*>|[*_~`\\]/g;
/** A character reference, which may spell any word: a heading with one is taken at its highest weight. */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
/** What may open a status cell: the word in a table's header, or a leading emoji or check mark. */
const STATUS_WORD = /status|state/i;
const STATUS_MARK = /[\p{Extended_Pictographic}✓✔✗✘☐☑☒]/u;
const DIGIT = /\d/;
/**
 * Where a heading's text may stop following its source: a link's destination
 * or label, a footnote, HTML or an autolink, a character reference. (A link's
 * or image's text before them reads as written.)
 */
const HIDING_MARKUP = /\]\(|\]\[|\[\^|[<&]/;
/** How a heading's text may start to describe a task by number (NUMBERED_TITLE): `3.`, `Task 3:`. */
const NUMBERED_START = /^[^\p{L}\p{N}]*(?:(?:task|project|initiative)[^\p{L}\p{N}]*)?\d/iu;
/** Text that may still lead into such a number. */
const NUMBER_LEAD_IN = /^[^\p{L}\p{N}]*(?:(?:task|project|initiative)[^\p{L}\p{N}]*)?$/iu;

/**
 * Whether a heading may describe a task by number. Its source up to the
 * first markup that may change its text is taken as written, less emphasis;
 * when all of that may still lead into a number, what follows might too.
 */
function mayBeNumbered(heading: string): boolean {
  if (!DIGIT.test(heading)) return false;
  return heading.split('\n').some((line) => {
    const cut = line.search(HIDING_MARKUP);
    const written = (cut < 0 ? line : line.slice(0, cut)).replace(MARKUP, '');
    return NUMBERED_START.test(written) || (cut >= 0 && NUMBER_LEAD_IN.test(written));
  });
}

/** The most a heading with this text could weigh as evidence (see headingEvidence). */
function headingWeight(text: string): number {
  if (CHARACTER_REFERENCE.test(text)) return 2;
  let weight = 0;
  for (const variant of [text, text.replace(MARKUP, '')]) {
    if (OKR_WORDS.test(variant) && periodOf(variant) !== null) return 2;
    if (OKR_BY_NAME.test(variant)) weight = 1;
  }
  return weight;
}

/** Scans a page's text; see scanLines. */
export function scanText(text: string): ScanVerdict {
  return scanLines(splitLines(text));
}

/**
 * Whether a page may be a plan, by a pass over its lines: the evidence it
 * could show at most (a heading naming OKRs, key results marked KR,
 * objectives with key results, tasks with details or a status table)
 * must reach the weight a plan needs, and the page must not opt out.
 */
export function scanLines(raw: readonly string[]): ScanVerdict {
  const lines = raw.length > 0 && raw[0].charCodeAt(0) === 0xfeff ? [raw[0].slice(1), ...raw.slice(1)] : raw;
  const page = contentLines(lines);
  if (page.optedOut) return { maybePlan: false, reason: 'the page says okr-disable-file' };
  const source = page.lines;
  let heading = page.title === null ? 0 : headingWeight(page.title);
  let marked = false;
  let status = false;
  let numberedHeadings = 0;
  let paragraphStart = 0;
  for (let at = 0; at < source.length; at++) {
    const line = source[at];
    if (BLANK.test(line)) {
      paragraphStart = at + 1;
      continue;
    }
    if (!marked && KR_MARKER.test(line)) marked = true;
    if (!status && (STATUS_WORD.test(line) || STATUS_WORD.test(line.replace(MARKUP, '')) || STATUS_MARK.test(line) || CHARACTER_REFERENCE.test(line))) status = true;
    let headingText: string | null = null;
    if (ATX_HEADING.test(line)) headingText = line;
    else if (SETEXT_UNDERLINE.test(line) && paragraphStart < at) {
      // A setext heading's text is the paragraph above its underline, which may span lines.
      const above = source.slice(paragraphStart, at).map((text) => text.replace(/^[ \t>]*/, ''));
      headingText = above.join('\n');
      if (heading < 2) heading = Math.max(heading, headingWeight(above.join(' ')));
      paragraphStart = at + 1;
    }
    if (headingText === null) continue;
    if (heading < 2) heading = Math.max(heading, headingWeight(headingText));
    if (mayBeNumbered(headingText)) numberedHeadings++;
  }
  // Objectives with key results are always possible; the rest as the lines allow.
  const tasks = numberedHeadings >= 2 ? 2 : status ? 1 : 0;
  const most = heading + (marked ? 2 : 0) + 1 + tasks;
  if (most >= PLAN_WEIGHT) return { maybePlan: true, reason: null };
  return { maybePlan: false, reason: `its evidence could weigh at most ${most} of the ${PLAN_WEIGHT} points a plan needs` };
}
