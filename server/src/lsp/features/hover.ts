/**
 * Hovers that explain what the plan refers to: who a teammate is, what a
 * status means, what belongs in a placeholder, and where a redacted number is
 * defined. They read the latest parse and never wait for a re-check.
 */
import { MarkupKind, type Connection, type Hover, type Position } from 'vscode-languageserver';
import type { Diagnostic as PlanDiagnostic } from '../../okr/check/types';
import type { PlanDocument } from '../../okr/parse/parser';
import type { Roster } from '../../okr/model/roster';
import type { StatusSet } from '../../okr/model/statuses';
import { lastDiagnostics } from '../session/checkScheduler';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { escapeMarkdown } from '../convert/markup';
import { modelRange, spanContains, spanRange } from '../convert/positions';
import { describeTeammate, nameAt } from './teammates';
import { ruleHasTag } from '../../okr/check/rules/index';
import { allObjectives, type KeyResult, type Objective } from '../../okr/model/plan';
import { describeAlignedPlans } from './alignment';
import type { IndexedPlan } from '../session/workspaceIndex';
import { describeRollup, formatScore } from '../../okr/model/scoring';
import { describeLastCheckIn } from '../../okr/history/lastCheckIn';
import type { PlanHistories } from '../session/planHistories';

/** What a hover may explain besides the document. */
export interface HoverContext {
  roster: Roster;
  statuses: StatusSet;
}

/** What to write in place of each kind of placeholder, by what the placeholder says. */
const PLACEHOLDER_GUIDANCE: ReadonlyArray<readonly [RegExp, string]> = [
  [/to be filled in/i, 'the content this section promises; the date says when it was due.'],
  [/%/, 'the target percentage, e.g. `60%`.'],
  [/\$/, 'the amount, e.g. `$250K`; a confidential figure becomes a redacted reference such as `[_$N<sub>1</sub>_][n1]` defined at the end of the page.'],
  [/\bdays?\b/i, 'the number of days.'],
  [/\b(tbd|tba|to ?do)\b/i, 'the decision, name or date that is still open.'],
  [/key result/i, 'a measurable result: the metric, its baseline → target, and the date.'],
  [/objective/i, 'a short qualitative goal that says what changes for whom.'],
  [/^$/, 'the names or text this field asks for.'],
  [/.*/, 'the real number or text this stands for.'],
];

/** Guidance for a placeholder's text. */
export function placeholderGuidance(text: string): string {
  return PLACEHOLDER_GUIDANCE.find(([pattern]) => pattern.test(text.trim()))![1];
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

function referenceHover(doc: PlanDocument, position: Position): Hover | null {
  const reference = doc.plan.references.find((candidate) => spanContains({ text: candidate.label, ...candidate }, position));
  if (!reference) return null;
  const definition = doc.plan.definitions.find((candidate) => candidate.identifier === reference.identifier);
  const where = definition
    ? `defined on line ${definition.line}: ${escapeMarkdown(definition.url)}`
    : `**not defined**: add \`[${escapeMarkdown(reference.identifier)}]: <link>\` at the end of the page`;
  return markdown(`Redacted value **${escapeMarkdown(reference.label)}**: a confidential figure kept elsewhere, \`[${escapeMarkdown(reference.identifier)}]\` ${where}.`, modelRange(doc.lines, reference.line, reference.column, reference.line, reference.endColumn));
}

function statusHover(doc: PlanDocument, statuses: StatusSet, position: Position): Hover | null {
  const task = doc.plan.tasks.find((candidate) => candidate.cells.status && spanContains(candidate.cells.status, position));
  if (!task?.cells.status) return null;
  const resolved = statuses.resolve(task.statusText);
  const meaning = resolved.known
    ? `means *${resolved.state}*: ${escapeMarkdown(resolved.definition ? statuses.describe(resolved.definition) : 'no status given yet.')}`
    : 'is not one of the team\'s statuses (setting `okr.statuses`), so it counts as *unknown*.';
  return markdown(`Status **${escapeMarkdown(task.statusText)}** ${meaning}`, spanRange(doc.lines, task.cells.status));
}

function teammateHover(doc: PlanDocument, roster: Roster, position: Position): Hover | null {
  const name = nameAt(doc.plan, doc.lines, position);
  if (!name || roster.isEmpty) return null;
  const person = roster.find(name.text);
  const range = spanRange(doc.lines, name);
  if (person) return markdown(describeTeammate(person), range);
  if (roster.isGroup(name.text)) return markdown(`**${escapeMarkdown(name.text)}**: a group of teammates.`, range);
  const closest = roster.closest(name.text);
  const suggestion = closest.length > 0 ? ` Did you mean ${closest.map((candidate) => `**${escapeMarkdown(candidate)}**`).join(', ')}?` : '';
  return markdown(`**${escapeMarkdown(name.text)}** is not in the roster.${suggestion}`, range);
}

function placeholderHover(doc: PlanDocument, diagnostics: readonly PlanDiagnostic[], position: Position): Hover | null {
  for (const diagnostic of diagnostics) {
    if (!ruleHasTag(diagnostic.code, 'placeholder')) continue;
    const range = modelRange(doc.lines, diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn);
    const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character > b.character);
    if (after(range.start, position) || after(position, range.end)) continue;
    const text = range.start.line === range.end.line ? (doc.lines[range.start.line] ?? '').slice(range.start.character, range.end.character) : '';
    return markdown(`**Placeholder**: ${escapeMarkdown(diagnostic.message)}\n\nPut here ${placeholderGuidance(text)}`, range);
  }
  return null;
}

