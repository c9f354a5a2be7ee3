/**
 * The weekly check-in, written in the plan's own dialect: a key result's
 * progress after `=>` on its line (an existing note, and its arrow, kept in
 * place), a task's status in its table cell, and a dated line in the plan's
 * progress-update section when it has one. Pure: text in, edits out.
 */
import { editsOverlap } from '../check/edits';
import type { Edit } from '../check/types';
import { findMojibake } from '../check/rules/mojibake';
import type { CheckInChange, CheckInItem, CheckInUpdate, StatusOption } from '../model/checkIn';
import { allObjectives, STATUSES, type KeyResult, type Plan, type Task } from '../model/plan';
import { defaultStatusSet, normalizeStatus, type StatusSet } from '../model/statuses';
import type { PlanDocument } from '../parse/parser';
import { PROGRESS_ARROW } from '../parse/patterns';
import { delimiterRowOf, oneLine, replaceCellEdit } from './tableCell';

/** What a check-in writes, and what it changed. */
export interface CheckInOutcome {
  edits: Edit[];
  changes: CheckInChange[];
  /** One line for a commit message: `KR1 40% → 60%, 2 tasks done`. */
  summary: string;
}

/** A key result together with its plan-wide label. */
interface LabelledKeyResult {
  keyResult: KeyResult;
  label: string;
}

/** The plan's key results in the order they are written, labelled `KR1`, `KR2`… */
function keyResultsOf(plan: Plan): LabelledKeyResult[] {
  const all = [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults);
  return all.sort((a, b) => a.line - b.line).map((keyResult, index) => ({ keyResult, label: `KR${index + 1}` }));
}

/** Where a key result's progress note is on its line: 0-based offsets of the arrow and of the note. */
interface NotePlace {
  /** Where the text before the arrow ends (the arrow's leading space included). */
  arrowStart: number;
  noteStart: number;
  /** Where the note ends: before a trailing hard break (` \`) or spaces. */
  noteEnd: number;
}

/** Finds a key result's note on its own line; null when it has a note the line does not hold (a wrapped item). */
function notePlace(doc: PlanDocument, keyResult: KeyResult): NotePlace | null {
  const source = doc.lines[keyResult.line - 1] ?? '';
  const textEnd = keyResult.endColumn - 1;
  const contentEnd = source.replace(/(?:\s+\\|\\)?\s*$/, '').length;
  const arrow = PROGRESS_ARROW.exec(source.slice(textEnd));
  if (!arrow) return keyResult.progress === null ? { arrowStart: textEnd, noteStart: textEnd, noteEnd: textEnd } : null;
  const arrowStart = textEnd + arrow.index;
  const afterArrow = arrowStart + arrow[0].length;
  const noteStart = afterArrow + (/^\s*/.exec(source.slice(afterArrow))?.[0].length ?? 0);
  return { arrowStart, noteStart: Math.min(noteStart, Math.max(contentEnd, afterArrow)), noteEnd: Math.max(contentEnd, afterArrow) };
}

/** `60% (confidence high; CI fix landed)` → its progress, confidence and note. */
export function splitProgressNote(note: string | null): { progress: string; confidence: string | null; note: string | null } {
  if (note === null) return { progress: '', confidence: null, note: null };
  const match = /^(.*?)\s*\(\s*confidence[:\s]\s*([^;()]*?)\s*(?:;\s*([^()]*?)\s*)?\)\s*$/i.exec(note);
  if (!match) return { progress: note.trim(), confidence: null, note: null };
  return { progress: match[1].trim(), confidence: match[2] || null, note: match[3] || null };
}

/**
 * Writes progress, confidence and note as one note in the plan's style: the
 * progress first, so `=> 60% …` still scores 0.6, and the rest in parentheses.
 */
