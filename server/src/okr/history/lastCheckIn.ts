/**
 * How long ago a plan was last checked in, in the words the hover, the tree
 * and the progress page use. Pure, and "today" is given, so tests fix it.
 */

/** Whole days from an ISO 8601 date to `today`, counted in UTC calendar days; never negative. */
export function daysSince(date: string, today: Date): number {
  const then = new Date(date);
  if (Number.isNaN(then.getTime())) return 0;
  const day = (moment: Date): number => Math.floor(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()) / 86_400_000);
  return Math.max(0, day(today) - day(then));
}

/** `last check-in 12 days ago, by Ana` (or `today`, `yesterday`). */
export function describeLastCheckIn(last: { date: string; author: string }, today: Date): string {
  const days = daysSince(last.date, today);
  const when = days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return `last check-in ${when}, by ${last.author}`;
}
