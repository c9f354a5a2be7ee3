/**
 * Where a plan names people: Responsible cells, Workgroup/Facilitator fields
 * and owner prefixes. Completion, hover, definition and references all find
 * names through here, so they agree on what counts as a name.
 */
import type { Position } from 'vscode-languageserver';
import { allObjectives, findSpan, type Plan, type Task, type TaskDetails, type TextSpan } from '../../okr/model/plan';
import type { Roster, Teammate } from '../../okr/model/roster';
import { peopleFieldValues, splitNameSpans } from '../../okr/parse/patterns';
import { escapeMarkdown } from '../convert/markup';
import { spanContains, type Lines } from '../convert/positions';

/** One name written in a plan. */
export interface NameOccurrence extends TextSpan {
  /** Where the name was written: a task's Responsible cell, a details field, or an owner prefix. */
  kind: 'responsible' | 'field' | 'owner';
}

/** A span for `text` found on a line at or after a 0-based character, or null. */
function locate(lines: Lines | undefined, line: number, text: string, from: number): TextSpan | null {
  const source = lines?.[line - 1];
  return source === undefined ? null : findSpan(source, line, text, from + 1);
}

/**
 * Every name the plan writes, or only those on one 1-based line. Owner
 * prefixes are found only when the document's lines are given.
 */
export function nameOccurrences(plan: Plan, lines?: Lines, onLine?: number): NameOccurrence[] {
  const found: NameOccurrence[] = [];
  const wanted = (line: number): boolean => onLine === undefined || line === onLine;
  for (const task of plan.tasks) {
    if (wanted(task.line)) for (const name of cellNames(task)) found.push({ ...name, kind: 'responsible' });
  }
  for (const details of plan.details) {
    if (onLine !== undefined && (onLine < details.line || onLine > details.endLine)) continue;
    for (const name of fieldNames(details)) if (wanted(name.line)) found.push({ ...name, kind: 'field' });
  }
  for (const task of plan.tasks) {
    if (task.cells.responsible || !wanted(task.line)) continue;
    // An owner named in the sentence: `2. Nonso will launch …`.
    for (const name of task.responsible) {
      const span = locate(lines, task.line, name, 0);
      if (span) found.push({ ...span, kind: 'owner' });
    }
  }
  for (const objective of allObjectives(plan.objectives)) {
    const owner = objective.owner && wanted(objective.line) && locate(lines, objective.line, objective.owner, 0);
    if (owner) found.push({ ...owner, kind: 'owner' });
    for (const keyResult of objective.keyResults) {
      const krOwner = keyResult.owner && wanted(keyResult.line) && locate(lines, keyResult.line, keyResult.owner, 0);
      if (krOwner && krOwner.column < keyResult.column) found.push({ ...krOwner, kind: 'owner' });
    }
  }
  return found;
}

/** The names in a task's Responsible cell. */
function cellNames(task: Task): TextSpan[] {
  return task.cells.responsible ? splitNameSpans(task.cells.responsible) : [];
}

/** The names in a task-details section's people fields (Workgroup, Facilitator…). */
function fieldNames(details: TaskDetails): TextSpan[] {
  return peopleFieldValues(details).flatMap(splitNameSpans);
}

/** The name under a cursor, if any. */
export function nameAt(plan: Plan, lines: Lines, position: Position): NameOccurrence | undefined {
  return nameOccurrences(plan, lines, position.line + 1).find((name) => spanContains(name, position));
}

/** Whether the plan writes people by first name (`Nonso`) or full name (`Nonso Okafor`); first names when it is undecided. */
export function preferredNameForm(plan: Plan, roster: Roster): 'first' | 'full' {
  const known = nameForms.get(plan);
  if (known?.roster === roster) return known.form;
  const form = countNameForms(plan, roster);
  nameForms.set(plan, { roster, form });
  return form;
}
const nameForms = new WeakMap<Plan, { roster: Roster; form: 'first' | 'full' }>();

function countNameForms(plan: Plan, roster: Roster): 'first' | 'full' {
  let full = 0;
  let first = 0;
  for (const item of [...plan.tasks, ...plan.details]) {
    const forms = nameFormsIn(item, roster);
    full += forms.full;
    first += forms.first;
  }
  return full > first ? 'full' : 'first';
}

/** How many full and first names a task's cell or a details section's fields write, remembered per item: an edit leaves most items the same objects. */
function nameFormsIn(item: Task | TaskDetails, roster: Roster): { full: number; first: number } {
  const known = formsByItem.get(item);
  if (known?.roster === roster) return known;
  const counted = { roster, full: 0, first: 0 };
  for (const { text } of 'cells' in item ? cellNames(item) : fieldNames(item)) {
    const person = roster.find(text);
    if (!person) continue;
    if (text.toLowerCase() === person.name.toLowerCase() && person.name !== person.firstName) counted.full += 1;
    else if (text.toLowerCase() === person.firstName.toLowerCase()) counted.first += 1;
  }
  formsByItem.set(item, counted);
  return counted;
}
const formsByItem = new WeakMap<Task | TaskDetails, { roster: Roster; full: number; first: number }>();

/** A person's name as the plan would write it. */
export function writtenName(person: Teammate, form: 'first' | 'full'): string {
  return form === 'full' ? person.name : person.firstName;
}

/** Markdown describing a person, for hovers and completion documentation. */
export function describeTeammate(person: Teammate): string {
  const facts = [person.role, person.github ? `GitHub @${person.github}` : null].filter((fact) => fact !== null);
  return [`**${escapeMarkdown(person.name)}**`, ...facts.map(escapeMarkdown)].join('  \n');
}
