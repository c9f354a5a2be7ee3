/**
 * Authoring edits from the sidebar: a key result under an objective, a new
 * objective, a new task with its status-table row and its `### N` details
 * section. Each copies the form its neighbours take in this plan (markers,
 * indentation, numbering, hard breaks, column widths, field names), so the
 * new text reads as if the author had typed it. Pure: text in, edits out.
 */
import type { Edit } from '../check/types';
import { applyEdits, insertBlockEdit } from '../check/edits';
import { allObjectives, type KeyResult, type Objective, type Plan, type Task } from '../model/plan';
import type { PlanDocument } from '../parse/parser';
import { PEOPLE_FIELD } from '../parse/patterns';
import { splitTableRow } from '../parse/syntax';
import { delimiterRowOf, oneLine, replaceCellEdit } from './tableCell';

/** Edits to apply together, and the line (1-based, after applying) where the new text starts. */
export interface StructureEdit {
  edits: Edit[];
  line: number;
}

const LIST_MARKER = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)/;

/** The last line of the block that starts at `line`: a list item takes its indented continuation lines. */
function itemEnd(lines: readonly string[], line: number): number {
  const marker = LIST_MARKER.exec(lines[line - 1] ?? '');
  if (!marker) return line;
  const content = marker[0].length;
  let end = line;
  while (end < lines.length) {
    const next = lines[end];
    if (next.trim() === '' || next.length - next.trimStart().length < content) break;
    end++;
  }
  return end;
}

/** The most frequent value, the latest one winning a tie. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const value of values) if (best === undefined || (counts.get(value) ?? 0) >= (counts.get(best) ?? 0)) best = value;
  return best;
}

/** What stands before a key result's text on its line: indentation, list marker, owner and `KR:`. */
function prefixOf(doc: PlanDocument, keyResult: KeyResult): string {
  return (doc.lines[keyResult.line - 1] ?? '').slice(0, keyResult.column - 1);
}

/** Where an objective's own text starts: after its list marker, or its line's indentation. */
function contentIndent(source: string): number {
  const marker = LIST_MARKER.exec(source);
  return marker ? marker[0].length : source.length - source.trimStart().length;
}

/** A list marker's number moved on to the next one, when the siblings count up (`1.`, `2.`); kept when they all say `1.`. */
function nextMarker(prefix: string, siblings: readonly string[]): string {
  const numbers = siblings.map((sibling) => LIST_MARKER.exec(sibling)?.[2]).filter((marker): marker is string => !!marker && /^\d/.test(marker));
  const marker = LIST_MARKER.exec(prefix);
  if (!marker || !/^\d/.test(marker[2]) || new Set(numbers).size <= 1) return prefix;
  const next = `${Number.parseInt(numbers[numbers.length - 1], 10) + 1}${marker[2].slice(-1)}`;
  return `${marker[1]}${next}${marker[3]}${prefix.slice(marker[0].length)}`;
}

/** True when a line ends with a backslash hard break. */
const hardBreak = (source: string): boolean => /\\\s*$/.test(source);

/**
 * Adds a key result under an objective, after its last key result and in the
 * form its siblings take; without siblings, in the form the plan's other key
 * results take, under the objective's text.
 */
export function addKeyResultEdit(doc: PlanDocument, objective: Objective, text: string): StructureEdit | null {
  const lines = doc.lines;
  const wording = oneLine(text).replace(/\\+$/, '');
  if (wording === '') return null;
  const siblings = [...objective.keyResults].sort((a, b) => a.line - b.line);
  if (siblings.length > 0) {
    const prefixes = siblings.map((keyResult) => prefixOf(doc, keyResult));
    const last = siblings[siblings.length - 1];
    const lastSource = lines[last.line - 1] ?? '';
    const prefix = nextMarker(mostCommon(prefixes) ?? prefixes[prefixes.length - 1], prefixes);
    // Key results joined into one paragraph by hard breaks (`KR: … \`) stay joined.
    const joined = !LIST_MARKER.test(prefix) && siblings.length > 1 && hardBreak(lines[siblings[0].line - 1] ?? '');
    const end = itemEnd(lines, last.line);
    const endColumn = (lines[end - 1] ?? '').length + 1;
    const edits: Edit[] = [];
    let newLine = `${prefix}${wording}`;
    if (joined && !hardBreak(lastSource)) {
      edits.push({ line: last.line, column: lastSource.trimEnd().length + 1, endLine: last.line, endColumn: lastSource.length + 1, newText: ' \\' });
    } else if (joined) {
      newLine += ' \\';
    }
    edits.push({ line: end, column: endColumn, endLine: end, endColumn, newText: `\n${newLine}` });
    return { edits, line: end + 1 };
  }
  return firstKeyResultEdit(doc, objective, wording);
}