/** On the plan's title (its `# ` heading, or the front matter that names it): why the page is read as a plan, and when it was last checked in. */
function titleHover(doc: PlanDocument, position: Position, lastCheckIn: string | null): Hover | null {
  const { title, evidence } = doc.plan;
  if (title === null || evidence.length === 0) return null;
  const source = doc.lines[position.line] ?? '';
  const onHeading = /^ {0,3}# /.test(source) && source.includes(title);
  // Front matter is blanked in the parsed lines: its first line stands for it.
  const onFrontMatter = position.line === 0 && source === '' && doc.lines.length > 1;
  if (!onHeading && !onFrontMatter) return null;
  const reasons = evidence.map((reason) => `- ${escapeMarkdown(reason)}`).join('\n');
  return markdown(`**OKR plan**: read as a plan because\n\n${reasons}\n\nAdd \`<!-- okr-disable-file -->\` to the page, or list it in \`okr.exclude\`, to turn it off.${checkInLine(lastCheckIn)}`, modelRange(doc.lines, position.line + 1, 1, position.line + 1, source.length + 1));
}

/** Where a key result's score was read from, in words. */
const SCORE_SOURCES: Record<NonNullable<KeyResult['scoreFrom']>, string> = {
  score: 'the grade written on its line',
  progress: 'its progress note',
  status: 'the status written on its line',
  objectives: 'the objectives that serve it, rolled up',
};

/** A paragraph that says when the plan was last checked in (Markdown), or nothing when that is not known. */
function checkInLine(lastCheckIn: string | null): string {
  return lastCheckIn === null ? '' : `\n\n${lastCheckIn.charAt(0).toUpperCase()}${lastCheckIn.slice(1)}.`;
}

/** On an objective's or key result's line (away from anything more precise): its score and how it was made. */
function scoreHover(doc: PlanDocument, position: Position, lastCheckIn: string | null, aligned: AlignedNote): Hover | null {
  const line = position.line + 1;
  const range = modelRange(doc.lines, line, 1, line, (doc.lines[position.line] ?? '').length + 1);
  for (const objective of allObjectives(doc.plan.objectives)) {
    if (objective.line === line) {
      const note = aligned(objective);
      return markdown(`**Objective score**: ${describeRollup(objective)}.${note ? `\n\n${note}` : ''}${checkInLine(lastCheckIn)}`, range);
    }
    const keyResult = objective.keyResults.find((candidate) => candidate.line === line);
    if (!keyResult) continue;
    if (keyResult.score === null) return markdown('**Key result score**: none. Write a progress note such as `=> 70%`, `=> Done` or `Score: 0.7` to give it one.', range);
    const band = keyResult.band ? ` (${keyResult.band})` : '';
    return markdown(`**Key result score**: ${formatScore(keyResult.score)}${band}, from ${SCORE_SOURCES[keyResult.scoreFrom ?? 'progress']}.`, range);
  }
  return null;
}

/** What an objective's hover adds about the team plans that serve it, if anything. */
export type AlignedNote = (objective: Objective) => string | null;

/**
 * The hover at a position, or null where there is nothing to explain.
 * `diagnostics` are the latest already computed, if any; `lastCheckIn` says
 * in Markdown when the plan was last checked in (`last check-in 12 days ago, by Ana`), when known.
 */
export function computeHover(doc: PlanDocument, context: HoverContext, position: Position, diagnostics: readonly PlanDiagnostic[] = [], lastCheckIn: string | null = null, aligned: AlignedNote = () => null): Hover | null {
  return (
    titleHover(doc, position, lastCheckIn) ??
    referenceHover(doc, position) ??
    statusHover(doc, context.statuses, position) ??
    teammateHover(doc, context.roster, position) ??
    placeholderHover(doc, diagnostics, position) ??
    scoreHover(doc, position, lastCheckIn, aligned)
  );
}

/** The last check-in in words, from a history already read: a hover never waits for git. */
function lastCheckInOf(histories: PlanHistories | undefined, uri: string): string | null {
  const last = histories?.settled(uri)?.history?.checkIns.at(-1);
  return last ? describeLastCheckIn({ date: last.date, author: escapeMarkdown(last.author) }, new Date()) : null;
}

/** Answers hovers at once from the latest parse, the diagnostics already computed for it, the history already read, and the plans the index knows. */
export function registerHover(connection: Connection, documents: PlanDocuments, histories?: PlanHistories, plans: () => Iterable<IndexedPlan> = () => []): void {
  connection.onHover(
    planHandler(
      connection,
      'Hover',
      documents,
      null,
      (open, { position }) => computeHover(open.doc, open.context, position, lastDiagnostics(open.doc), lastCheckInOf(histories, open.uri), (objective) => describeAlignedPlans(documents.contexts.files, open.uri, open.doc.plan, objective, plans())),
      'latest',
    ),
  );
}
