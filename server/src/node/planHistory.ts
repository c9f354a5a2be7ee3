/**
 * A plan's check-ins, read from git: the one reading shared by `okr history`
 * and the editor. One parser reads the versions oldest first, re-reading
 * only the blocks a commit changed, and a blob is parsed once.
 */
import type { Plan } from '../okr/model/plan';
import { planChanges, type CheckIn } from '../okr/history/checkIns';
import { PlanParser } from '../okr/parse/parser';
import { fileHistory, versionTexts } from './git';

/** A plan's check-ins, oldest first, and whether older ones are missing from the clone. */
export interface PlanHistory {
  checkIns: CheckIn[];
  /** The clone is shallow: the oldest check-ins are not in it. */
  shallow: boolean;
}

/** Versions larger than this are left out of a history, as the editor leaves out plans larger than its limit. */
export const MAX_HISTORY_VERSION_BYTES = 2_000_000;

/** Every commit that changed `file` (following renames) as a check-in; throws GitError when git cannot give a history. */
export async function readPlanHistory(file: string): Promise<PlanHistory> {
  const found = await fileHistory(file);
  const texts = await versionTexts(found.root, found.versions, MAX_HISTORY_VERSION_BYTES);
  const parser = new PlanParser();
  const plans = new Map<string, Plan>();
  const planOf = (blob: { id: string | null; text: string | null }): Plan | null => {
    if (blob.id === null || blob.text === null) return null;
    let plan = plans.get(blob.id);
    if (!plan) plans.set(blob.id, (plan = parser.parse(blob.text).structure));
    // A version's parent is almost always the version before: only the latest few are worth keeping.
    if (plans.size > 4) plans.delete(plans.keys().next().value as string);
    return plan;
  };
  const checkIns: CheckIn[] = [];
  found.versions.forEach(({ previousPath: _previous, ...version }, index) => {
    const { version: blob, parent } = texts[index];
    const plan = planOf(blob);
    // A version that is binary or too large is left out.
    if (plan) checkIns.push({ ...version, changes: planChanges(planOf(parent), plan) });
  });
  return { checkIns, shallow: found.shallow };
}
