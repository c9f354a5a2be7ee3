/**
 * The custom messages between the extension and the language server. Each is
 * declared once here and imported by both sides, so the sidebar tree and the
 * progress view read plans from the server and never parse Markdown.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Plan, Status } from './okr/model/plan';
import type { ProgressSeries } from './okr/history/series';

/** Identifies one document, open or not. */
export interface PlanParams {
  uri: string;
}

/** A document's plan as the server last parsed it. Lines and columns are 1-based, as in the model. */
export interface PlanResult {
  uri: string;
  /** The editor's version of the document, or null when the plan was read from disk. */
  version: number | null;
  plan: Plan;
  /** Set when the document exceeded the size limits and only its first lines were read. */
  limitedToLines: number | null;
}

/** The figures of one plan that a workspace-wide overview shows. */
export interface PlanSummary {
  uri: string;
  title: string | null;
  period: string | null;
  objectives: number;
  keyResults: number;
  tasks: number;
  /** How many tasks are in each canonical state. */
  tasksByStatus: Record<Status, number>;
  /** True when the document is open in the editor (its unsaved text counts). */
  open: boolean;
}

/** Fetches the plan of one document; null when the document is not a plan. */
export namespace PlanRequest {
  export const method = 'okr/plan';
  export const type = new RequestType<PlanParams, PlanResult | null, void>(method);
}

/** Lists a summary of every plan in the workspace, open or not. */
export namespace PlanSummariesRequest {
  export const method = 'okr/planSummaries';
  export const type = new RequestType0<PlanSummary[], void>(method);
}

/** What changed, so that views refresh only when they must. */
export interface PlansChangedParams {
  /** The plans whose content changed, appeared or disappeared. */
  uris: string[];
  /** False while the background index of the workspace is still being built. */
  indexComplete: boolean;
}

/** Sent by the server whenever a plan, or the set of plans in the workspace, changes. */
export namespace PlansChangedNotification {
  export const method = 'okr/plansChanged';
  export const type = new NotificationType<PlansChangedParams>(method);
}

/** One check-in as the progress page lists it. */
export interface CheckInEntry {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  author: string;
  /** The plan's path in that commit, relative to the repository root. */
  path: string;
  /** The plan's path before the commit (another name when the commit renamed it), or null for its first version. */
  previousPath: string | null;
  /** What moved, in one line: `1 task status moved · KR "…" 10% → 40%`. */
  summary: string;
}

/** A plan's check-ins and its progress over them, read from git. */
export interface PlanHistoryResult {
  uri: string;
  /** Why there is no history, in one line for the user ("history is off in Restricted Mode"), or null when it was read. */
  unavailable: string | null;
  /** The repository's root folder, for opening a check-in's diff. */
  root: string | null;
  /** Oldest first. */
  checkIns: CheckInEntry[];
  series: ProgressSeries;
  /** The latest check-in, or null when the plan has none yet. */
  last: { commit: string; date: string; author: string } | null;
  /** The clone is shallow: the oldest check-ins are not in it. */
  shallow: boolean;
}

/** Reads a plan's history: its check-ins, its progress at each, and the last one. */
export namespace PlanHistoryRequest {
  export const method = 'okr/planHistory';
  export const type = new RequestType<PlanParams, PlanHistoryResult | null, void>(method);
}

/** Sent by the client when the user trusts the workspace: from then on the server may read its git history. */
export namespace WorkspaceTrustedNotification {
  export const method = 'okr/workspaceTrusted';
  export const type = new NotificationType0(method);
}

/** What the client tells the server when it starts it. */
export interface OkrInitializationOptions {
  /** False in Restricted Mode: the server then reads nothing from the workspace's repository. Absent means trusted. */
  trusted?: boolean;
}
