/**
 * How long ago a plan was last checked in, in the words the hover, the tree
 * and the progress page use. Pure, and "today" is given, so tests fix it.
 */
import { daysSince } from '../model/period';

/** `last check-in 12 days ago, by Ana` (or `today`, `yesterday`). */
export function describeLastCheckIn(last: { date: string; author: string }, today: Date): string {
  const days = daysSince(last.date, today);
  const when = days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return `last check-in ${when}, by ${last.author}`;
}
