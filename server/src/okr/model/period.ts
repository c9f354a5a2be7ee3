/**
 * The days a plan's period covers, and whole days between dates. A period
 * is read as a title writes it: `2026-Q4`, `Q3 2024`, `2024-H1`, `FY27-Q1`,
 * `H1 FY23`, `FY'23`. A fiscal year is named by the calendar year it ends
 * in and starts in `fiscalYearStart` (February by default, as in GitLab's
 * handbook: FY27 runs from February 2026 to January 2027).
 */

/** A period's first and last day, `YYYY-MM-DD`, both included. */
export interface PeriodRange {
  start: string;
  end: string;
}

const PERIOD_PARTS = /^(?:(FY)?[ \t'’]?(\d{2}|\d{4})[ \t-]*(?:([QH])([1-4]))?|([QH])([1-4])[ \t-]*(FY)?[ \t'’]?(\d{2}|\d{4}))$/i;

/** The days a period covers, or null when it is not one this reads. `fiscalYearStart` is a month from 1 to 12. */
export function periodRange(period: string, fiscalYearStart = 2): PeriodRange | null {
  const match = PERIOD_PARTS.exec(period.trim());
  if (!match) return null;
  const fiscal = Boolean(match[1] ?? match[7]);
  const written = match[2] ?? match[8];
  const kind = (match[3] ?? match[5])?.toUpperCase() ?? null;
  const part = Number(match[4] ?? match[6] ?? 1);
  if (kind === 'H' && part > 2) return null;
  const year = written.length === 2 ? 2000 + Number(written) : Number(written);
  // Months counted from year 0: a fiscal year starts in the year before the one it is named by, unless it starts in January.
  const yearStart = fiscal && fiscalYearStart > 1 ? (year - 1) * 12 + (fiscalYearStart - 1) : year * 12;
  const length = kind === 'Q' ? 3 : kind === 'H' ? 6 : 12;
  const first = yearStart + (kind === null ? 0 : (part - 1) * length);
  const day = (month: number, date: number): string => new Date(Date.UTC(Math.floor(month / 12), month % 12, date)).toISOString().slice(0, 10);
  return { start: day(first, 1), end: day(first + length, 0) };
}

/** Whole days from an ISO 8601 date to `today`, counted in UTC calendar days; never negative. */
export function daysSince(date: string, today: Date): number {
  const then = new Date(date);
  if (Number.isNaN(then.getTime())) return 0;
  const day = (moment: Date): number => Math.floor(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()) / 86_400_000);
  return Math.max(0, day(today) - day(then));
}
