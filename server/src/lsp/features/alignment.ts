/**
 * What authors of a plan write about other parts of the plan and about the
 * company's plans: completions of `### N` details headings for tasks that have
 * none yet, of `KR1`-style references, and of links to company objectives
 * after `](`; and go-to from a `KR1` reference to its key result and from an
 * alignment link or quote to the company objective.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Location, type Position } from 'vscode-languageserver';
import { isCompanyPlan, scoreWithAlignedPlans, teamPlanScore, keyResultReferences, linkableObjectives, linkTarget, numberedKeyResults, objectiveLabel, quotedObjective, quotedSpans, sectionHeading } from '../../okr/model/alignment';
import { allObjectives, type Objective, type Plan } from '../../okr/model/plan';
import { linkedFile } from '../../okr/project/links';
import type { PlanDocument } from '../../okr/parse/parser';
import { escapeMarkdown } from '../convert/markup';
import { formatScore } from '../../okr/model/scoring';
import { linesRange, spanContains, unclampedRange } from '../convert/positions';
import type { WorkspaceFiles } from '../session/workspaceFiles';
import type { PathSyntax } from '../../okr/project/paths';
import type { IndexedPlan } from '../session/workspaceIndex';

/** `### ` or `### 4` typed at the start of a line, up to the cursor. */
const DETAILS_HEADING_START = /^(#{3,6})[ \t]+(\d*)$/;

/** The tasks that have no `### N` details section yet, offered where a heading's number is typed. */
export function computeDetailsHeadingCompletions(doc: PlanDocument, position: Position): CompletionItem[] {
  const before = (doc.lines[position.line] ?? '').slice(0, position.character);
  const typed = DETAILS_HEADING_START.exec(before);
  if (!typed) return [];
  const start = before.length - typed[2].length;
  const described = new Set(doc.plan.details.map((details) => details.id));
  return doc.plan.tasks
    .filter((task) => task.detailsLine === null && !described.has(task.id) && task.title !== '')
    .map((task, index) => ({
      label: `${task.id} ${task.title}`,
      kind: CompletionItemKind.Reference,
      detail: `Details of task ${task.id}`,
      documentation: { kind: MarkupKind.Markdown, value: `Starts the details section of task **${escapeMarkdown(task.id)}** (line ${task.line}).` },
      sortText: String(index).padStart(5, '0'),
      filterText: `${task.id} ${task.title}`,
      textEdit: { range: { start: { line: position.line, character: start }, end: position }, newText: `${task.id} ${task.title}` },
    }));
}

/** The plan's key results as `KR1`, `KR2`…, offered where `KR` is being typed. */
export function computeKeyResultCompletions(doc: PlanDocument, position: Position): CompletionItem[] {
  const before = (doc.lines[position.line] ?? '').slice(0, position.character);
  const typed = /(?:^|[^\w])(KR ?#?\d*)$/.exec(before);
  if (!typed) return [];
  const start = position.character - typed[1].length;
  return numberedKeyResults(doc.plan, doc.lines).map(({ number, keyResult }) => ({
    label: `KR${number}`,
    kind: CompletionItemKind.Reference,
    detail: keyResult.text,
    documentation: { kind: MarkupKind.Markdown, value: `Key result on line ${keyResult.line}: ${escapeMarkdown(keyResult.text)}` },
    sortText: String(number).padStart(4, '0'),
    textEdit: { range: { start: { line: position.line, character: start }, end: position }, newText: `KR${number}` },
  }));
}

/** A link's address relative to a page: forward slashes, spaces and parentheses escaped. */
export function relativeAddress(path: PathSyntax, fromFile: string, toFile: string): string {
  const relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  return encodeURI(relative).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A company objective a link may point at, with the anchor that leads to it. */
interface LinkChoice {
  objective: Objective;
  anchor: string | null;
  /** True when the anchor is the objective's own heading, not the section it sits in. */
  own: boolean;
}

function linkChoices(plan: Plan): LinkChoice[] {
  const own = new Map(linkableObjectives(plan).map(({ objective, heading }) => [objective, heading.anchor]));
  return [...allObjectives(plan.objectives)].map((objective) => {
    const anchor = own.get(objective);
    return anchor !== undefined ? { objective, anchor, own: true } : { objective, anchor: sectionHeading(plan, objective.line)?.anchor ?? null, own: false };
  });
}

/** Company objectives of the workspace as link targets, offered after `](` in a plan. */
export function computeLinkCompletions(files: WorkspaceFiles, uri: string, doc: PlanDocument, position: Position, plans: Iterable<IndexedPlan>): CompletionItem[] {
  const before = (doc.lines[position.line] ?? '').slice(0, position.character);
  const typed = /\]\(([^()\s]*)$/.exec(before);
  const from = files.toPath(uri);
  if (!typed || from === null) return [];
  const start = position.character - typed[1].length;
  const items: CompletionItem[] = [];
  for (const entry of plans) {
    const file = files.toPath(entry.uri);
    if (file === null || file === from || !isCompanyPlan(entry.plan)) continue;
    const address = relativeAddress(files.paths, from, file);
    for (const { objective, anchor, own } of linkChoices(entry.plan)) {
      const target = anchor === null ? address : `${address}#${anchor}`;
      const label = objectiveLabel(objective);
      items.push({
        label,
        kind: CompletionItemKind.File,
        detail: target,
        documentation: {
          kind: MarkupKind.Markdown,
          value: `Aligns to **${escapeMarkdown(label)}** in ${escapeMarkdown(entry.plan.title ?? address)}${own ? '' : ' (the link leads to the section that holds it)'}.`,
        },
        sortText: `${own ? 0 : 1} ${address} ${String(objective.line).padStart(7, '0')}`,
        filterText: `${typed[1]} ${label} ${target}`,
        textEdit: { range: { start: { line: position.line, character: start }, end: position }, newText: target },
      });
    }
  }
  return items;
}

/** Where an objective of an indexed plan is: its line, clamped when the plan's text is known. */
function objectiveLocation(entry: IndexedPlan, objective: Objective): Location {
  const range = entry.lines ? linesRange(entry.lines, objective.line) : unclampedRange(objective.line, 1, objective.line, 1);
  return { uri: entry.uri, range };
}

/** Finds an indexed plan by file path. */
function planAtFile(files: WorkspaceFiles, plans: Iterable<IndexedPlan>, file: string): IndexedPlan | undefined {
  for (const entry of plans) if (files.toPath(entry.uri) === file) return entry;
  return undefined;
}

/**
 * Where a `KR1` reference, an alignment link or a quoted company objective
 * under the cursor leads; null when the cursor is on none of them.
 */
export function computeAlignmentDefinition(files: WorkspaceFiles, uri: string, doc: PlanDocument, position: Position, plans: () => Iterable<IndexedPlan>): Location[] | null {
  const { plan, lines } = doc;
  const line = position.line + 1;
  const source = lines[position.line] ?? '';
  const reference = keyResultReferences(source, line).find((candidate) => spanContains(candidate, position));
  if (reference) {
    const keyResult = numberedKeyResults(plan, lines).find(({ number }) => number === reference.number)?.keyResult;
    return keyResult ? [{ uri, range: linesRange(lines, keyResult.line) }] : [];
  }
  const from = files.toPath(uri);
  const link = plan.links.find((candidate) => onLink(candidate, position));
  if (link && from !== null) {
    const file = linkedFile(files.paths, from, link.url);
    const entry = file === null ? undefined : planAtFile(files, plans(), file);
    if (!entry || file === null) return null;
    const target = linkTarget(entry.plan, link.url);
    if (target.kind === 'objective') return [objectiveLocation(entry, target.objective)];
    if (target.kind === 'heading') return [{ uri: entry.uri, range: entry.lines ? linesRange(entry.lines, target.heading.line) : unclampedRange(target.heading.line, 1, target.heading.line, 1) }];
    return [{ uri: files.toUri(file), range: unclampedRange(1, 1, 1, 1) }];
  }
  const quote = quotedSpans(source, line).find((candidate) => spanContains(candidate, position));
  if (quote) {
    for (const entry of plans()) {
      if (entry.uri === uri || !isCompanyPlan(entry.plan)) continue;
      const objective = quotedObjective(quote.text, allObjectives(entry.plan.objectives));
      if (objective) return [objectiveLocation(entry, objective)];
    }
  }
  return null;
}

function onLink(link: Plan['links'][number], position: Position): boolean {
  const line = position.line + 1;
  if (line < link.line || line > link.endLine) return false;
  if (line === link.line && position.character < link.column - 1) return false;
  return !(line === link.endLine && position.character > link.endColumn - 1);
}


/** The team plans of the workspace that link to an objective of the company plan at `uri`. */
export function alignedPlans(files: WorkspaceFiles, uri: string, company: Plan, objective: Objective, plans: Iterable<IndexedPlan>): IndexedPlan[] {
  const file = files.toPath(uri);
  if (file === null) return [];
  return [...plans].filter((entry) => {
    const from = files.toPath(entry.uri);
    if (from === null || from === file || isCompanyPlan(entry.plan)) return false;
    return entry.plan.links.some((link) => {
      if (linkedFile(files.paths, from, link.url) !== file) return false;
      const target = linkTarget(company, link.url);
      return target.kind === 'objective' && target.objective.line === objective.line;
    });
  });
}

/** Markdown for an objective's hover: the team plans that serve it, their scores, and the objective's score with them rolled in; null without any. */
export function describeAlignedPlans(files: WorkspaceFiles, uri: string, company: Plan, objective: Objective, plans: Iterable<IndexedPlan>): string | null {
  const aligned = alignedPlans(files, uri, company, objective, plans);
  if (aligned.length === 0) return null;
  const from = files.toPath(uri)!;
  const lines = aligned.map((entry) => {
    const score = teamPlanScore(entry.plan);
    const file = files.toPath(entry.uri);
    const where = file ? relativeAddress(files.paths, from, file) : entry.uri;
    return `- ${escapeMarkdown(entry.plan.title ?? where)} (${escapeMarkdown(decodeURI(where))}): ${score === null ? 'no score yet' : formatScore(score)}`;
  });
  const rolled = scoreWithAlignedPlans(objective, aligned.map((entry) => entry.plan));
  const total = rolled === null ? 'no score yet' : formatScore(rolled);
  return `**Team plans that serve it** (${aligned.length}):\n\n${lines.join('\n')}\n\nWith them rolled in, the objective scores **${total}**.`;
}
