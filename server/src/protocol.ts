/**
 * The custom messages between the extension and the language server. Each is
 * declared once here and imported by both sides, so the sidebar tree and the
 * progress view read plans from the server and never parse Markdown.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { CheckInChange, CheckInItem, CheckInUpdate, StatusOption } from './okr/model/checkIn';
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

/** A file the server asks the editor to read, in the browser where the server cannot reach files itself. */
export interface ReadFileParams {
  uri: string;
  /** Bytes to read at most from the start of the file. */
  maxBytes: number;
}

/** The start of a file as UTF-8 text, and the file's full size in bytes. */
export interface ReadFileResult {
  text: string;
  size: number;
}

/** Reads a file through `vscode.workspace.fs`; null when there is no such file. Fails with the editor's message when it cannot be read. */
export namespace ReadFileRequest {
  export const method = 'okr/readFile';
  export const type = new RequestType<ReadFileParams, ReadFileResult | null, void>(method);
}

/** True when a file or folder exists, as `vscode.workspace.fs.stat` finds it. */
export namespace FileExistsRequest {
  export const method = 'okr/fileExists';
  export const type = new RequestType<PlanParams, boolean, void>(method);
}

/** Files under a folder that match a glob, skipping `node_modules` and `.git`. */
export interface FindFilesParams {
  /** The folder's URI. */
  base: string;
  /** A glob relative to the folder. */
  pattern: string;
}

/** Finds files through `vscode.workspace.findFiles`; answers their URIs. */
export namespace FindFilesRequest {
  export const method = 'okr/findFiles';
  export const type = new RequestType<FindFilesParams, string[], void>(method);
}

/** What a check-in of one plan can update: its key results and tasks with their values now, and the statuses to offer. */
export interface CheckInPlan {
  uri: string;
  /** The version the items were read at. */
  version: number;
  title: string | null;
  period: string | null;
  items: CheckInItem[];
  statuses: StatusOption[];
  /** The heading of the plan's progress-update section, where a check-in adds a dated line; null when it has none. */
  progressLog: string | null;
}

/** Lists what a check-in of an open plan can update; null when the document is not an open plan. */
export namespace CheckInItemsRequest {
  export const method = 'okr/checkInItems';
  export const type = new RequestType<PlanParams, CheckInPlan | null, void>(method);
}

/** The author's check-in of one plan: `date` (YYYY-MM-DD, the author's day) heads the progress-log line. */
export interface CheckInParams {
  uri: string;
  date: string;
  updates: CheckInUpdate[];
}

/** An edit of a plan, computed by the server and applied by the client as one undoable change. */
export interface PlanEditResult {
  /** The edit, tied to the document's version; null when nothing is to change or it cannot be made. */
  edit: WorkspaceEdit | null;
  /** What was done, or why nothing was: for the user. */
  message: string;
  /** The line (0-based, after the edit) where the new or changed text starts, to reveal it. */
  line: number | null;
  /** What a check-in changed, item by item. */
  changes: CheckInChange[];
  /** A check-in's changes in one line, for a commit message. */
  summary: string;
}

/** Computes the edit of a check-in. */
export namespace CheckInRequest {
  export const method = 'okr/checkIn';
  export const type = new RequestType<CheckInParams, PlanEditResult, void>(method);
}

/** An authoring edit the sidebar asks for. */
export type PlanEdit =
  | { kind: 'setTaskStatus'; taskId: string; title: string; status: string }
  | { kind: 'addKeyResult'; objectiveLine: number; objectiveTitle: string; text: string }
  | { kind: 'addObjective'; text: string }
  | { kind: 'addTask'; title: string; responsible: string; status: string };

export interface PlanEditParams {
  uri: string;
  edit: PlanEdit;
}

/** Computes an authoring edit of an open plan. */
export namespace PlanEditRequest {
  export const method = 'okr/editPlan';
  export const type = new RequestType<PlanEditParams, PlanEditResult, void>(method);
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

/** Which plan's history to read, and how many of its latest check-ins to list. */
export interface PlanHistoryParams extends PlanParams {
  /** Lists only this many of the latest check-ins, so a long history costs the page only what it shows; all when absent. */
  recent?: number;
}

/** A plan's check-ins and its progress over them, read from git. */
export interface PlanHistoryResult {
  uri: string;
  /** Why there is no history, in one line for the user ("history is off in Restricted Mode"), or null when it was read. */
  unavailable: string | null;
  /** The repository's root folder, for opening a check-in's diff. */
  root: string | null;
  /** Oldest first: every check-in, or the latest ones when fewer were asked for. */
  checkIns: CheckInEntry[];
  /** How many check-ins came before those listed. */
  earlier: number;
  series: ProgressSeries;
  /** The latest check-in, or null when the plan has none yet. */
  last: { commit: string; date: string; author: string } | null;
  /** The clone is shallow: the oldest check-ins are not in it. */
  shallow: boolean;
}

/** Reads a plan's history: its check-ins, its progress at each, and the last one. */
export namespace PlanHistoryRequest {
  export const method = 'okr/planHistory';
  export const type = new RequestType<PlanHistoryParams, PlanHistoryResult | null, void>(method);
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
  /** A folder of the editor's own (its storage folder for the workspace) where plans' histories are kept between sessions. */
  storageFolder?: string;
}