/** The first key result of an objective, shaped like the plan's other key results. */
function firstKeyResultEdit(doc: PlanDocument, objective: Objective, wording: string): StructureEdit {
  const lines = doc.lines;
  const others = [...allObjectives(doc.plan.objectives)].filter((other) => other.keyResults.length > 0);
  const shapes = others.map((other) => {
    const first = [...other.keyResults].sort((a, b) => a.line - b.line)[0];
    const prefix = prefixOf(doc, first).trimStart();
    const objectiveLine = lines[other.line - 1] ?? '';
    const gap = first.line > other.line + 1 && (lines[first.line - 2] ?? '').trim() === '';
    return JSON.stringify({ prefix, gap, joined: !LIST_MARKER.test(prefix) && hardBreak(objectiveLine) });
  });
  const shape = JSON.parse(mostCommon(shapes) ?? JSON.stringify({ prefix: '- KR: ', gap: true, joined: false })) as { prefix: string; gap: boolean; joined: boolean };
  const source = lines[objective.line - 1] ?? '';
  const indent = ' '.repeat(contentIndent(source));
  const edits: Edit[] = [];
  if (shape.joined && !hardBreak(source)) {
    edits.push({ line: objective.line, column: source.trimEnd().length + 1, endLine: objective.line, endColumn: source.length + 1, newText: ' \\' });
  }
  const after = shape.joined ? objective.line : itemEnd(lines, objective.line);
  const end = (lines[after - 1] ?? '').length + 1;
  const gap = shape.gap && !LIST_MARKER.test(source) ? '\n' : '';
  edits.push({ line: after, column: end, endLine: after, endColumn: end, newText: `\n${gap}${indent}${shape.prefix}${wording}` });
  return { edits, line: after + 1 + (gap ? 1 : 0) };
}

/**
 * Adds an objective after the last top-level one, in its form: the same
 * list marker or heading (numbered on), `OBJECTIVE:` label or bold. `text`
 * may name an owner (`Sales: Grow the pipeline`).
 */
