/**
 * Completions where a plan names people or statuses: teammates in a
 * Responsible cell, after `Workgroup:`/`Facilitator:` and in an owner prefix;
 * statuses in a Status cell and in an inline status. Anywhere else: nothing.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Connection, type Position, type Range } from 'vscode-languageserver';
import { allObjectives, type Plan, type Task, type TextSpan } from '../../okr/model/plan';
import type { PlanDocument } from '../../okr/parse/parser';
import type { Roster } from '../../okr/model/roster';
import { findMojibake } from '../../okr/check/rules/mojibake';
import { normalizeStatus, type StatusSet } from '../../okr/model/statuses';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { escapeMarkdown } from '../convert/markup';
import { clampPosition, spanContains, type Lines } from '../convert/positions';
import { PEOPLE_FIELD, splitNameSpans } from '../../okr/parse/patterns';
import { describeTeammate, preferredNameForm, writtenName } from './teammates';
import { computeDetailsHeadingCompletions, computeKeyResultCompletions, computeLinkCompletions } from './alignment';
import type { IndexedPlan } from '../session/workspaceIndex';
import type { WorkspaceFiles } from '../session/workspaceFiles';

/** The characters after which an editor asks for completions. */
export const COMPLETION_TRIGGERS = ['|', ':', ',', ' ', '('];

/** A place that takes a teammate or a status, and the text a completion replaces there. */
export interface CompletionSlot {
  kind: 'teammate' | 'status';
  /** From the start of the word being typed to the cursor. */
  range: Range;
  /** Names already written in the same cell or field, which are not offered again. */
  taken: string[];
  /** Text inserted after the completion, such as `: ` after a new owner prefix. */
  suffix: string;
}

/** What the completions offer: the team and its statuses. */
export interface CompletionContext {
  roster: Roster;
  statuses: StatusSet;
}

const NAME_SEPARATOR = /[,;&+|:]/;

/** The 0-based start of the word being typed: after the last separator before the cursor, spaces skipped. */
function wordStart(line: string, from: number, cursor: number, separator: RegExp | null): number {
  let start = from;
  if (separator) for (let i = from; i < cursor; i++) if (separator.test(line[i])) start = i + 1;
  while (start < cursor && /\s/.test(line[start])) start++;
  return start;
}

/** The table cell holding a character: its index (counting unescaped pipes) and where its content starts. */
function cellAt(line: string, character: number): { index: number; start: number } {
  let pipes = 0;
  let start = 0;
  for (let i = 0; i < Math.min(character, line.length); i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') {
      pipes++;
      start = i + 1;
    }
  }
  return { index: line.trimStart().startsWith('|') ? pipes - 1 : pipes, start };
}

/** The slot of a cursor in a status-table row, found from the columns the neighbouring rows use. */
function tableSlot(plan: Plan, lines: Lines, position: Position): CompletionSlot | undefined {
  const rows = new Map<number, Task>();
  for (const task of plan.tasks) if (task.source === 'table') rows.set(task.line, task);
  const line = position.line + 1;
  const text = lines[position.line] ?? '';
  // A row being typed below existing rows counts too; the header and delimiter rows above them do not.
  if (!rows.has(line) && !(text.includes('|') && rows.has(line - 1))) return undefined;
  // The rows around the cursor's come first: the cursor's own row may have been edited since it was parsed.
  const table: Task[] = [];
  const collect = (from: number, step: number): void => {
    for (let other = from; rows.has(other); other += step) table.push(rows.get(other)!);
  };
  collect(line + 1, 1);
  collect(line - 1, -1);
  if (rows.has(line)) table.push(rows.get(line)!);
  const cell = cellAt(text, position.character);
  const columnOf = (pick: (task: Task) => TextSpan | null): number | undefined => {
    const reference = table.find((task) => pick(task) !== null);
    const span = reference && pick(reference);
    return span ? cellAt(lines[span.line - 1] ?? '', span.column - 1).index : undefined;
  };
  if (cell.index < 0) return undefined;
  const cellText = text.slice(cell.start).split('|')[0];
  const cellSpan: TextSpan = { text: cellText, line, column: cell.start + 1, endColumn: cell.start + 1 + cellText.length };
  if (cell.index === columnOf((task) => task.cells.status)) {
    return slot('status', position, wordStart(text, cell.start, position.character, null), []);
  }
  if (cell.index === columnOf((task) => task.cells.responsible)) {
    const start = wordStart(text, cell.start, position.character, NAME_SEPARATOR);
    return slot('teammate', position, start, takenNames(cellSpan, start));
  }
  return undefined;
}

