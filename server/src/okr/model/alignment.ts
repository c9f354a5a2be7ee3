/**
 * Alignment: a team plan serves a company objective by linking to it (the
 * company plan's page with the objective's anchor, `../company/okrs.md#1-ceo-iacv`)
 * or by quoting its text. Key results are referred to as `KR1`, `KR 2`.
 */
import { anchorsOf, linkAnchor } from './anchors';
import { allObjectives, type Heading, type KeyResult, type Objective, type Plan, type PlanLink, type TextSpan } from './plan';
import { rollUp } from './scoring';

/** A company plan: objectives, and no status table of its own. */
export function isCompanyPlan(plan: Plan): boolean {
  return plan.objectives.length > 0 && !plan.tasks.some((task) => task.source === 'table');
}

/** The heading an objective is written as, or undefined when it is a list item or paragraph. */
export function objectiveHeading(plan: Plan, objective: Objective): Heading | undefined {
  return plan.headings.find((heading) => heading.line === objective.line);
}

/** The heading of the section holding a line: the last heading at or above it. */
export function sectionHeading(plan: Plan, line: number): Heading | undefined {
  let found: Heading | undefined;
  for (const heading of plan.headings) {
    if (heading.line > line) break;
    found = heading;
  }
  return found;
}

/** What a link's anchor leads to in the plan it points at. */
export type LinkTarget = { kind: 'objective'; objective: Objective; heading: Heading } | { kind: 'heading'; heading: Heading } | { kind: 'missing'; anchor: string } | { kind: 'page' };

/** Resolves a link's anchor in the plan its path leads to. */
export function linkTarget(target: Plan, url: string): LinkTarget {
  const anchor = linkAnchor(url);
  if (anchor === null) return { kind: 'page' };
  const wanted = anchor.toLowerCase();
  const heading = target.headings.find((candidate) => anchorsOf(candidate).some((known) => known.toLowerCase() === wanted));
  if (!heading) return { kind: 'missing', anchor };
  const objective = [...allObjectives(target.objectives)].find((candidate) => candidate.line === heading.line);
  return objective ? { kind: 'objective', objective, heading } : { kind: 'heading', heading };
}

/** The objectives written as headings, with their headings: what a link can point at. */
export function linkableObjectives(plan: Plan): Array<{ objective: Objective; heading: Heading }> {
  const found: Array<{ objective: Objective; heading: Heading }> = [];
  for (const objective of allObjectives(plan.objectives)) {
    const heading = objectiveHeading(plan, objective);
    if (heading) found.push({ objective, heading });
  }
  return found;
}

/** An objective as people name it: `CEO: Grow IACV`. */
export function objectiveLabel(objective: Objective): string {
  return objective.owner ? `${objective.owner}: ${objective.title}` : objective.title;
}

const foldText = (text: string): string => text.normalize('NFC').toLowerCase().replace(/[*_`"“”]/g, '').replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();

/** Quoted passages of a line (`"…"` or `“…”`), as spans, long enough to be an objective rather than a word. */
export function quotedSpans(source: string, line: number): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of source.matchAll(/"([^"\n]{8,300})"|“([^“”\n]{8,300})”/g)) {
    const text = match[1] ?? match[2];
    const column = (match.index ?? 0) + 2;
    spans.push({ text, line, column, endColumn: column + text.length });
  }
  return spans;
}

/** The company objective whose text (with or without its owner) a quoted passage repeats, if any. */
export function quotedObjective(quote: string, objectives: Iterable<Objective>): Objective | undefined {
  const wanted = foldText(quote);
  if (wanted === '') return undefined;
  for (const objective of objectives) {
    if (foldText(objective.title) === wanted || foldText(objectiveLabel(objective)) === wanted) return objective;
  }
  return undefined;
}

/** A reference to a key result by number, as plans write it: `KR1`, `KR 2`, `KR#3`. */
const KR_REFERENCE = /\bKR[ ]?#?(\d{1,3})\b/g;

/** The `KR1`-style references on a line, with the number each names. */
export function keyResultReferences(source: string, line: number): Array<TextSpan & { number: number }> {
  const found: Array<TextSpan & { number: number }> = [];
  for (const match of source.matchAll(KR_REFERENCE)) {
    const column = (match.index ?? 0) + 1;
    found.push({ text: match[0], line, column, endColumn: column + match[0].length, number: Number(match[1]) });
  }
  return found;
}

/**
 * The plan's key results by the number a reference uses: the number written
 * on the key result's line (`KR2:`, `Key Result 2:`) when it has one, else
 * its place in the plan (the first is KR1).
 */
export function numberedKeyResults(plan: Plan, lines: readonly string[]): Array<{ number: number; keyResult: KeyResult }> {
  const keyResults = [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults).sort((a, b) => a.line - b.line);
  return keyResults.map((keyResult, index) => {
    const before = (lines[keyResult.line - 1] ?? '').slice(0, Math.max(0, keyResult.column - 1));
    const written = /(?:\bKR|Key[ \t]+[Rr]esult)[ \t]*#?(\d{1,3})\b/.exec(before);
    return { number: written ? Number(written[1]) : index + 1, keyResult };
  });
}

/** The links of a plan whose address has an anchor, the kind a rename of the target heading breaks. */
export function anchoredLinks(plan: Plan): PlanLink[] {
  return plan.links.filter((link) => linkAnchor(link.url) !== null);
}

/** A team plan's own measure, rolled into the objective it serves: its objectives' score, else the share of its tasks done. */
export function teamPlanScore(plan: Plan): number | null {
  return plan.score ?? plan.progress;
}

/**
 * A company objective's score with the team plans that serve it rolled in:
 * each plan counts as one more item beside the objective's own key results
 * and nested objectives, in the objective's roll-up mode.
 */
export function scoreWithAlignedPlans(objective: Objective, plans: readonly Plan[]): number | null {
  const own = [...objective.keyResults, ...objective.children].map((item) => ({ score: item.score, weight: 'weight' in item ? item.weight : 1 }));
  return rollUp([...own, ...plans.map((plan) => ({ score: teamPlanScore(plan), weight: 1 }))], objective.rollup.mode);
}
