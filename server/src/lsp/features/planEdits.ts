/**
 * The check-in and the sidebar's authoring edits: the server reads the open
 * plan, the pure writers in okr/write compute the edits, and the client
 * applies them as one undoable change tied to the document's version, so an
 * edit computed for older text is never applied to newer text.
 */
import type { Connection, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Edit } from '../../okr/check/types';
import { allObjectives, type Objective } from '../../okr/model/plan';
import { checkInItems, computeCheckIn, progressSection, statusOptions, taskStatusEdit } from '../../okr/write/checkIn';
import type { CheckInUpdate } from '../../okr/model/checkIn';
import { addKeyResultEdit, addObjectiveEdit, addTaskEdit, type StructureEdit } from '../../okr/write/structure';
import {
  CheckInItemsRequest,
  CheckInRequest,
  PlanEditRequest,
  type CheckInParams,
  type CheckInPlan,
  type PlanEdit,
  type PlanEditResult,
} from '../../protocol';
import { modelRange } from '../convert/positions';
import type { OpenPlan, PlanDocuments } from '../session/documents';
import { guard } from '../session/guard';

/** A result that changes nothing, saying why. */
function nothing(message: string): PlanEditResult {
  return { edit: null, message, line: null, changes: [], summary: '' };
}

/** The model's edits as a workspace edit of one document at one version (the editor writes `\n` as the document's own line end). */
function workspaceEdit(open: OpenPlan, edits: readonly Edit[]): WorkspaceEdit {
  const lines = open.doc.lines;
  const textEdits: TextEdit[] = edits.map((edit) => ({
    range: modelRange(lines, edit.line, edit.column, edit.endLine, edit.endColumn),
    newText: edit.newText,
  }));
  return { documentChanges: [{ textDocument: { uri: open.uri, version: open.version }, edits: textEdits }] };
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown): boolean => value === undefined || value === null || isText(value);

/** The well-formed updates of a request: a client is trusted no more than a user's typing. */
function validUpdates(updates: unknown): CheckInUpdate[] {
  if (!Array.isArray(updates)) return [];
  return updates.filter((update): update is CheckInUpdate => {
    if (typeof update !== 'object' || update === null) return false;
    const { key, text, progress, confidence, note, status } = update as Record<string, unknown>;
    return isText(key) && isText(text) && (progress === undefined || isText(progress)) && isOptionalText(confidence) && isOptionalText(note) && (status === undefined || isText(status));
  });
}

/** True when every field an edit names holds text. */
function validEdit(edit: unknown): edit is PlanEdit {
  if (typeof edit !== 'object' || edit === null) return false;
  const fields = edit as Record<string, unknown>;
  const texts: Record<PlanEdit['kind'], string[]> = {
    setTaskStatus: ['taskId', 'title', 'status'],
    addKeyResult: ['objectiveTitle', 'text'],
    addObjective: ['text'],
    addTask: ['title', 'responsible', 'status'],
  };
  const names = texts[fields.kind as PlanEdit['kind']];
  return !!names && names.every((name) => isText(fields[name])) && (fields.kind !== 'addKeyResult' || Number.isInteger(fields.objectiveLine));
}

/** What a check-in of the plan can update. */
export function computeCheckInPlan(open: OpenPlan): CheckInPlan {
  const { plan } = open.doc;
  return {
    uri: open.uri,
    version: open.version,
    title: plan.title,
    period: plan.period,
    items: checkInItems(open.doc),
    statuses: statusOptions(plan, open.context.statuses),
    progressLog: progressSection(open.doc.lines)?.heading ?? null,
  };
}

/** The edit of a check-in; nothing when every item kept its value. */
export function computeCheckInEdit(open: OpenPlan, params: CheckInParams): PlanEditResult {
  if (open.limitedToLines !== null) return nothing('This plan is larger than the limits allow, so it is not edited.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.date)) return nothing(`"${params.date}" is not a date (YYYY-MM-DD).`);
  const outcome = computeCheckIn(open.doc, validUpdates(params.updates), params.date, open.context.statuses);
  if (outcome.edits.length === 0) return nothing('Nothing changed, so nothing was written.');
  const first = Math.min(...outcome.edits.map((edit) => edit.line));
  return {
    edit: workspaceEdit(open, outcome.edits),
    message: `Checked in: ${outcome.summary}.`,
    line: first - 1,
    changes: outcome.changes,
    summary: outcome.summary,
  };
}

/** The objective at a line with the given title. */
function objectiveAt(open: OpenPlan, line: number, title: string): Objective | undefined {
  const all = [...allObjectives(open.doc.plan.objectives)];
  return all.find((objective) => objective.line === line && objective.title === title) ?? all.find((objective) => objective.title === title);
}

/** The edit of one sidebar action. */
export function computePlanEdit(open: OpenPlan, request: unknown): PlanEditResult {
  if (open.limitedToLines !== null) return nothing('This plan is larger than the limits allow, so it is not edited.');
  if (!validEdit(request)) return nothing('Unknown edit.');
  const done = (result: StructureEdit | null, message: string, failure: string): PlanEditResult =>
    result ? { edit: workspaceEdit(open, result.edits), message, line: result.line - 1, changes: [], summary: '' } : nothing(failure);
  switch (request.kind) {
    case 'setTaskStatus': {
      const tasks = open.doc.plan.tasks;
      const task = tasks.find((each) => each.id === request.taskId && each.title === request.title) ?? tasks.find((each) => each.id === request.taskId);
      if (!task) return nothing(`Task ${request.taskId} is no longer in the plan.`);
      if (task.statusText === request.status) return nothing(`Task ${task.id} is already ${request.status}.`);
      const edit = taskStatusEdit(open.doc, task, request.status);
      return done(edit && { edits: [edit], line: task.line }, `Task ${task.id} is now ${request.status}.`, `Task ${task.id} has no status cell to write.`);
    }
    case 'addKeyResult': {
      const objective = objectiveAt(open, request.objectiveLine, request.objectiveTitle);
      if (!objective) return nothing('That objective is no longer in the plan.');
      return done(addKeyResultEdit(open.doc, objective, request.text), 'Added a key result.', 'A key result needs some text.');
    }
    case 'addObjective':
      return done(addObjectiveEdit(open.doc, request.text), 'Added an objective.', 'An objective needs some text, and a plan with objectives to follow.');
    case 'addTask':
      return done(addTaskEdit(open.doc, request), 'Added a task.', 'A task needs a title, and the plan a status table.');
  }
}

/** Answers the check-in and authoring requests for open plans. */
export function registerPlanEdits(connection: Connection, documents: PlanDocuments): void {
  const notAPlan = nothing('This document is not an open OKR plan.');
  connection.onRequest(CheckInItemsRequest.type, guard(connection, 'Check-in items', null, async ({ uri }) => {
    const open = await documents.get(uri);
    return open ? computeCheckInPlan(open) : null;
  }));
  connection.onRequest(CheckInRequest.type, guard(connection, 'Check-in', notAPlan, async (params) => {
    const open = await documents.get(params.uri);
    return open ? computeCheckInEdit(open, params) : notAPlan;
  }));
  connection.onRequest(PlanEditRequest.type, guard(connection, 'Plan edit', notAPlan, async (params) => {
    const open = await documents.get(params.uri);
    return open ? computePlanEdit(open, params.edit) : notAPlan;
  }));
}
