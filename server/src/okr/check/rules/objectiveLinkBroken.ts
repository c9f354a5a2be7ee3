/** Flags a link to another plan whose anchor no heading of that plan has any more: the objective it aligned to was renamed or removed. */
import type { Finding, PlanRule } from '../types';
import { anchoredLinks, linkableObjectives, linkTarget, objectiveLabel } from '../../model/alignment';
import { linkPath } from '../../model/anchors';
import { closestTexts, replaceFix } from './text';

export const objectiveLinkBroken: PlanRule = {
  id: 'objective-link-broken',
  description: 'A link to another plan names an anchor that none of its headings has: the objective it pointed to was renamed or removed.',
  defaultSeverity: 'warning',
  tags: ['alignment'],
  doc: 'A team plan shows which company objective it serves by linking to it: the company plan\'s page with the objective\'s anchor, such as `../company/2026-Q1-OKRs.md#1-ceo-grow-arr`. When the objective\'s heading is reworded or removed, the anchor leads nowhere and the plan no longer says what it serves. The rule checks links to plans the workspace (or `okr check`) knows, against the anchors of their headings as GitHub and kramdown make them; the quick fix points the link at the closest objective. Links to pages that are not plans, or that are not known, are not checked.',
  scope: 'plan',
  reads: (plan) => [plan.links],
  check(doc, context) {
    const linked = context.linked;
    if (!linked) return [];
    const findings: Finding[] = [];
    for (const link of anchoredLinks(doc.plan)) {
      const target = linked.planAt(link.url);
      if (!target || target.objectives.length === 0) continue;
      const resolved = linkTarget(target, link.url);
      if (resolved.kind !== 'missing') continue;
      // The anchor as written, found in the link's source.
      const hash = link.url.indexOf('#');
      const written = link.url.slice(hash);
      let line = link.endLine;
      let at = (doc.lines[line - 1] ?? '').lastIndexOf(written, link.endColumn - 1);
      if (at < 0) {
        line = link.line;
        at = (doc.lines[line - 1] ?? '').indexOf(written, link.column - 1);
      }
      if (at < 0) continue;
      const column = at + 2;
      const objectives = linkableObjectives(target);
      const byAnchor = new Map(objectives.map(({ objective, heading }) => [heading.anchor, objective]));
      const closest = closestTexts(resolved.anchor, byAnchor.keys(), 3);
      const page = linkPath(link.url);
      const title = target.title ? ` ("${target.title}")` : '';
      findings.push({
        line,
        column,
        endLine: line,
        endColumn: column + written.length - 1,
        message: `No heading of ${page}${title} has the anchor "#${resolved.anchor}": the objective this links to was renamed or removed.${closest.length > 0 ? ` Did you mean #${closest[0]}?` : ''}`,
        fixes: closest.map((anchor) => replaceFix(`Link to "${objectiveLabel(byAnchor.get(anchor)!)}"`, line, column, column + written.length - 1, anchor, false)),
      });
    }
    return findings;
  },
};
