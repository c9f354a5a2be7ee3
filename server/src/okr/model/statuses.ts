/**
 * Status words: each team writes its own (`In-progress`, `✅`, `Blocked`…), and
 * each maps to one canonical state so that counts and icons mean the same
 * thing in every plan.
 */
import { rememberAnswers } from './remember';
import type { Status } from './plan';

/** One status word a team writes, and what it means. */
export interface StatusDefinition {
  text: string;
  state: Status;
  description?: string;
}

/** What each canonical state means, for hovers and completion docs. */
export const STATE_DESCRIPTIONS: Record<Status, string> = {
  done: 'Finished.',
  'in-progress': 'Work has started and is under way.',
  'not-started': 'Planned, but no work has started yet.',
  blocked: 'Cannot move until something outside the task changes.',
  dropped: 'Will not be done this period.',
  unknown: 'No status given.',
};

/**
 * The default set: every status written in real plans, including the
 * mojibake forms that a Windows-1252 round trip leaves behind.
 */
export const DEFAULT_STATUSES: readonly StatusDefinition[] = [
  { text: 'Done', state: 'done' },
  { text: 'Complete', state: 'done' },
  { text: 'Completed', state: 'done' },
  { text: '✅', state: 'done' },
  { text: '✔️', state: 'done' },
  { text: '✔', state: 'done' },
  { text: 'âœ…', state: 'done', description: 'Mojibake of ✅.' },
  { text: 'In-progress', state: 'in-progress' },
  { text: 'In progress', state: 'in-progress' },
  { text: 'WIP', state: 'in-progress' },
  { text: 'On track', state: 'in-progress' },
  { text: 'At risk', state: 'in-progress' },
  { text: '🟢', state: 'in-progress' },
  { text: '🟡', state: 'in-progress' },
  { text: '⏳', state: 'in-progress' },
  { text: '🚧', state: 'in-progress' },
  { text: 'Not started', state: 'not-started' },
  { text: 'To do', state: 'not-started' },
  { text: 'Todo', state: 'not-started' },
  { text: 'Planned', state: 'not-started' },
  { text: '⬜', state: 'not-started' },
  { text: 'Blocked', state: 'blocked' },
  { text: '🔴', state: 'blocked' },
  { text: '⛔', state: 'blocked' },
  { text: 'Dropped', state: 'dropped' },
  { text: 'Cancelled', state: 'dropped' },
  { text: 'Canceled', state: 'dropped' },
  { text: "Won't do", state: 'dropped' },
  { text: '🚫', state: 'dropped' },
  { text: '❌', state: 'dropped' },
  { text: 'ðŸš«', state: 'dropped', description: 'Mojibake of 🚫.' },
];

/** The result of reading a status cell. */
export interface ResolvedStatus {
  state: Status;
  /** False when the text is not in the set (an empty cell counts as known: "no status yet"). */
  known: boolean;
  definition?: StatusDefinition;
}

/** Folds case, spacing, dashes and emoji variation selectors so `in progress` matches `In-progress`. */
export const normalizeStatus = rememberAnswers((text: string): string =>
  text
    .normalize('NFC')
    .replace(/[\uFE0E\uFE0F]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim(),
);

/** A team's configured statuses, looked up by what the plan writes. */
export class StatusSet {
  private readonly byKey = new Map<string, StatusDefinition>();

  constructor(readonly definitions: readonly StatusDefinition[] = DEFAULT_STATUSES) {
    for (const definition of definitions) {
      const key = normalizeStatus(definition.text);
      if (!this.byKey.has(key)) this.byKey.set(key, definition);
    }
  }

  /** Maps a written status to its canonical state. */
  resolve(text: string): ResolvedStatus {
    const key = normalizeStatus(text);
    if (key === '') return { state: 'unknown', known: true };
    const definition = this.byKey.get(key);
    return definition ? { state: definition.state, known: true, definition } : { state: 'unknown', known: false };
  }

  /** Describes a definition for hovers and completion items. */
  describe(definition: StatusDefinition): string {
    return definition.description ?? STATE_DESCRIPTIONS[definition.state];
  }
}

/** The default set, shared so that pure callers need not build their own. */
export const defaultStatusSet = new StatusSet();
