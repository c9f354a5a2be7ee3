/** Notes a plan of the current period that nobody has checked in for a while: a plan that is not updated stops being read. */
import type { Finding, PlanRule } from '../types';
import { daysSince, periodRange } from '../../model/period';

/** The plan's title line: its `# ` heading, else the first line. */
function titleLine(lines: readonly string[], title: string | null): { line: number; length: number } {
  const index = title === null ? -1 : lines.findIndex((text) => /^ {0,3}# /.test(text) && text.includes(title));
  return index < 0 ? { line: 1, length: (lines[0] ?? '').length } : { line: index + 1, length: lines[index].length };
}

export const stalePlan: PlanRule = {
  id: 'stale-plan',
  description: 'A plan of the current period has had no check-in for longer than okr.staleAfterDays (off unless that is set).',
  defaultSeverity: 'information',
  tags: ['history'],
  doc: 'A plan is a promise that is looked at during the period: when the plan of the period that contains today has not been committed for the number of days set in `okr.staleAfterDays` (or `staleAfterDays` in `.okr.json`), this notes it on the title line, with the date of the last check-in. It reads the plan\'s git history, so it stays silent outside a clone, in Restricted Mode and until the setting is given; plans of past or future periods are never noted. Update the progress notes and statuses, and commit.',
  scope: 'plan',
  reads: (plan) => [[plan.title, plan.period]],
  check(doc, context) {
    const { staleAfterDays, lastCheckIn, today } = context;
    const period = doc.plan.period;
    if (!staleAfterDays || !lastCheckIn || !period) return [];
    const range = periodRange(period);
    if (!range || today < range.start || today > range.end) return [];
    const days = daysSince(lastCheckIn.date, new Date(`${today}T00:00:00Z`));
    if (days < staleAfterDays) return [];
    const { line, length } = titleLine(doc.lines, doc.plan.title);
    const finding: Finding = {
      line,
      column: 1,
      endLine: line,
      endColumn: length + 1,
      message: `No check-in for ${days} days: ${period} is under way and this plan was last committed on ${lastCheckIn.date.slice(0, 10)} by ${lastCheckIn.author}. Update its progress and commit it.`,
    };
    return [finding];
  },
};
