/**
 * Links between plans: where a relative link of a plan's page leads in its
 * file system (whose path syntax is given),
 * and the plans it leads to, as the rules see them. The editor finds those
 * plans in its workspace index and `okr check` reads them, by the same rules.
 */
import { isMarkdownLink, linkPath } from '../model/anchors';
import type { Plan } from '../model/plan';
import type { LinkedPlans } from '../check/types';
import type { PathSyntax } from './paths';

/** The file a relative link of the page `fromFile` leads to, or null when it leads to no Markdown page. */
export function linkedFile(path: PathSyntax, fromFile: string, url: string): string | null {
  if (!isMarkdownLink(url)) return null;
  const target = linkPath(url);
  // A path from the site's root (`/handbook/…`) depends on how the site is served: it is not followed.
  if (target.startsWith('/') || target.includes('\0')) return null;
  return path.resolve(path.dirname(fromFile), target);
}

/** The Markdown files a plan's links lead to, once each. */
export function linkedFiles(path: PathSyntax, fromFile: string, plan: Plan): string[] {
  const files = new Set<string>();
  for (const link of plan.links) {
    const file = linkedFile(path, fromFile, link.url);
    if (file !== null && file !== path.resolve(fromFile)) files.add(file);
  }
  return [...files];
}

/** The plans a page's links lead to, from a lookup of plans by file; the same object while each linked file has the same plan. */
export function linkedPlans(path: PathSyntax, fromFile: string, plans: ReadonlyMap<string, Plan>): LinkedPlans {
  return {
    planAt: (url) => {
      const file = linkedFile(path, fromFile, url);
      return file === null ? undefined : plans.get(file);
    },
  };
}
