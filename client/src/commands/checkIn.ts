/**
 * `okr.checkIn`: the weekly check-in. It walks the plan's key results and
 * tasks one step each, the current value prefilled so Enter keeps it; the
 * server turns the answers into one edit in the plan's dialect, applied as
 * one undoable change. Afterwards it offers to commit the plan where git
 * runs (the desktop), never in Restricted Mode and never without asking.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { CheckInItem, CheckInUpdate, StatusOption } from '../../../server/src/okr/model/checkIn';
import { CheckInItemsRequest, CheckInRequest, type CheckInPlan } from '../../../server/src/protocol';
import { applyPlanEdit, planUriOf, stateWords, type PlanTarget } from './planEdits';
import { inputStep, pickStep, type StepPosition } from './multiStep';

/** Commits one plan file alone with git: given on the desktop, where git runs. */
export interface PlanCommits {
  /** The repository holding the file, or null when it is in none. */
  repositoryOf(file: string): Promise<string | null>;
  /** Commits the file alone with `message`; answers the commit's short hash. */
  commit(file: string, message: string): Promise<string>;
}

/** What a check-in did, for scripts and tests. */
export interface CheckInOutcome {
  summary: string;
  committed: string | null;
}

const NOTE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('comment'), tooltip: 'Add confidence and a note' };

/** The author's day, as a progress log dates it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A plan's name for messages: its title without the words every plan title has. */
export function planName(plan: Pick<CheckInPlan, 'title' | 'uri'>): string {
  const title = (plan.title ?? '').replace(/\bOKRs?\b(?:[ \t]+Plan)?[ \t]*:?[ \t]*/i, ' ').replace(/\s+/g, ' ').trim();
  return title || decodeURIComponent(plan.uri.split('/').pop() ?? plan.uri);
}

type StatusItem = vscode.QuickPickItem & { status: string };

/** The status step's items: the current status first, then the offered ones. */
function statusItems(item: CheckInItem, options: readonly StatusOption[]): StatusItem[] {
  const items: StatusItem[] = options.map((option) => ({ label: option.text, description: stateWords(option), detail: option.description || undefined, status: option.text }));
  const current = items.find((each) => each.status === item.status);
  if (current) current.description = [current.description, 'current'].filter(Boolean).join(' · ');
  else items.unshift({ label: item.status || '(empty)', description: 'current', status: item.status });
  return [items.find((each) => each.status === item.status)!, ...items.filter((each) => each.status !== item.status)];
}

/** Asks confidence and a note for a key result; undefined when dismissed. */
async function askConfidenceAndNote(position: StepPosition, item: CheckInItem, answer: CheckInUpdate): Promise<CheckInUpdate | undefined> {
  const current = answer.confidence !== undefined ? answer.confidence : item.confidence;
  const levels = ['high', 'medium', 'low'];
  const choices: Array<vscode.QuickPickItem & { value: string | null }> = [
    { label: current ? `Keep: ${current}` : 'No confidence', value: current },
    ...levels.filter((level) => level !== current).map((level) => ({ label: level, value: level })),
    ...(current ? [{ label: 'No confidence', value: null }] : []),
  ];
  const confidence = await pickStep({ ...position, title: `${position.title} · confidence` }, { placeholder: `${item.label}: how confident are you of reaching it?`, items: choices });
  if (confidence?.kind !== 'value') return undefined;
  const note = await inputStep({ ...position, title: `${position.title} · note` }, {
    prompt: `${item.label}: a one-line note (optional)`,
    value: (answer.note !== undefined ? answer.note : item.note) ?? '',
  });
  if (note?.kind !== 'value') return undefined;
  return { ...answer, confidence: confidence.value.value, note: note.value };
}