export function composeProgressNote(progress: string, confidence: string | null, note: string | null): string {
  const clean = (text: string | null): string => oneLine(text ?? '').replace(/\\+$/, '').replace(/[()]/g, '').trim();
  const extras = [clean(confidence) && `confidence ${clean(confidence)}`, clean(note)].filter(Boolean);
  const head = oneLine(progress).replace(/\\+$/, '').trim();
  if (extras.length === 0) return head;
  if (extras.length === 1 && !clean(confidence)) return head ? `${head} (${extras[0]})` : extras[0];
  return head ? `${head} (${extras.join('; ')})` : `(${extras.join('; ')})`;
}

/** A status as the author should see and write it: mojibake (`ðŸš«`) repaired. */
function repaired(text: string): string {
  let out = text;
  for (const run of findMojibake(text).reverse()) out = out.slice(0, run.start) + run.repaired + out.slice(run.end);
  return out;
}

/** The tasks a check-in can update: status-table rows with a status column. */
function tableTasks(plan: Plan): Task[] {
  return plan.tasks.filter((task) => task.source === 'table' && task.cells.status !== null);
}

/** Lists what a check-in of the plan can update, with the values it holds now. */
export function checkInItems(doc: PlanDocument): CheckInItem[] {
  const keyResults = keyResultsOf(doc.plan)
    .filter(({ keyResult }) => notePlace(doc, keyResult) !== null)
    .map(({ keyResult, label }): CheckInItem => ({
      kind: 'keyResult', key: `kr:${keyResult.line}`, label, text: keyResult.text, line: keyResult.line,
      ...splitProgressNote(keyResult.progress), status: '',
    }));
  const tasks = tableTasks(doc.plan).map((task): CheckInItem => ({
    kind: 'task', key: `task:${task.id}`, label: `task ${task.id}`, text: task.title, line: task.line,
    progress: '', confidence: null, note: null, status: repaired(task.statusText),
  }));
  return [...keyResults, ...tasks];
}

/**
 * The statuses to offer: the ones the plan already writes (its dialect, such
 * as ✅ and 🚫), then the team's set: all of a configured set, or one word
 * per state of the built-in one.
 */
export function statusOptions(plan: Plan, statuses: StatusSet = defaultStatusSet): StatusOption[] {
  const seen = new Set<string>();
  const options: StatusOption[] = [];
  const offer = (text: string): void => {
    const key = normalizeStatus(text);
    const resolved = statuses.resolve(text);
    if (key === '' || seen.has(key) || !resolved.known) return;
    seen.add(key);
    options.push({ text, state: resolved.state, description: resolved.definition ? statuses.describe(resolved.definition) : '' });
  };
  for (const task of plan.tasks) offer(repaired(task.statusText));
  const definitions = statuses === defaultStatusSet
    ? STATUSES.flatMap((state) => statuses.definitions.find((definition) => definition.state === state) ?? [])
    : statuses.definitions;
  for (const definition of definitions) if (repaired(definition.text) === definition.text) offer(definition.text);
  return options;
}

/** Finds the key result an update names: the same text, nearest to the line it was listed on. */
function findKeyResult(all: readonly LabelledKeyResult[], update: CheckInUpdate): LabelledKeyResult | undefined {
  const line = Number(update.key.slice(3));
  return all
    .filter(({ keyResult }) => keyResult.text === update.text)
    .sort((a, b) => Math.abs(a.keyResult.line - line) - Math.abs(b.keyResult.line - line))[0];
}

function findTask(tasks: readonly Task[], update: CheckInUpdate): Task | undefined {
  const id = update.key.slice(5);
  return tasks.find((task) => task.id === id && task.title === update.text) ?? tasks.find((task) => task.id === id);
}