export function addObjectiveEdit(doc: PlanDocument, text: string): StructureEdit | null {
  const wording = oneLine(text).replace(/\\+$/, '');
  const top = doc.plan.objectives;
  if (wording === '' || top.length === 0) return null;
  const lines = doc.lines;
  const last = top[top.length - 1];
  const source = lines[last.line - 1] ?? '';
  const titleAt = last.column - 1;
  const ownerAt = last.owner ? source.lastIndexOf(last.owner, titleAt) : -1;
  let start = source.slice(0, ownerAt >= 0 ? ownerAt : titleAt);
  // An objective named inside a sentence has no form to copy: a bold paragraph of its own is the plainest.
  if (!/^[\s>#*_+\-\d.)]*(?:[\p{L} ]{0,20}\d*[ \t]*[:：][ \t]*)?(?:\*\*|__)?$/u.test(start)) start = '**';
  const emphasis = /(\*\*|__)\s*$/.exec(start)?.[1] ?? '';
  const heading = /^(#{1,6}[ \t]+)(\d+)([.)]?[ \t]+)/.exec(start);
  const siblingStarts = top.map((objective) => lines[objective.line - 1] ?? '');
  if (heading) {
    const numbers = siblingStarts.map((line) => /^#{1,6}[ \t]+(\d+)/.exec(line)?.[1]).filter(Boolean).map(Number);
    start = `${heading[1]}${Math.max(...numbers, Number(heading[2])) + 1}${heading[3]}${start.slice(heading[0].length)}`;
  } else {
    start = nextMarker(start, siblingStarts);
  }
  const newLine = `${start}${wording}${emphasis}`;
  const end = Math.max(last.endLine, ...last.keyResults.map((keyResult) => itemEnd(lines, keyResult.line)));
  if (LIST_MARKER.test(source)) {
    const endColumn = (lines[end - 1] ?? '').length + 1;
    return { edits: [{ line: end, column: endColumn, endLine: end, endColumn, newText: `\n${newLine}` }], line: end + 1 };
  }
  const edit = insertBlockEdit(doc, end, [newLine]);
  return { edits: [edit], line: lineOfInsert(doc, edit, newLine) };
}

/** Where a line inserted by an edit ends up. */
function lineOfInsert(doc: PlanDocument, edit: Edit, newLine: string): number {
  const after = applyEdits(doc.lines.join('\n'), [edit]).split('\n');
  return after.indexOf(newLine, Math.max(0, edit.line - 1)) + 1;
}

/** What a new task holds. */
export interface NewTask {
  title: string;
  responsible: string;
  status: string;
}

/** The tasks of the plan's status table (the first table, where there are several). */
function tableTasks(plan: Plan): Task[] {
  return plan.tasks.filter((task) => task.source === 'table');
}

/**
 * Adds a task: a row after the status table's last one, numbered on and
 * padded to the columns' widths, and a `### N Title` section after the last
 * details section with the fields the others have (people fields get the
 * responsible). Null when the plan has no status table.
 */
export function addTaskEdit(doc: PlanDocument, task: NewTask): StructureEdit | null {
  const lines = doc.lines;
  const rows = tableTasks(doc.plan);
  const title = oneLine(task.title);
  if (rows.length === 0 || title === '') return null;
  const last = rows.reduce((a, b) => (b.line > a.line ? b : a));
  const numbers = rows.map((row) => Number.parseInt(row.id, 10)).filter(Number.isFinite);
  const id = String((numbers.length > 0 ? Math.max(...numbers) : rows.length) + 1);
  const template = lines[last.line - 1] ?? '';
  const values = new Map<number, string>();
  const { cells } = last;
  if (cells.id) values.set(cells.id.column, id);
  if (cells.status) values.set(cells.status.column, task.status);
  if (cells.responsible) values.set(cells.responsible.column, task.responsible);
  if (cells.title) values.set(cells.title.column, title);
  const delimiter = delimiterRowOf(doc, last);
  let row = template;
  for (const span of splitTableRow(template).reverse()) {
    const edit = replaceCellEdit(row, { text: template.slice(span.column - 1, span.endColumn - 1), line: last.line, ...span }, values.get(span.column) ?? '', delimiter);
    row = row.slice(0, edit.column - 1) + edit.newText + row.slice(edit.endColumn - 1);
  }
  const rowEnd = (lines[last.line - 1] ?? '').length + 1;
  const edits: Edit[] = [{ line: last.line, column: rowEnd, endLine: last.line, endColumn: rowEnd, newText: `\n${row}` }];
  const details = detailsBlock(doc, id, title, task.responsible);
  if (details) edits.push(details);
  return { edits, line: last.line + 1 };
}

/** The `### N Title` section of a new task, after the last details section, with the fields the others use. */
function detailsBlock(doc: PlanDocument, id: string, title: string, responsible: string): Edit | null {
  const sections = [...doc.plan.details].sort((a, b) => a.line - b.line);
  const last = sections[sections.length - 1];
  if (!last) return null;
  const lines = doc.lines;
  const headingMatch = /^(#{1,6}[ \t]+(?:(?:task|project|initiative)[ \t]*)?#?)(\d+)([ \t]*[.):–-]?[ \t]+)/i.exec(lines[last.line - 1] ?? '');
  const heading = headingMatch ? `${headingMatch[1]}${id}${headingMatch[3]}${title}` : `### ${id} ${title}`;
  const names: string[] = [];
  for (const field of last.fields) if (!names.includes(field.name)) names.push(field.name);
  // The first people field (the workgroup) names the responsible; the rest are left to fill in.
  const people = names.find((name) => PEOPLE_FIELD.test(name.trim()));
  const fieldLines = names.map((name) => (name === people && oneLine(responsible) ? `- ${name}: ${oneLine(responsible)}` : `- ${name}:`));
  let end = last.endLine;
  while (end > last.line && (lines[end - 1] ?? '').trim() === '') end--;
  return insertBlockEdit(doc, end, fieldLines.length > 0 ? [heading, '', ...fieldLines] : [heading]);
}
