/**
 * The plans an open plan links to, from the workspace index, for the rules
 * about links between plans. The answer is the same object while every
 * linked file has the same plan, so checks whose targets did not change are
 * kept.
 */
import type { LinkedPlans } from '../../okr/check/types';
import type { Plan } from '../../okr/model/plan';
import { linkedFiles, linkedPlans } from '../../okr/project/links';
import type { WorkspaceFiles } from './workspaceFiles';
import type { IndexedPlan } from './workspaceIndex';

/** Linked plans per open document, remembered with the plans they were made from. */
export class LinkedPlansCache {
  private readonly byUri = new Map<string, { targets: Map<string, Plan>; linked: LinkedPlans }>();

  constructor(
    private readonly files: WorkspaceFiles,
    private readonly index: { get(uri: string): IndexedPlan | undefined },
  ) {}

  /** The plans that a document's plan links to, as far as the index knows them; null for a document that is not a file. */
  linkedFor(uri: string, plan: Plan): LinkedPlans | null {
    const file = this.files.toPath(uri);
    if (file === null) return null;
    const targets = new Map<string, Plan>();
    for (const target of linkedFiles(this.files.paths, file, plan)) {
      const entry = this.index.get(this.files.toUri(target));
      if (entry) targets.set(target, entry.plan);
    }
    const last = this.byUri.get(uri);
    if (last && last.targets.size === targets.size && [...targets].every(([target, linked]) => last.targets.get(target) === linked)) return last.linked;
    const linked = linkedPlans(this.files.paths, file, targets);
    this.byUri.set(uri, { targets, linked });
    return linked;
  }

  /** The documents among `open` whose plans link to a file of `changed`: their link checks may have changed. */
  linkingTo(open: readonly string[], changed: readonly string[]): string[] {
    const files = new Set(changed.map((uri) => this.files.toPath(uri)));
    return open.filter((uri) => {
      const file = this.files.toPath(uri);
      const plan = this.index.get(uri)?.plan;
      return file !== null && plan !== undefined && plan.links.length > 0 && linkedFiles(this.files.paths, file, plan).some((target) => files.has(target));
    });
  }

  /** Forgets a document that closed. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
