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
  const old = before ? indexOf(before) : null;
  const now = indexOf(after);
  return [...taskChanges(old?.tasks ?? [], now.tasks), ...keyResultChanges(old?.keyResults ?? [], now.keyResults), ...objectiveChanges(old?.objectives ?? [], now.objectives)];
}

/** A key result with the objective it belongs to, its place there, and the texts it is matched by. */
interface IndexedKeyResult {
  keyResult: KeyResult;
  text: string;
  objectiveTitle: string;
  place: number;
}

/** An objective and the key it is matched by. */
interface IndexedObjective {
  objective: Objective;
  key: string;
}

/** What a plan is compared by, with its texts normalized once: a history compares each version twice. */
interface PlanIndex {
  tasks: Array<{ task: Task; title: string }>;
  keyResults: IndexedKeyResult[];
  objectives: IndexedObjective[];
}

const indexes = new WeakMap<Plan, PlanIndex>();

function indexOf(plan: Plan): PlanIndex {
  let index = indexes.get(plan);
  if (index) return index;
  const objectives = [...allObjectives(plan.objectives)];
  index = {
    tasks: plan.tasks.map((task) => ({ task, title: normalize(task.title) })),
    keyResults: objectives.flatMap((objective) => {
      const objectiveTitle = normalize(objective.title);
      return objective.keyResults.map((keyResult, place) => ({ keyResult, text: normalize(keyResult.text), objectiveTitle, place }));
    }),
    objectives: objectives.map((objective) => ({ objective, key: `${objective.owner ?? ''}\u0000${normalize(objective.title)}` })),
  };
  indexes.set(plan, index);
  return index;
}

function taskChanges(before: PlanIndex['tasks'], after: PlanIndex['tasks']): Change[] {
  const changes: Change[] = [];
  const old = new Map(before.map((entry) => [entry.task.id, entry]));
  const now = new Set(after.map((entry) => entry.task.id));
  for (const { task, title } of after) {
    const previous = old.get(task.id);
    if (!previous) {
      changes.push({ kind: 'added', item: 'task', id: task.id, text: task.title, line: task.line });
      continue;
    }
    if (previous.task.statusText !== task.statusText) changes.push({ kind: 'status', item: 'task', id: task.id, text: task.title, from: previous.task.statusText, to: task.statusText, line: task.line });
    if (previous.title !== title) changes.push({ kind: 'reworded', item: 'task', id: task.id, text: task.title, from: previous.task.title, to: task.title, line: task.line });
  }
  for (const { task } of before) if (!now.has(task.id)) changes.push({ kind: 'removed', item: 'task', id: task.id, text: task.title, line: task.line });
  return changes;
}

/** The first entry of each group not matched yet, in document order. */
function firstUnmatched(groups: ReadonlyMap<string, IndexedKeyResult[]>, key: string, matched: ReadonlySet<KeyResult>): IndexedKeyResult | undefined {
  return groups.get(key)?.find((candidate) => !matched.has(candidate.keyResult));
}

function groupBy(entries: readonly IndexedKeyResult[], key: (entry: IndexedKeyResult) => string): Map<string, IndexedKeyResult[]> {
  const groups = new Map<string, IndexedKeyResult[]>();
  for (const entry of entries) {
    const group = groups.get(key(entry));
    if (group) group.push(entry);
    else groups.set(key(entry), [entry]);
  }
  return groups;
}

/**
 * Key results are matched by their text first; what is left is matched by
 * position under the same objective, which reads as a rewording.
 */
function keyResultChanges(old: readonly IndexedKeyResult[], now: readonly IndexedKeyResult[]): Change[] {
  const changes: Change[] = [];
  const byText = groupBy(old, (entry) => entry.text);
  const matched = new Set<KeyResult>();
  const unmatched: IndexedKeyResult[] = [];
  for (const entry of now) {
    const same = firstUnmatched(byText, entry.text, matched);
    if (same) {
      matched.add(same.keyResult);
      changes.push(...progressChange(same.keyResult, entry.keyResult));
    } else {
      unmatched.push(entry);
    }
  }
  const byPlace = groupBy(old, (entry) => `${entry.objectiveTitle}\u0000${entry.place}`);
  for (const entry of unmatched) {
    const sibling = firstUnmatched(byPlace, `${entry.objectiveTitle}\u0000${entry.place}`, matched);
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
function objectiveChanges(old: readonly IndexedObjective[], now: readonly IndexedObjective[]): Change[] {
  const changes: Change[] = [];
  const oldKeys = new Set(old.map((entry) => entry.key));
  const newKeys = new Set(now.map((entry) => entry.key));
  const removed = old.filter((entry) => !newKeys.has(entry.key));
  now.forEach(({ objective, key }, place) => {
    if (oldKeys.has(key)) return;
    const replaced = removed.findIndex((candidate) => candidate.objective.owner === objective.owner && old.indexOf(candidate) === place);
    if (replaced >= 0) {
      const [previous] = removed.splice(replaced, 1);
      changes.push({ kind: 'reworded', item: 'objective', text: objective.title, from: previous.objective.title, to: objective.title, line: objective.line });
    } else {
      changes.push({ kind: 'added', item: 'objective', text: objective.title, line: objective.line });
    }
  });
  for (const { objective } of removed) changes.push({ kind: 'removed', item: 'objective', text: objective.title, line: objective.line });
  return changes;
}

/** Text compared without case, spacing or closing punctuation, so that a retyped line is the same line. */
export function normalize(text: string): string {
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
