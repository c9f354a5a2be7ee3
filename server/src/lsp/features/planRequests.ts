/**
 * The custom requests that feed the sidebar tree and the progress view: the
 * plan of one document, and a summary of every plan in the workspace.
 */
import type { Connection } from 'vscode-languageserver';
import { countPlan, type Plan } from '../../okr/model/plan';
import { PlanRequest, PlanSummariesRequest, type PlanResult, type PlanSummary } from '../../protocol';
import type { PlanDocuments } from '../session/documents';
import { guard } from '../session/guard';
import type { IndexedPlan, WorkspaceIndex } from '../session/workspaceIndex';

/** The figures of one plan for the workspace overview. */
export function summarizePlan({ uri, plan, open }: IndexedPlan): PlanSummary {
  return { uri, title: plan.title, period: plan.period, ...countPlan(plan), open };
}

/** Summaries of every plan, ordered by URI so views stay stable. */
export function computePlanSummaries(plans: Iterable<IndexedPlan>): PlanSummary[] {
  return [...plans].map(summarizePlan).sort((a, b) => a.uri.localeCompare(b.uri));
}

/** The result for one plan read from disk. */
function fromIndex(uri: string, plan: Plan): PlanResult {
  return { uri, version: null, plan, limitedToLines: null };
}

/** Answers the plan and plan-summaries requests. */
export function registerPlanRequests(connection: Connection, documents: PlanDocuments, index: WorkspaceIndex): void {
  connection.onRequest(
    PlanRequest.type,
    guard(connection, 'Plan request', null, async ({ uri }) => {
      if (documents.documents.get(uri)) {
        const open = await documents.get(uri);
        return open ? { uri, version: open.version, plan: open.doc.plan, limitedToLines: open.limitedToLines } : null;
      }
      const indexed = index.get(uri);
      return indexed ? fromIndex(uri, indexed.plan) : null;
    }),
  );
  connection.onRequest(
    PlanSummariesRequest.type,
    guard(connection, 'Plan summaries', [], () => computePlanSummaries(index.plans())),
  );
}
