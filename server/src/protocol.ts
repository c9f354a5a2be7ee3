/**
 * The custom messages between the extension and the language server. Each is
 * declared once here and imported by both sides, so the sidebar tree and the
 * progress view read plans from the server and never parse Markdown.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Plan, Status } from './okr/model/plan';

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