/** The slot of a cursor in a `Workgroup:`/`Facilitator:` value. */
function fieldSlot(plan: Plan, lines: Lines, position: Position): CompletionSlot | undefined {
  const text = lines[position.line] ?? '';
  for (const details of plan.details) {
    for (const field of details.fields) {
      if (field.line !== position.line + 1 || !PEOPLE_FIELD.test(field.name)) continue;
      const colon = text.indexOf(':', Math.max(0, text.indexOf(field.name)));
      if (colon < 0 || position.character <= colon) return undefined;
      const start = wordStart(text, colon + 1, position.character, NAME_SEPARATOR);
      const span: TextSpan = { text: field.value, line: field.line, column: field.column, endColumn: field.column + field.value.length };
      return slot('teammate', position, start, takenNames(span, start));
    }
  }
  return undefined;
}

/** The slot of a cursor on the owner prefix of an objective or key result (`Marketing:`), or at the start of an objective that has none. */
function ownerSlot(plan: Plan, lines: Lines, position: Position): CompletionSlot | undefined {
  const line = position.line + 1;
  const text = lines[position.line] ?? '';
  const owners: string[] = [];
  for (const objective of allObjectives(plan.objectives)) {
    if (objective.line === line && objective.owner) owners.push(objective.owner);
    if (objective.line === line && !objective.owner) {
      // The objective's text starts after any bold or italic markers.
      let start = objective.column - 1;
      while (start < text.length && /[*_\s]/.test(text[start])) start++;
      if (position.character === start) return { ...slot('teammate', position, start, []), suffix: ': ' };
    }
    for (const keyResult of objective.keyResults) if (keyResult.line === line && keyResult.owner) owners.push(keyResult.owner);
  }
  for (const owner of owners) {
    const index = text.indexOf(owner);
    if (index >= 0 && position.character >= index && position.character <= index + owner.length) return slot('teammate', position, index, []);
  }
  return undefined;
}

/** The slot of a cursor on the inline status of a listed task (`1. ✅ Create a tool`). */
function inlineStatusSlot(plan: Plan, position: Position): CompletionSlot | undefined {
  for (const task of plan.tasks) {
    const status = task.cells.status;
    if (task.source === 'list' && status && spanContains(status, position)) return slot('status', position, status.column - 1, []);
  }
  return undefined;
}

function slot(kind: CompletionSlot['kind'], position: Position, start: number, taken: string[]): CompletionSlot {
  return { kind, range: { start: { line: position.line, character: Math.min(start, position.character) }, end: position }, taken, suffix: '' };
}

/** The names written in a cell or field except the one being typed at `start`. */
function takenNames(span: TextSpan, start: number): string[] {
  return splitNameSpans(span)
    .filter((name) => name.column - 1 !== start)
    .map((name) => name.text.toLowerCase());
}

/** Where the cursor may take a teammate or a status, or undefined in unrelated text. */
export function findCompletionSlot(doc: PlanDocument, position: Position): CompletionSlot | undefined {
  const { plan, lines } = doc;
  const inside = clampPosition(lines, position.line, position.character);
  if (inside.line !== position.line || inside.character !== position.character) return undefined;
  return tableSlot(plan, lines, position) ?? fieldSlot(plan, lines, position) ?? ownerSlot(plan, lines, position) ?? inlineStatusSlot(plan, position);
}

