/**
 * Fix-all, for `okr check --fix` and the editor's `source.fixAll.okr`
 * alike: which safe fixes can be applied together, and applying them until
 * none is left.
 */
import { applyEdits, editsOverlap, plainEdits } from './edits';
import type { Diagnostic, Edit, Fix } from './types';

/**
 * The safe fixes among diagnostics that can be applied together: for each
 * diagnostic, its first safe fix that `applies` and overlaps no fix chosen
 * before it (the others wait for another pass).
 */
export function compatibleSafeFixes(diagnostics: readonly Diagnostic[], applies: (edit: Edit) => boolean = () => true): Array<{ diagnostic: Diagnostic; fix: Fix }> {
  const chosen: Array<{ diagnostic: Diagnostic; fix: Fix }> = [];
  const taken: Edit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fixes?.find((candidate) => candidate.safe && candidate.edits.every(applies) && !candidate.edits.some((edit) => taken.some((other) => editsOverlap(edit, other))));
    if (!fix) continue;
    chosen.push({ diagnostic, fix });
    taken.push(...fix.edits);
  }
  return chosen;
}

/** What fix-all did to a text. */
export interface FixAllResult {
  text: string;
  /** The diagnostics whose safe fix was applied, in the order applied. */
  fixed: Diagnostic[];
}

/** Applies safe fixes until none is left (at most a few passes), re-checking the text between passes. */
export function fixAll(text: string, check: (text: string) => Diagnostic[], maxPasses = 5): FixAllResult {
  let current = text;
  const fixed: Diagnostic[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = compatibleSafeFixes(check(current));
    if (chosen.length === 0) break;
    current = applyEdits(current, chosen.flatMap(({ fix }) => plainEdits(fix)));
    fixed.push(...chosen.map(({ diagnostic }) => diagnostic));
  }
  return { text: current, fixed };
}
