/**
 * What `okr history` prints: for people, a line per check-in and one per
 * change; for scripts, a JSON array with one check-in per line. A long
 * history is written in chunks, and the objective scores that check-ins
 * share are turned into JSON bytes once, so ten thousand check-ins print in a
 * fraction of a second.
 */
import { describeChange, summarizeCheckIn, type CheckIn } from '../okr/history/checkIns';
import type { ObjectiveScore, PlanProgress } from '../okr/history/series';

/** Check-ins per write. */
const CHUNK = 500;

/** Writes the check-ins as text, or as JSON with `json`. */
export function writeHistory(
  checkIns: ReadonlyArray<CheckIn & { progress: PlanProgress }>,
  options: { json: boolean; shallow: boolean },
  out: (text: string | Uint8Array) => void,
): void {
  if (options.json) {
    if (checkIns.length === 0) return out('[]\n');
    const json = new WeakMap<readonly ObjectiveScore[], Buffer>();
    for (let at = 0; at < checkIns.length; at += CHUNK) {
      const parts = checkIns.slice(at, at + CHUNK).flatMap((checkIn, index) => checkInJson(checkIn, at + index === 0 ? '[\n' : ',\n', json));
      out(Buffer.concat([...parts, Buffer.from(at + CHUNK >= checkIns.length ? '\n]\n' : '')]));
    }
    return;
  }
  if (options.shallow) out('This clone is shallow: older check-ins are not in it.\n');
  if (checkIns.length === 0) out('No check-ins.\n');
  for (let at = 0; at < checkIns.length; at += CHUNK) {
    const lines = checkIns.slice(at, at + CHUNK).flatMap((checkIn) => [
      `${checkIn.date.slice(0, 10)} ${checkIn.commit.slice(0, 8)} ${checkIn.author}  ${summarizeCheckIn(checkIn.changes)}\n`,
      ...checkIn.changes.map((change) => `  ${describeChange(change)}\n`),
    ]);
    out(lines.join(''));
  }
}

/**
 * One check-in as `JSON.stringify` writes it, after `before`, in bytes: its
 * objectives' part is taken from `json` when that list was written before.
 */
function checkInJson({ commit, date, author, path, changes, progress }: CheckIn & { progress: PlanProgress }, before: string, json: WeakMap<readonly ObjectiveScore[], Buffer>): Buffer[] {
  let objectives = json.get(progress.objectives);
  if (objectives === undefined) json.set(progress.objectives, (objectives = Buffer.from(JSON.stringify(progress.objectives))));
  const head = `${before}${JSON.stringify({ commit, date, author, path, changes }).slice(0, -1)},"progress":{"tasksDone":${progress.tasksDone},"tasks":${progress.tasks},"objectives":`;
  return [Buffer.from(head), objectives, CLOSE];
}

const CLOSE = Buffer.from('}}');
