/**
 * How long ago a plan was last checked in, in the words the hover, the tree
 * and the progress page use. Pure, and "today" is given, so tests fix it.
 */
import { daysSince } from '../model/period';

/** `last check-in 12 days ago, by Ana` (or `today`, `yesterday`). */
export function describeLastCheckIn(last: { date: string; author: string }, today: Date): string {
  return `last check-in ${daysAgo(last.date, today)}, by ${last.author}`;
}

/** `12 days ago`, `yesterday` or `today`: how long ago an ISO date was. */
export function daysAgo(date: string, today: Date): string {
  const days = daysSince(date, today);
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}
