/**
 * The weekly check-in as data: what can be updated in a plan, what the author
 * set, and what changed. The language server computes it, the extension walks
 * the author through it, and neither side parses Markdown to do so.
 */
import type { Status } from './plan';

/** One key result or task the author can update in a check-in. */
export interface CheckInItem {
  kind: 'keyResult' | 'task';
  /** Names the item in an update: `kr:<line>` or `task:<id>`. */
  key: string;
  /** How the plan and commit messages refer to it: `KR1`, `task 2`. */
  label: string;
  /** The key result's text or the task's title. */
  text: string;
  line: number;
  /** A key result's progress as written (`40%`, `Hired +1 CE so far.`), without the confidence and note; empty when none. */
  progress: string;
  confidence: string | null;
  note: string | null;
  /** A task's status as written, mojibake repaired; empty for key results and empty cells. */
  status: string;
}

/** A status the author can pick: the plan's own words first, then the team's set. */
export interface StatusOption {
  text: string;
  state: Status;
  description: string;
}

/** What the author set for one item; fields left out keep their value. */
export interface CheckInUpdate {
  key: string;
  /** The item's text when it was listed, so an update finds its item after lines moved. */
  text: string;
  progress?: string;
  confidence?: string | null;
  note?: string | null;
  status?: string;
}

/** One change a check-in makes, for the summary, the progress log and the commit message. */
export interface CheckInChange {
  kind: 'keyResult' | 'task';
  label: string;
  text: string;
  from: string;
  to: string;
}