/** Walks every item; resolves to the answers, or undefined when the author pressed Escape. */
async function walk(plan: CheckInPlan): Promise<CheckInUpdate[] | undefined> {
  const answers = new Map<string, CheckInUpdate>();
  const title = `Check in: ${planName(plan)}`;
  let index = 0;
  while (index < plan.items.length) {
    const item = plan.items[index];
    const position: StepPosition = { title, step: index + 1, totalSteps: plan.items.length };
    const answer: CheckInUpdate = answers.get(item.key) ?? { key: item.key, text: item.text };
    if (item.kind === 'keyResult') {
      const result = await inputStep(position, {
        prompt: `${item.label}: ${item.text}`,
        value: answer.progress ?? item.progress,
        placeholder: 'Progress, such as 60% or Done. Enter keeps it; the note button adds confidence and a note.',
        buttons: [NOTE_BUTTON],
      });
      if (!result) return undefined;
      if (result.kind === 'back') {
        index -= 1;
        continue;
      }
      const progressed = { ...answer, progress: result.value ?? answer.progress ?? item.progress };
      if (result.kind === 'button') {
        const detailed = await askConfidenceAndNote(position, item, progressed);
        if (!detailed) return undefined;
        answers.set(item.key, detailed);
      } else {
        answers.set(item.key, progressed);
      }
    } else {
      const items = statusItems(item, plan.statuses);
      const chosen = answer.status !== undefined ? items.find((each) => each.status === answer.status) : items[0];
      const result = await pickStep(position, { placeholder: `${item.label}: ${item.text} (now ${item.status || 'no status'}). Enter keeps it.`, items, active: chosen });
      if (!result) return undefined;
      if (result.kind === 'back') {
        index -= 1;
        continue;
      }
      if (result.kind === 'value') answers.set(item.key, { ...answer, status: result.value.status });
    }
    index += 1;
  }
  return [...answers.values()];
}

/** Offers to commit the plan; commits only when the author says so, in a trusted workspace inside a git repository, where git runs. */
async function offerCommit(commits: PlanCommits | null, document: vscode.TextDocument, message: string, shown: string): Promise<string | null> {
  const repository = commits && vscode.workspace.isTrusted && document.uri.scheme === 'file' ? await commits.repositoryOf(document.uri.fsPath) : null;
  if (!repository) {
    void vscode.window.showInformationMessage(shown);
    return null;
  }
  const answer = await vscode.window.showInformationMessage(`${shown} Commit the plan?`, 'Commit', 'Not now');
  if (answer !== 'Commit' || !commits) return null;
  try {
    if (!(await saved(document))) throw new Error('the plan could not be saved');
    const hash = await commits.commit(document.uri.fsPath, message);
    void vscode.window.showInformationMessage(`Committed ${hash}: ${message}`);
    return hash;
  } catch (error) {
    void vscode.window.showErrorMessage(`The check-in was not committed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * Saves the plan before it is committed. The editor skips a save whose text
 * changes while save participants run, or that another save overtakes (auto
 * save does, after a delay), and says false though the text may be saved by
 * then: so a skipped save waits for the save that overtook it to land, and
 * what counts is whether unsaved changes remain.
 */
async function saved(document: vscode.TextDocument): Promise<boolean> {
  for (let attempt = 0; attempt < 3 && document.isDirty; attempt++) {
    if (await document.save()) return true;
    await nextSave(document, SAVE_SETTLES_MS);
  }
  return !document.isDirty;
}

/** How long a skipped save waits for the one that overtook it. */
const SAVE_SETTLES_MS = 1000;

/** Resolves when the document is next saved, or after `timeout` ms. */
function nextSave(document: vscode.TextDocument, timeout: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeout);
    const listener = vscode.workspace.onDidSaveTextDocument((savedDocument) => {
      if (savedDocument === document) done();
    });
  });
}

/** Command handler: checks in on a plan (the sidebar's or the progress page's, else the active editor's). */
export function checkInCommand(client: LanguageClient, commits: PlanCommits | null) {
  return async (target?: PlanTarget): Promise<CheckInOutcome | undefined> => {
    const uri = planUriOf(target);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan, or pick one in the OKRs sidebar, to check in.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const plan = await client.sendRequest(CheckInItemsRequest.type, { uri: document.uri.toString() });
    if (!plan || plan.items.length === 0) {
      void vscode.window.showInformationMessage(plan ? 'This plan has no key results or tasks to check in on.' : 'This document is not an OKR plan.');
      return undefined;
    }
    const updates = await walk(plan);
    if (!updates) return undefined;
    const result = await client.sendRequest(CheckInRequest.type, { uri: plan.uri, date: today(), updates });
    if (!result.edit) {
      void vscode.window.showInformationMessage(result.message);
      return { summary: '', committed: null };
    }
    if (!(await applyPlanEdit(client, result))) return undefined;
    const message = `Check in on ${planName(plan)}: ${result.summary}`;
    const committed = await offerCommit(commits, document, message, `Checked in on ${planName(plan)}: ${result.summary}.`);
    return { summary: result.summary, committed };
  };
}