/** The edit that sets a key result's progress note, or removes it when `note` is empty; null when its line cannot hold one. */
export function progressNoteEdit(doc: PlanDocument, keyResult: KeyResult, note: string): Edit | null {
  const place = notePlace(doc, keyResult);
  if (!place) return null;
  const line = keyResult.line;
  if (note === '') {
    if (keyResult.progress === null) return null;
    return { line, column: place.arrowStart + 1, endLine: line, endColumn: place.noteEnd + 1, newText: '' };
  }
  if (place.noteStart === place.arrowStart) return { line, column: place.arrowStart + 1, endLine: line, endColumn: place.arrowStart + 1, newText: ` => ${note}` };
  const source = doc.lines[line - 1] ?? '';
  // An arrow with nothing after it gets its note after one space.
  const gap = place.noteStart === place.noteEnd && !/\s$/.test(source.slice(0, place.noteStart)) ? ' ' : '';
  return { line, column: place.noteStart + 1, endLine: line, endColumn: place.noteEnd + 1, newText: `${gap}${note}` };
}

/** The edit that writes a task's status into its table cell; null when the task has no status cell. */
export function taskStatusEdit(doc: PlanDocument, task: Task, status: string): Edit | null {
  const span = task.cells.status;
  if (task.source !== 'table' || !span) return null;
  return replaceCellEdit(doc.lines[task.line - 1] ?? '', span, status, delimiterRowOf(doc, task));
}

/** Computes a check-in: only the updates that change something produce an edit. */
export function computeCheckIn(doc: PlanDocument, updates: readonly CheckInUpdate[], date: string, statuses: StatusSet = defaultStatusSet): CheckInOutcome {
  const keyResults = keyResultsOf(doc.plan);
  const tasks = tableTasks(doc.plan);
  const edits: Edit[] = [];
  const changes: CheckInChange[] = [];
  const touched = new Set<number>();
  for (const update of updates) {
    if (update.key.startsWith('kr:')) {
      const found = findKeyResult(keyResults, update);
      if (!found || touched.has(found.keyResult.line)) continue;
      const current = splitProgressNote(found.keyResult.progress);
      const progress = update.progress !== undefined ? oneLine(update.progress) : current.progress;
      const confidence = update.confidence !== undefined ? update.confidence : current.confidence;
      const note = update.note !== undefined ? update.note : current.note;
      const written = composeProgressNote(progress, confidence, note);
      if (written === (found.keyResult.progress ?? '')) continue;
      const edit = progressNoteEdit(doc, found.keyResult, written);
      if (!edit) continue;
      touched.add(found.keyResult.line);
      edits.push(edit);
      changes.push({ kind: 'keyResult', label: found.label, text: found.keyResult.text, from: found.keyResult.progress ?? '', to: written });
    } else if (update.key.startsWith('task:') && update.status !== undefined) {
      const task = findTask(tasks, update);
      const status = oneLine(update.status);
      if (!task || touched.has(task.line) || status === repaired(task.statusText) || status === task.statusText) continue;
      const edit = taskStatusEdit(doc, task, status);
      if (!edit) continue;
      touched.add(task.line);
      edits.push(edit);
      changes.push({ kind: 'task', label: `task ${task.id}`, text: task.title, from: repaired(task.statusText), to: status });
    }
  }
  if (changes.length === 0) return { edits: [], changes, summary: '' };
  const log = progressLogEdit(doc, `${date}: ${changes.map(describeChange).join('; ')}.`);
  if (log && !edits.some((edit) => editsOverlap(edit, log))) edits.push(log);
  return { edits, changes, summary: summarize(changes, statuses) };
}

/** One change in words for the progress log: `KR1 40% → 60%`, `task 2 (Parallel CI shards) In-progress → Done`. */
export function describeChange(change: CheckInChange): string {
  const from = change.from || (change.kind === 'task' ? 'no status' : 'no progress');
  const to = change.to || (change.kind === 'task' ? 'no status' : 'no progress');
  return change.kind === 'task' ? `${change.label} (${change.text}) ${from} → ${to}` : `${change.label} ${from} → ${to}`;
}

