/**
 * The sidebar's authoring commands: set a task's status, add a key result,
 * an objective or a task, and reveal a node. Each asks for what it needs,
 * lets the server compute the edit in the plan's dialect, and applies it as
 * one undoable change that shows in the editor.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { StatusOption } from '../../../server/src/okr/model/checkIn';
import { CheckInItemsRequest, PlanEditRequest, type PlanEdit, type PlanEditResult } from '../../../server/src/protocol';
import type { PlanTreeNode } from '../views/planTree';

/** What a command may be run on: a sidebar node, a plan's URI, or nothing (the active editor). */
export type PlanTarget = PlanTreeNode | vscode.Uri | { uri?: vscode.Uri | string } | undefined;

/** The plan a command acts on. */
export function planUriOf(target: PlanTarget): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  const uri = target?.uri;
  if (uri) return typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === 'markdown' ? active.uri : undefined;
}

/** Applies a server-computed edit and shows where it landed; false when the plan changed meanwhile. */
export async function applyPlanEdit(client: LanguageClient, result: PlanEditResult): Promise<boolean> {
  if (!result.edit) {
    void vscode.window.showInformationMessage(result.message);
    return false;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage('The plan changed while the edit was made; nothing was written. Try again.');
    return false;
  }
  const [uri] = edit.entries()[0] ?? [];
  if (uri && result.line !== null) {
    const position = new vscode.Position(result.line, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preserveFocus: true, preview: false });
  }
  return true;
}

/** Asks the server for an edit of the plan and applies it. */
async function editPlan(client: LanguageClient, uri: vscode.Uri, edit: PlanEdit): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  const result = await client.sendRequest(PlanEditRequest.type, { uri: document.uri.toString(), edit });
  return applyPlanEdit(client, result);
}

/** Asks for one line of text; undefined when dismissed or left empty. */
async function askText(title: string, prompt: string, placeHolder: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({ title, prompt, placeHolder, validateInput: (value) => (value.trim() ? undefined : 'Write some text, or press Escape.') });
  return text?.trim() || undefined;
}

/** The state a status counts as, in words, where its text does not already say it (`✅` → `done`). */
export function stateWords(option: StatusOption): string {
  const words = option.state.replace('-', ' ');
  return option.text.toLowerCase().replace(/[-_]/g, ' ') === words ? '' : words;
}

/** Asks for a status among the team's, the plan's own first. */
async function askStatus(client: LanguageClient, uri: vscode.Uri, title: string, current: string | null): Promise<string | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const plan = await client.sendRequest(CheckInItemsRequest.type, { uri: document.uri.toString() });
  const items = (plan?.statuses ?? []).map((option) => ({
    label: option.text,
    description: [stateWords(option), option.text === current && 'current'].filter(Boolean).join(' · '),
    detail: option.description || undefined,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: current === null ? 'Status' : `Now ${current || 'no status'}` });
  return picked?.label;
}

/** The sidebar's authoring commands, by id, for one language client. */
export function planEditCommands(client: LanguageClient): Record<string, (target?: PlanTarget) => Promise<boolean>> {
  return {
    'okr.setTaskStatus': async (target) => {
      if (!target || target instanceof vscode.Uri || !('kind' in target) || target.kind !== 'task') return false;
      const { task } = target;
      const status = await askStatus(client, target.uri, `Status of task ${task.id}: ${task.title}`, task.statusText);
      if (status === undefined) return false;
      return editPlan(client, target.uri, { kind: 'setTaskStatus', taskId: task.id, title: task.title, status });
    },
    'okr.addKeyResult': async (target) => {
      if (!target || target instanceof vscode.Uri || !('kind' in target) || target.kind !== 'objective') return false;
      const { objective } = target;
      const text = await askText(`Add a key result to: ${objective.title}`, 'What will show the objective is met? Name a number.', 'Cut CI time to 10 minutes');
      if (!text) return false;
      return editPlan(client, target.uri, { kind: 'addKeyResult', objectiveLine: objective.line, objectiveTitle: objective.title, text });
    },
    'okr.addObjective': async (target) => {
      const uri = planUriOf(target);
      if (!uri) return false;
      const text = await askText('Add an objective', 'The objective, optionally with its owner: "Sales: Grow the pipeline."', 'Make releases boring.');
      if (!text) return false;
      return editPlan(client, uri, { kind: 'addObjective', text });
    },
    'okr.addTask': async (target) => {
      const uri = planUriOf(target);
      if (!uri) return false;
      const title = await askText('Add a task (1/3): title', 'The project, as the status table names it.', 'Release train');
      if (!title) return false;
      const responsible = await vscode.window.showInputBox({ title: 'Add a task (2/3): responsible', prompt: 'Who does it (names or a group); may stay empty.' });
      if (responsible === undefined) return false;
      const status = await askStatus(client, uri, 'Add a task (3/3): status', null);
      if (status === undefined) return false;
      return editPlan(client, uri, { kind: 'addTask', title, responsible: responsible.trim(), status });
    },
    'okr.revealNode': async (target) => {
      if (!target || target instanceof vscode.Uri || !('kind' in target)) return false;
      const line = target.kind === 'objective' ? target.objective.line : target.kind === 'keyResult' ? target.keyResult.line : target.kind === 'task' ? target.task.line : 1;
      const position = new vscode.Position(Math.max(0, line - 1), 0);
      await vscode.window.showTextDocument(target.uri, { selection: new vscode.Range(position, position) });
      return true;
    },
  };
}
