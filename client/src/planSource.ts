/**
 * The server's plans as the views read them: one cache per document, filled
 * by the custom plan requests and emptied by the server's change
 * notification, so that the tree, the progress page and the status bar all
 * show the same model and none of them parses Markdown.
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import type { Plan } from '../../server/src/okr/model/plan';
import { PlanHistoryRequest, PlanRequest, PlansChangedNotification, PlanSummariesRequest, type PlanHistoryResult, type PlanSummary } from '../../server/src/protocol';
import { CHECK_IN_LIMIT, fileName, type PlanOverview } from './views/progressModel';

/** The overview line of a plan the server summarised. */
function overviewOfSummary(summary: PlanSummary): PlanOverview {
  const { uri, title, period, objectives, keyResults, tasks, tasksByStatus } = summary;
  return { uri, title: title ?? fileName(uri), period, objectives, keyResults, tasks, done: tasksByStatus.done };
}

/** How long typing must pause before a view follows it: redrawing on every keystroke would compete with the editor. */
export const FOLLOW_TYPING_MS = 250;

/** The document of an editor that may be a plan: Markdown, not a check-in's git: version, which leaves views on their plan. */
export function planUriOf(editor: vscode.TextEditor | undefined): vscode.Uri | undefined {
  const document = editor?.document;
  return document?.languageId === 'markdown' && document.uri.scheme !== 'git' ? document.uri : undefined;
}

/** Reads plans from the language server and tells the views when one changed. */
export class PlanSource implements vscode.Disposable {
  private readonly plans = new Map<string, Promise<Plan | null>>();
  private workspacePlans: Promise<PlanOverview[]> | undefined;
  private readonly histories = new Map<string, { result: Promise<PlanHistoryResult | null>; settled?: PlanHistoryResult | null }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  /** Fires with the plan that changed, or with undefined when any plan may have. */
  readonly onDidChange = this.changed.event;

  /** True once the server has finished indexing the workspace's plans. */
  indexComplete = false;

  constructor(private readonly client: BaseLanguageClient) {
    this.subscriptions.push(
      client.onNotification(PlansChangedNotification.type, ({ uris, indexComplete }) => {
        const finishedIndexing = indexComplete && !this.indexComplete;
        this.indexComplete = indexComplete;
        if (finishedIndexing) return this.refresh();
        for (const uri of uris) this.invalidate(vscode.Uri.parse(uri));
      }),
      // A restarted server may have seen edits the old one missed.
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) this.refresh();
      }),
    );
  }

  /** The plan of one document, or null when the server has none for it. */
  plan(uri: vscode.Uri): Promise<Plan | null> {
    const key = uri.toString();
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.request(() => this.client.sendRequest(PlanRequest.type, { uri: key }), null)
        .then((result) => result?.plan ?? null);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** A plan's check-ins and progress over them, read by the server from git; null when the server could not answer. */
  history(uri: vscode.Uri): Promise<PlanHistoryResult | null> {
    const key = uri.toString();
    let entry = this.histories.get(key);
    if (!entry) {
      const created: { result: Promise<PlanHistoryResult | null>; settled?: PlanHistoryResult | null } = {
        result: this.request(() => this.client.sendRequest(PlanHistoryRequest.type, { uri: key, recent: CHECK_IN_LIMIT }), null),
      };
      created.result = created.result.then((result) => (created.settled = result));
      this.histories.set(key, (entry = created));
    }
    return entry.result;
  }

  /** The history already read for a plan, or undefined while it is being read: views render without waiting for git. */
  settledHistory(uri: vscode.Uri): PlanHistoryResult | null | undefined {
    return this.histories.get(uri.toString())?.settled;
  }

  /** Every plan in the workspace, with the counts the overview shows. */
  workspace(): Promise<PlanOverview[]> {
    this.workspacePlans ??= this.request(() => this.client.sendRequest(PlanSummariesRequest.type, undefined), [] as PlanSummary[])
      .then((summaries) => summaries.map(overviewOfSummary));
    return this.workspacePlans;
  }

  /** Forgets everything, so that every view asks the server again. */
  refresh(): void {
    this.plans.clear();
    this.histories.clear();
    this.workspacePlans = undefined;
    this.changed.fire(undefined);
  }

  private invalidate(uri: vscode.Uri): void {
    this.plans.delete(uri.toString());
    this.histories.delete(uri.toString());
    this.workspacePlans = undefined;
    this.changed.fire(uri);
  }

  /** Sends a request once the client runs; a failed request is logged, not thrown at a view. */
  private async request<T, F>(send: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      if (this.client.state !== State.Running) return fallback;
      return await send();
    } catch (error) {
      this.client.outputChannel.appendLine(`Plan request failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