/** The plan's page and the workspace's plans, for completions that refer to other plans. */
export interface CompletionWorkspace {
  uri: string;
  files: WorkspaceFiles;
  plans: () => Iterable<IndexedPlan>;
}

/** The completion items for a cursor in a plan. */
export function computeCompletions(doc: PlanDocument, context: CompletionContext, position: Position, workspace?: CompletionWorkspace): CompletionItem[] {
  const found = findCompletionSlot(doc, position);
  if (!found) {
    const details = computeDetailsHeadingCompletions(doc, position);
    if (details.length > 0) return details;
    const links = workspace ? computeLinkCompletions(workspace.files, workspace.uri, doc, position, workspace.plans()) : [];
    return links.length > 0 ? links : computeKeyResultCompletions(doc, position);
  }
  return found.kind === 'status' ? statusItems(doc.plan, context.statuses, found) : teammateItems(doc.plan, context.roster, found);
}

function teammateItems(plan: Plan, roster: Roster, found: CompletionSlot): CompletionItem[] {
  const form = preferredNameForm(plan, roster);
  const items = new Map<string, CompletionItem>();
  for (const person of roster.teammates) {
    const label = writtenName(person, form);
    if (items.has(label.toLowerCase()) || found.taken.includes(label.toLowerCase())) continue;
    items.set(label.toLowerCase(), {
      label,
      kind: CompletionItemKind.Value,
      detail: person.role ?? 'Teammate',
      documentation: { kind: MarkupKind.Markdown, value: describeTeammate(person) },
      sortText: `1 ${label.toLowerCase()}`,
      textEdit: { range: found.range, newText: label + found.suffix },
    });
  }
  for (const group of roster.groups) {
    if (items.has(group.toLowerCase()) || found.taken.includes(group.toLowerCase())) continue;
    items.set(group.toLowerCase(), {
      label: group,
      kind: CompletionItemKind.Value,
      detail: 'Group',
      documentation: { kind: MarkupKind.Markdown, value: `**${escapeMarkdown(group)}**: a group of teammates, from settings or the project file.` },
      sortText: `2 ${group.toLowerCase()}`,
      textEdit: { range: found.range, newText: group + found.suffix },
    });
  }
  return [...items.values()];
}

function statusItems(plan: Plan, statuses: StatusSet, found: CompletionSlot): CompletionItem[] {
  const used = new Set(plan.tasks.map((task) => normalizeStatus(task.statusText)));
  const items = new Map<string, CompletionItem>();
  statuses.definitions.forEach((definition, index) => {
    const key = normalizeStatus(definition.text);
    // A status that only a broken encoding writes (`âœ…`) is recognised but never offered.
    if (items.has(key) || findMojibake(definition.text).length > 0) return;
    items.set(key, {
      label: definition.text,
      kind: CompletionItemKind.EnumMember,
      detail: definition.state,
      documentation: { kind: MarkupKind.Markdown, value: `**${escapeMarkdown(definition.text)}** means *${definition.state}*: ${escapeMarkdown(statuses.describe(definition))}` },
      sortText: `${used.has(key) ? 0 : 1} ${String(index).padStart(4, '0')}`,
      textEdit: { range: found.range, newText: definition.text },
    });
  });
  return [...items.values()];
}

/** Answers completion requests at once from the latest parse of the document, never waiting for a parse or a check. */
export function registerCompletion(connection: Connection, documents: PlanDocuments, plans: () => Iterable<IndexedPlan> = () => []): void {
  connection.onCompletion(planHandler(connection, 'Completion', documents, [], (open, { position }) => computeCompletions(open.doc, open.context, position, { uri: open.uri, files: documents.contexts.files, plans }), 'latest'));
}
