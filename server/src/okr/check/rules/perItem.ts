/** Per-item memory for plan rules whose findings for an item depend on that item alone. */
import type { Finding, RuleContext } from '../types';
import type { PlanDocument } from '../../parse/parser';

/** Whether two checks ran in the same context. */
export function sameContext(a: RuleContext, b: RuleContext): boolean {
  return a.today === b.today && a.roster === b.roster && a.statuses === b.statuses && a.linked === b.linked && a.lastCheckIn === b.lastCheckIn && a.staleAfterDays === b.staleAfterDays;
}

/**
 * Runs a check on each item, remembering its findings per item object and
 * context. The parser hands an edited plan the same objects for what the
 * edit did not touch, so a rule whose check reads only the item (and its
 * own lines) checks again only the items that changed.
 */
export function perItem<Item extends object>(check: (item: Item, doc: PlanDocument, context: RuleContext) => Finding[]): (items: Iterable<Item>, doc: PlanDocument, context: RuleContext) => Finding[] {
  const found = new WeakMap<Item, { context: RuleContext; findings: Finding[] }>();
  return (items, doc, context) => {
    const findings: Finding[] = [];
    for (const item of items) {
      let known = found.get(item);
      if (!known || !sameContext(known.context, context)) found.set(item, (known = { context, findings: check(item, doc, context) }));
      for (const finding of known.findings) findings.push(finding);
    }
    return findings;
  };
}
