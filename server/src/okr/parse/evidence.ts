/**
 * The page-level decision: a Markdown page is an OKR plan only when the
 * evidence says so. A handbook holds hundreds of pages for every plan, and
 * many of them have bold items with bullets or tables of steps that read
 * like objectives and tasks. What sets a plan apart is that it says what it
 * is (a title or heading that names OKRs, or goals for a period), marks
 * its key results, or ties a status table to task details. Each kind of
 * evidence weighs a point or two; a page that reads as a guide to OKRs
 * loses two; a plan needs PLAN_WEIGHT points and something to show.
 */
import { allObjectives, type Plan } from '../model/plan';
import { isOkrHeading, periodOf } from './patterns';

/** The weight of evidence a page needs to be read as a plan. */
export const PLAN_WEIGHT = 3;

/** Words of a title that explains OKRs rather than holding them. */
const GUIDE_TITLE = /\b(?:how|what|why|guide|guidelines|process|faq|template|writing|setting|examples?|tips|grading|scoring)\b/i;
export const OKR_WORDS = /\bOKRs?\b|\bobjectives?\b|\bkey results?\b|\bgoals?\b/i;

/** A key-result marker before a key result's text on its line. */
export const KR_MARKER = /\bKRs?\b|Key[ \t]+[Rr]esults?/;

/** The heading that best says a page holds OKRs, and how strongly. */
export interface HeadingEvidence {
  text: string;
  /** 2 when the heading names OKRs or goals and a period (`FY21-Q1 OKRs`), 1 for OKRs or goals alone. */
  weight: number;
}

/** OKRs by name: "goals" or "objectives" alone are everyday words ("Intro and goal", "Business objectives"). */
export const OKR_BY_NAME = /\bOKRs?\b|\bkey results?\b/i;

/**
 * How strongly a heading says that the page holds OKRs: naming them and a
 * period (`FY21-Q1 OKRs`, `FY'23 goals`) weighs 2, naming OKRs or key results
 * alone 1; null when it does not say so.
 */
export function headingEvidence(text: string): HeadingEvidence | null {
  if (!isOkrHeading(text)) return null;
  if (periodOf(text)) return { text, weight: 2 };
  return OKR_BY_NAME.test(text) ? { text, weight: 1 } : null;
}

/** The stronger of two pieces of heading evidence, the earlier on a tie. */
export function strongerHeading(a: HeadingEvidence | null, b: HeadingEvidence | null): HeadingEvidence | null {
  return b && (!a || b.weight > a.weight) ? b : a;
}

/** Whether a page is a plan, and the evidence in words for `okr outline` and the Outline's hover. */
export interface Verdict {
  isPlan: boolean;
  reasons: string[];
}

/** Weighs what a page showed; `lines` are the page's lines, to see which key results are marked. */
export function weighEvidence(plan: Plan, lines: readonly string[], heading: HeadingEvidence | null): Verdict {
  const reasons: string[] = [];
  let weight = 0;
  const add = (points: number, reason: string): void => {
    weight += points;
    reasons.push(reason);
  };
  if (plan.title !== null && OKR_WORDS.test(plan.title) && GUIDE_TITLE.test(plan.title)) add(-2, `the title "${plan.title}" reads as a guide to OKRs`);
  if (heading) add(heading.weight, heading.weight === 2 ? `"${heading.text}" names OKRs and a period` : `"${heading.text}" names OKRs or goals`);

  const objectives = [...allObjectives(plan.objectives)];
  const keyResults = objectives.flatMap((objective) => objective.keyResults);
  const marked = keyResults.filter((keyResult) => KR_MARKER.test((lines[keyResult.line - 1] ?? '').slice(0, keyResult.column - 1))).length;
  if (marked >= 2) add(2, `${marked} key results are marked KR`);
  const measured = objectives.filter((objective) => objective.keyResults.length > 0).length;
  if (measured > 0) add(1, `${count(measured, 'objective')} with key results`);
  const detailed = plan.tasks.filter((task) => task.detailsLine !== null).length;
  if (detailed >= 2) add(2, `${detailed} tasks have details sections`);
  else if (plan.tasks.some((task) => task.cells.status !== null)) add(1, `a status table of ${count(plan.tasks.length, 'task')}`);

  const somethingToShow = objectives.length > 0 || plan.tasks.length > 0;
  return { isPlan: somethingToShow && weight >= PLAN_WEIGHT, reasons };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
