/** A plan's history as git gives it, read by the desktop and known by name everywhere. */
import type { CheckIn } from './checkIns';
import type { PlanProgress } from './series';

/** A plan's check-ins, oldest first, and whether older ones are missing from the clone. */
export interface PlanHistory {
  /** Check-ins of one reading share their progress's objective lists: treat them as read-only. */
  checkIns: Array<CheckIn & { progress: PlanProgress }>;
  /** The repository's root folder. */
  root: string;
  /** The clone is shallow: the oldest check-ins are not in it. */
  shallow: boolean;
}

