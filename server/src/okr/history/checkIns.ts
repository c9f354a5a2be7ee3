/**
 * Check-ins: what changed in a plan from one version to the next, in the
 * plan's own terms. A plan kept in git holds its whole history, and every
 * commit that changed it is a check-in: a task whose status moved, a key
 * result whose progress moved, objectives, key results and tasks added,
 * removed or reworded. Pure: the edges read the versions.
 */
import { allObjectives, type KeyResult, type Objective, type Plan, type Task } from '../model/plan';

/** One change between two versions of a plan. */
export interface Change {
  kind: 'status' | 'progress' | 'added' | 'removed' | 'reworded';
  item: 'objective' | 'key-result' | 'task';
  /** The task's id, for tasks. */
  id?: string;
  /** The item's text as it now reads (as it read, for removed items). */
  text: string;
  /** For status, progress and reworded: the value before and after. */
  from?: string | null;
  to?: string | null;
  /** 1-based line in the newer version, or in the older one for removed items. */
  line: number;
}

/** A commit that changed a plan, and what it changed. */
export interface CheckIn {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  author: string;
  /** The plan's path in that commit, relative to the repository. */
  path: string;
  changes: Change[];
}

/** Every change from `before` (null for the first version) to `after`. */
export function planChanges(before: Plan | null, after: Plan): Change[] {
  return [...taskChanges(before?.tasks ?? [], after.tasks), ...keyResultChanges(before, after), ...objectiveChanges(before, after)];
}

function taskChanges(before: readonly Task[], after: readonly Task[]): Change[] {
  const changes: Change[] = [];
  const old = new Map(before.map((task) => [task.id, task]));
  const now = new Set(after.map((task) => task.id));
  for (const task of after) {
    const previous = old.get(task.id);
    if (!previous) {
      changes.push({ kind: 'added', item: 'task', id: task.id, text: task.title, line: task.line });
      continue;
    }
    if (previous.statusText !== task.statusText) changes.push({ kind: 'status', item: 'task', id: task.id, text: task.title, from: previous.statusText, to: task.statusText, line: task.line });
    if (normalize(previous.title) !== normalize(task.title)) changes.push({ kind: 'reworded', item: 'task', id: task.id, text: task.title, from: previous.title, to: task.title, line: task.line });
  }
  for (const task of before) if (!now.has(task.id)) changes.push({ kind: 'removed', item: 'task', id: task.id, text: task.title, line: task.line });
  return changes;
}

/** Key results with the objective they belong to, in document order. */
function keyResultsOf(plan: Plan | null): Array<{ keyResult: KeyResult; objective: Objective }> {
  if (!plan) return [];
  return [...allObjectives(plan.objectives)].flatMap((objective) => objective.keyResults.map((keyResult) => ({ keyResult, objective })));
}

/**
 * Key results are matched by their text first; what is left is matched by
 * position under the same objective, which reads as a rewording.
 */
function keyResultChanges(before: Plan | null, after: Plan): Change[] {
  const changes: Change[] = [];
  const old = keyResultsOf(before);
  const matched = new Set<KeyResult>();
  const unmatched: Array<{ keyResult: KeyResult; objective: Objective }> = [];
  for (const entry of keyResultsOf(after)) {
    const same = old.find((candidate) => !matched.has(candidate.keyResult) && normalize(candidate.keyResult.text) === normalize(entry.keyResult.text));
    if (same) {
      matched.add(same.keyResult);
      changes.push(...progressChange(same.keyResult, entry.keyResult));
    } else {
      unmatched.push(entry);
    }
  }
  for (const entry of unmatched) {
    const index = entry.objective.keyResults.indexOf(entry.keyResult);
    const sibling = old.find((candidate) => !matched.has(candidate.keyResult) && normalize(candidate.objective.title) === normalize(entry.objective.title) && candidate.objective.keyResults.indexOf(candidate.keyResult) === index);
    if (sibling) {
      matched.add(sibling.keyResult);
      changes.push({ kind: 'reworded', item: 'key-result', text: entry.keyResult.text, from: sibling.keyResult.text, to: entry.keyResult.text, line: entry.keyResult.line });
      changes.push(...progressChange(sibling.keyResult, entry.keyResult));
    } else {
      changes.push({ kind: 'added', item: 'key-result', text: entry.keyResult.text, line: entry.keyResult.line });
    }
  }
  for (const { keyResult } of old) if (!matched.has(keyResult)) changes.push({ kind: 'removed', item: 'key-result', text: keyResult.text, line: keyResult.line });
  return changes;
}

