/**
 * The outline of a plan: objectives with their key results and nested
 * objectives, then tasks with their details sections, each carrying its owner,
 * status or progress as detail.
 */
import { SymbolKind, type Connection, type DocumentSymbol } from 'vscode-languageserver';
import type { KeyResult, Objective, Plan, Task, TaskDetails } from '../../okr/model/plan';
import type { PlanDocument } from '../../okr/parse/parser';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { linesRange, modelRange, spanRange, type Lines } from '../convert/positions';

/** The symbol kind of each part of a plan. */
export const PLAN_SYMBOL_KINDS = {
  objective: SymbolKind.Module,
  keyResult: SymbolKind.Property,
  task: SymbolKind.Event,
  details: SymbolKind.Struct,
  field: SymbolKind.Field,
} as const;

/** A symbol name on one line, never empty (editors reject empty names). */
export function symbolName(text: string, fallback: string): string {
  const name = text.replace(/\s+/g, ' ').trim();
  return name === '' ? fallback : name.length > 200 ? `${name.slice(0, 199)}…` : name;
}

/** Details joined for display, skipping the empty ones. */
function details(...parts: Array<string | null | undefined>): string {
  return parts.filter((part) => part !== null && part !== undefined && part !== '').join(' · ');
}

/** How a task's status reads in a detail: as written, with its canonical state when that differs. */
export function statusDetail(task: Task): string {
  if (task.statusText === '') return task.status;
  return task.statusText.toLowerCase().replace(/\s+/g, '-') === task.status ? task.statusText : `${task.statusText} (${task.status})`;
}

/**
 * Each item's symbol, remembered per item object: the parser hands an edited
 * plan the same objects, on the same lines, for what the edit did not touch,
 * so an outline after a keystroke builds only the symbols of changed items.
 */
function remembered<Item extends object>(build: (lines: Lines, item: Item) => DocumentSymbol): (lines: Lines, item: Item) => DocumentSymbol {
  const built = new WeakMap<Item, DocumentSymbol>();
  return (lines, item) => {
    let symbol = built.get(item);
    if (!symbol) built.set(item, (symbol = build(lines, item)));
    return symbol;
  };
}

function keyResultSymbol(lines: Lines, keyResult: KeyResult): DocumentSymbol {
  const serving = keyResult.children.map((child) => objectiveSymbol(lines, child));
  const end = serving.reduce((last, symbol) => Math.max(last, symbol.range.end.line + 1), keyResult.line);
  return {
    name: symbolName(keyResult.text, 'Key result'),
    detail: details(keyResult.owner, keyResult.progress && `=> ${keyResult.progress}`),
    kind: PLAN_SYMBOL_KINDS.keyResult,
    range: linesRange(lines, keyResult.line, end),
    selectionRange: modelRange(lines, keyResult.line, keyResult.column, keyResult.line, keyResult.endColumn),
    ...(serving.length > 0 ? { children: serving } : {}),
  };
}

const objectiveSymbol = remembered((lines: Lines, objective: Objective): DocumentSymbol => {
  const count = objective.keyResults.length;
  return {
    name: symbolName(objective.title, 'Objective'),
    detail: details(objective.owner, `${count} key result${count === 1 ? '' : 's'}`, objective.children.length > 0 ? `${objective.children.length} nested` : null, objective.progress && `=> ${objective.progress}`),
    kind: PLAN_SYMBOL_KINDS.objective,
    range: linesRange(lines, objective.line, Math.max(objective.line, objective.endLine)),
    selectionRange: modelRange(lines, objective.line, objective.column, objective.line, Number.MAX_SAFE_INTEGER),
    children: [...objective.keyResults.map((keyResult) => keyResultSymbol(lines, keyResult)), ...objective.children.map((child) => objectiveSymbol(lines, child))],
  };
});

const detailsSymbol = remembered((lines: Lines, section: TaskDetails): DocumentSymbol => {
  return {
    name: symbolName(`${section.id} ${section.title}`, 'Task details'),
    detail: 'details',
    kind: PLAN_SYMBOL_KINDS.details,
    range: linesRange(lines, section.line, Math.max(section.line, section.endLine)),
    selectionRange: linesRange(lines, section.line),
    children: section.fields.map((field) => ({
      name: symbolName(field.name, 'Field'),
      detail: symbolName(field.value, '(empty)'),
      kind: PLAN_SYMBOL_KINDS.field,
      range: linesRange(lines, field.line),
      selectionRange: linesRange(lines, field.line),
    })),
  };
});

function taskSymbol(lines: Lines, task: Task, section: TaskDetails | undefined): DocumentSymbol {
  const known = taskSymbols.get(task);
  if (known && known.section === section) return known.symbol;
  const symbol: DocumentSymbol = {
    name: symbolName(`${task.id} ${task.title}`, 'Task'),
    detail: details(statusDetail(task), task.responsible.join(', ')),
    kind: PLAN_SYMBOL_KINDS.task,
    range: linesRange(lines, task.line),
    // Editors reject a symbol whose selection leaves its range, so a title written elsewhere selects the row.
    selectionRange: task.cells.title?.line === task.line ? spanRange(lines, task.cells.title) : linesRange(lines, task.line),
    children: section ? [detailsSymbol(lines, section)] : [],
  };
  taskSymbols.set(task, { section, symbol });
  return symbol;
}
const taskSymbols = new WeakMap<Task, { section: TaskDetails | undefined; symbol: DocumentSymbol }>();

/** The plan's outline: objectives, then tasks with their details, then details sections no task names. */
export function computeDocumentSymbols(doc: PlanDocument): DocumentSymbol[] {
  const { plan, lines } = doc;
  const sectionsByLine = new Map(plan.details.map((section) => [section.line, section]));
  const sectionOf = (task: Task): TaskDetails | undefined => (task.detailsLine === null ? undefined : sectionsByLine.get(task.detailsLine));
  const named = new Set(plan.tasks.map(sectionOf).filter((section) => section !== undefined));
  return [
    ...plan.objectives.map((objective) => objectiveSymbol(lines, objective)),
    ...plan.tasks.map((task) => taskSymbol(lines, task, sectionOf(task))),
    ...plan.details.filter((section) => !named.has(section)).map((section) => detailsSymbol(lines, section)),
  ];
}

/** The plan's title for containers and summaries. */
export function planTitle(plan: Plan, uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return plan.title ?? decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Answers outline requests from the latest parse. */
export function registerDocumentSymbols(connection: Connection, documents: PlanDocuments): void {
  connection.onDocumentSymbol(planHandler(connection, 'Document symbols', documents, [], (open) => computeDocumentSymbols(open.doc)));
}