/** The commit-message summary: key results by label, tasks counted by the state they reached. */
function summarize(changes: readonly CheckInChange[], statuses: StatusSet): string {
  const progress = (note: string): string => splitProgressNote(note).progress;
  const parts = changes.filter((change) => change.kind === 'keyResult').map((change) =>
    change.from && progress(change.from) !== progress(change.to) ? `${change.label} ${progress(change.from)} → ${progress(change.to) || 'no progress'}` : `${change.label} ${progress(change.to) || 'updated'}`);
  const byState = new Map<string, CheckInChange[]>();
  for (const change of changes.filter((each) => each.kind === 'task')) {
    const state = statuses.resolve(change.to).state;
    const words = state === 'unknown' ? (change.to || 'without status') : state.replace('-', ' ');
    byState.set(words, [...(byState.get(words) ?? []), change]);
  }
  for (const [words, moved] of byState) parts.push(moved.length === 1 ? `${moved[0].label} ${words}` : `${moved.length} tasks ${words}`);
  return parts.join(', ');
}

/** A heading that opens a section of progress updates: `## Progress update`, `## Status updates`, `## Check-ins`. */
const PROGRESS_HEADING = /^(#{2,6})[ \t]+(.*?(?:\bprogress\b|\bstatus[ \t]+(?:update|report)s?\b|\bcheck-?ins?\b|\bweekly[ \t]+updates?\b).*?)[ \t#]*$/i;

/** A dated list item of a progress log: `- 2026-12-01: …`. */
const DATED_ITEM = /^([ \t]*)([-*+])[ \t]+(\d{4}-\d{2}-\d{2})\b/;

/** The plan's progress-update section: its heading line and last line (1-based), or null. */
export function progressSection(lines: readonly string[]): { heading: string; line: number; endLine: number } | null {
  let fence: string | null = null;
  let found: { heading: string; line: number; level: number } | null = null;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index];
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^(#{1,6})[ \t]/.exec(text);
    if (found && heading && heading[1].length <= found.level) return { heading: found.heading, line: found.line, endLine: index };
    const match: RegExpExecArray | null = !found ? PROGRESS_HEADING.exec(text) : null;
    if (match) found = { heading: match[2], line: index + 1, level: match[1].length };
  }
  return found ? { heading: found.heading, line: found.line, endLine: lines.length } : null;
}

/**
 * The edit that adds a dated line to the progress-update section: among the
 * section's dated items, in their order (newest first when they are so), or
 * else as a new list after the section's text. Null when there is no section.
 */
export function progressLogEdit(doc: PlanDocument, text: string): Edit | null {
  const section = progressSection(doc.lines);
  if (!section) return null;
  const lines = doc.lines;
  const dated: Array<{ line: number; date: string; indent: string; bullet: string }> = [];
  for (let line = section.line + 1; line <= section.endLine; line++) {
    const match = DATED_ITEM.exec(lines[line - 1] ?? '');
    if (match) dated.push({ line, date: match[3], indent: match[1], bullet: match[2] });
  }
  const entry = (indent: string, bullet: string): string => `${indent}${bullet} ${oneLine(text)}`;
  if (dated.length > 0) {
    const newestFirst = dated.length > 1 && dated[0].date > dated[dated.length - 1].date;
    const { indent, bullet } = dated[0];
    if (newestFirst) return { line: dated[0].line, column: 1, endLine: dated[0].line, endColumn: 1, newText: `${entry(indent, bullet)}\n` };
    let after = dated[dated.length - 1].line;
    // The item's wrapped lines belong to it.
    while (after < section.endLine && /^[ \t]+\S/.test(lines[after] ?? '') && !DATED_ITEM.test(lines[after])) after++;
    const end = (lines[after - 1] ?? '').length + 1;
    return { line: after, column: end, endLine: after, endColumn: end, newText: `\n${entry(indent, bullet)}` };
  }
  let last = section.endLine;
  while (last > section.line && (lines[last - 1] ?? '').trim() === '') last--;
  const end = (lines[last - 1] ?? '').length + 1;
  const listBefore = last > section.line && /^[ \t]*[-*+][ \t]/.test(lines[last - 1] ?? '');
  return { line: last, column: end, endLine: last, endColumn: end, newText: `${listBefore ? '\n' : '\n\n'}${entry('', '-')}` };
}