function progressChange(before: KeyResult, after: KeyResult): Change[] {
  if (before.progress === after.progress) return [];
  return [{ kind: 'progress', item: 'key-result', text: after.text, from: before.progress, to: after.progress, line: after.line }];
}

/** Objectives are matched by owner and title; an unmatched pair at the same place in the tree is a rewording. */
function objectiveChanges(before: Plan | null, after: Plan): Change[] {
  const changes: Change[] = [];
  const old = before ? [...allObjectives(before.objectives)] : [];
  const now = [...allObjectives(after.objectives)];
  const key = (objective: Objective): string => `${objective.owner ?? ''}\u0000${normalize(objective.title)}`;
  const oldKeys = new Set(old.map(key));
  const newKeys = new Set(now.map(key));
  const added = now.filter((objective) => !oldKeys.has(key(objective)));
  const removed = old.filter((objective) => !newKeys.has(key(objective)));
  for (const objective of added) {
    const replaced = removed.findIndex((candidate) => candidate.owner === objective.owner && old.indexOf(candidate) === now.indexOf(objective));
    if (replaced >= 0) {
      const [previous] = removed.splice(replaced, 1);
      changes.push({ kind: 'reworded', item: 'objective', text: objective.title, from: previous.title, to: objective.title, line: objective.line });
    } else {
      changes.push({ kind: 'added', item: 'objective', text: objective.title, line: objective.line });
    }
  }
  for (const objective of removed) changes.push({ kind: 'removed', item: 'objective', text: objective.title, line: objective.line });
  return changes;
}

/** Text compared without case, spacing or closing punctuation. */
function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[.!:;\s]+$/, '').trim().toLowerCase();
}

/** One line a person reads for a change: `task 3 "Retro": Not started → Done`. */
export function describeChange(change: Change): string {
  const what = change.item === 'task' ? `task ${change.id} "${change.text}"` : `${change.item === 'key-result' ? 'key result' : 'objective'} "${change.text}"`;
  switch (change.kind) {
    case 'status':
    case 'progress':
      return `${what}: ${change.from || '(none)'} → ${change.to || '(none)'}`;
    case 'reworded':
      return `${change.item === 'task' ? `task ${change.id}` : change.item === 'key-result' ? 'key result' : 'objective'} reworded: "${change.from}" → "${change.to}"`;
    default:
      return `${change.kind} ${what}`;
  }
}

/** A short summary of a check-in, as the Timeline shows it: `2 tasks done · KR "…" 60% → 80%`. */
export function summarizeCheckIn(changes: readonly Change[]): string {
  const parts: string[] = [];
  const statuses = changes.filter((change) => change.kind === 'status');
  if (statuses.length > 0) parts.push(`${statuses.length} task status${statuses.length === 1 ? '' : 'es'} moved`);
  for (const change of changes.filter((candidate) => candidate.kind === 'progress').slice(0, 2)) parts.push(`KR ${shorten(change.text)} ${change.from ?? '–'} → ${change.to ?? '–'}`);
  const edits = changes.filter((change) => change.kind === 'added' || change.kind === 'removed' || change.kind === 'reworded').length;
  if (edits > 0) parts.push(`${edits} item${edits === 1 ? '' : 's'} added, removed or reworded`);
  return parts.length > 0 ? parts.join(' · ') : 'no change to objectives, key results or tasks';
}

function shorten(text: string): string {
  return text.length > 30 ? `"${text.slice(0, 29)}…"` : `"${text}"`;
}
