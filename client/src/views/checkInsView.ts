/**
 * The Check-ins view: the active plan's latest check-ins, newest first, each
 * summarised in one line and opening what its commit changed. It stands where
 * VS Code's Timeline view would, whose API is still proposed and closed to
 * published extensions.
 */
import * as vscode from 'vscode';
import { daysAgo } from '../../../server/src/okr/history/lastCheckIn';
import type { CheckInEntry, PlanHistoryResult } from '../../../server/src/protocol';
import { openCheckIn } from '../git/checkInDiff';
import { FOLLOW_TYPING_MS, planUriOf, type PlanSource } from '../planSource';
import { historyView, RESTRICTED_HISTORY } from './progressModel';

/** One row: a check-in of the plan whose repository is at `root`. */
interface CheckInNode {
  planUri: string;
  root: string;
  checkIn: CheckInEntry;
}

/** The command a row runs; internal, so it is not in the Command Palette. */
const OPEN_CHECK_IN = 'okr.openCheckIn';

const NO_PLAN_MESSAGE = 'Open a plan to see its check-ins.';
const READING_MESSAGE = 'Reading the plan\'s history…';
const NO_CHECK_IN_MESSAGE = 'No check-ins yet: each commit that changes this plan is one.';

/** Tree data provider for the `okr.checkIns` view, following the active plan. */
export class CheckInsView implements vscode.TreeDataProvider<CheckInNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly view: vscode.TreeView<CheckInNode>;
  private readonly subscriptions: vscode.Disposable[];
  private planUri: vscode.Uri | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly plans: PlanSource) {
    this.planUri = planUriOf(vscode.window.activeTextEditor);
    this.view = vscode.window.createTreeView('okr.checkIns', { treeDataProvider: this });
    this.subscriptions = [
      this.changed,
      this.view,
      vscode.commands.registerCommand(OPEN_CHECK_IN, (node: CheckInNode) => openCheckIn(node.root, node.checkIn)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const uri = planUriOf(editor);
        if (uri && uri.toString() !== this.planUri?.toString()) {
          this.planUri = uri;
          this.scheduleRefresh();
        }
      }),
      plans.onDidChange((uri) => {
        if (!uri || uri.toString() === this.planUri?.toString()) this.scheduleRefresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRefresh()),
    ];
  }

  async getChildren(node?: CheckInNode): Promise<CheckInNode[]> {
    if (node) return [];
    const uri = this.planUri;
    if (!uri || !(await this.plans.plan(uri))) return this.show(NO_PLAN_MESSAGE);
    if (!vscode.workspace.isTrusted) return this.show(RESTRICTED_HISTORY);
    let history: PlanHistoryResult | null | undefined = this.plans.settledHistory(uri);
    if (history === undefined) {
      this.view.message = READING_MESSAGE;
      history = await this.plans.history(uri);
    }
    const { unavailable, more } = historyView(history, true, new Date());
    if (unavailable !== null || !history?.root) return this.show(unavailable ?? NO_CHECK_IN_MESSAGE);
    const root = history.root;
    const nodes = history.checkIns.slice().reverse().map((checkIn) => ({ planUri: uri.toString(), root, checkIn }));
    if (nodes.length === 0) return this.show(NO_CHECK_IN_MESSAGE);
    return this.show(more > 0 ? `The latest ${nodes.length} of ${nodes.length + more} check-ins.` : undefined, nodes);
  }

  getTreeItem(node: CheckInNode): vscode.TreeItem {
    const { commit, date, author, path, summary } = node.checkIn;
    const item = new vscode.TreeItem(summary, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.planUri}#${commit}`;
    item.description = `${daysAgo(date, new Date())} · ${author}`;
    // A plain-text tooltip: the author and the summary come from the repository.
    item.tooltip = `${summary}\n${date.slice(0, 10)} · ${author} · ${commit.slice(0, 8)}\n${path}`;
    item.iconPath = new vscode.ThemeIcon('git-commit');
    item.command = { title: 'Open Check-in', command: OPEN_CHECK_IN, arguments: [node] };
    return item;
  }

  private show(message: string | undefined, nodes: CheckInNode[] = []): CheckInNode[] {
    this.view.message = message;
    return nodes;
  }

  /** Typing in a plan changes it many times a second; the view follows once the typing pauses. */
  private scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.changed.fire(), FOLLOW_TYPING_MS);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

