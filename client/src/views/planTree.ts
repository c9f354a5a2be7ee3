/**
 * The OKRs sidebar: plans → objectives → key results and nested objectives,
 * plus each plan's tasks. Fed only by the server's plan model. Node ids are
 * positional, so typing in a plan refreshes that plan alone and keeps what
 * the author had expanded.
 */
import * as vscode from 'vscode';
import type { KeyResult, Objective, Plan, Status, Task } from '../../../server/src/okr/model/plan';
import { formatScore } from '../../../server/src/okr/model/scoring';
import { describeLastCheckIn } from '../../../server/src/okr/history/lastCheckIn';
import type { PlanSource } from '../planSource';
import { planProblems } from '../planProblems';
import { countTasks, isPlaceholderCode, overviewOf, type PlanOverview } from './progressModel';

/** Which nodes the tree shows. */
export type TreeFilter = 'all' | 'hideDone' | 'placeholders';

type PlanNode = { kind: 'plan'; id: string; uri: vscode.Uri; overview: PlanOverview };
type ObjectiveNode = { kind: 'objective'; id: string; uri: vscode.Uri; objective: Objective };
type KeyResultNode = { kind: 'keyResult'; id: string; uri: vscode.Uri; keyResult: KeyResult };
type TasksNode = { kind: 'tasks'; id: string; uri: vscode.Uri; tasks: Task[] };
type TaskNode = { kind: 'task'; id: string; uri: vscode.Uri; task: Task };

/** One row of the OKRs tree. */
export type PlanTreeNode = PlanNode | ObjectiveNode | KeyResultNode | TasksNode | TaskNode;

/** The codicon and theme colour that stand for each canonical status. */
export const STATUS_ICONS: Record<Status, [icon: string, color: string | undefined]> = {
  done: ['pass-filled', 'testing.iconPassed'],
  'in-progress': ['play-circle', 'charts.blue'],
  'not-started': ['circle-large-outline', undefined],
  blocked: ['error', 'testing.iconFailed'],
  dropped: ['circle-slash', 'disabledForeground'],
  unknown: ['question', 'problemsWarningIcon.foreground'],
};

function statusIcon(status: Status): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

function revealCommand(uri: vscode.Uri, line: number, column = 1): vscode.Command {
  const position = new vscode.Position(Math.max(line - 1, 0), Math.max(column - 1, 0));
  return { title: 'Reveal', command: 'vscode.open', arguments: [uri, { selection: new vscode.Range(position, position), preserveFocus: false }] };
}

/** Tree data provider for the `okr.plans` view. */
export class PlanTreeProvider implements vscode.TreeDataProvider<PlanTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlanTreeNode | undefined>();
  private readonly planNodes = new Map<string, PlanNode>();
  private filter: TreeFilter = 'all';
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly plans: PlanSource) {
    this.subscriptions = [
      this.changed,
      plans.onDidChange((uri) => void this.planChanged(uri)),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        if (this.filter === 'placeholders') for (const uri of uris) void this.planChanged(uri);
      }),
    ];
  }

  /** Shows everything, hides done tasks, or shows only what still has placeholders. */
  setFilter(filter: TreeFilter): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'okr.treeFiltered', filter !== 'all');
    this.changed.fire(undefined);
  }

  private async planChanged(uri: vscode.Uri | undefined): Promise<void> {
    const node = uri && this.planNodes.get(uri.toString());
    const plan = node ? await this.plans.plan(node.uri) : null;
    // A plan the tree does not know, or a page that stopped being a plan, changes the set of plans.
    if (!node || !plan) return this.changed.fire(undefined);
    node.overview = overviewOf(node.id, plan);
    this.changed.fire(node);
  }

  async getChildren(node?: PlanTreeNode): Promise<PlanTreeNode[]> {
    if (!node) return this.planRoots();
    if (node.kind === 'plan') {
      const plan = await this.plans.plan(node.uri);
      return plan ? this.planChildren(node, plan) : [];
    }
    if (node.kind === 'objective') return this.objectiveChildren(node);
    if (node.kind === 'keyResult') return this.servingObjectives(node);
    if (node.kind === 'tasks') return node.tasks.map((task, index) => ({ kind: 'task', id: `${node.id}/${index}`, uri: node.uri, task }));
    return [];
  }

  private async planRoots(): Promise<PlanNode[]> {
    const overviews = await this.plans.workspace();
    this.planNodes.clear();
    // The welcome view ("no plans yet") waits until the server has looked everywhere.
    if (this.plans.indexComplete || overviews.length > 0) void vscode.commands.executeCommand('setContext', 'okr.workspaceScanned', true);
    const roots = overviews
      .filter((overview) => this.filter !== 'placeholders' || this.placeholderLines(vscode.Uri.parse(overview.uri)).size > 0)
      .sort((a, b) => (b.period ?? '').localeCompare(a.period ?? '') || a.title.localeCompare(b.title))
      .map((overview) => {
        const uri = vscode.Uri.parse(overview.uri);
        const node: PlanNode = { kind: 'plan', id: overview.uri, uri, overview };
        this.planNodes.set(overview.uri, node);
        return node;
      });
    return roots;
  }

  private planChildren(node: PlanNode, plan: Plan): PlanTreeNode[] {
    const objectives: PlanTreeNode[] = plan.objectives
      .map((objective, index): ObjectiveNode => ({ kind: 'objective', id: `${node.id}#o${index}`, uri: node.uri, objective }))
      .filter((child) => this.shows(child));
    const tasks = plan.tasks.filter((task) => this.showsTask(node.uri, task));
    if (tasks.length === 0) return objectives;
    return [...objectives, { kind: 'tasks', id: `${node.id}#tasks`, uri: node.uri, tasks }];
  }

  private objectiveChildren(node: ObjectiveNode): PlanTreeNode[] {
    const keyResults = node.objective.keyResults
      .map((keyResult, index): KeyResultNode => ({ kind: 'keyResult', id: `${node.id}/k${index}`, uri: node.uri, keyResult }))
      .filter((child) => this.shows(child));
    const children = node.objective.children
      .map((objective, index): ObjectiveNode => ({ kind: 'objective', id: `${node.id}/o${index}`, uri: node.uri, objective }))
      .filter((child) => this.shows(child));
    return [...keyResults, ...children];
  }

  /** The objectives that serve a key result (GitLab's cascade of CEO KR → CRO objective). */
  private servingObjectives(node: KeyResultNode): PlanTreeNode[] {
    return node.keyResult.children
      .map((objective, index): ObjectiveNode => ({ kind: 'objective', id: `${node.id}/o${index}`, uri: node.uri, objective }))
      .filter((child) => this.shows(child));
  }

  /** Under the placeholder filter, keeps only what has a placeholder in its lines. */
  private shows(node: ObjectiveNode | KeyResultNode): boolean {
    if (this.filter !== 'placeholders') return true;
    const lines = this.placeholderLines(node.uri);
    if (node.kind === 'keyResult') return lines.has(node.keyResult.line);
    const { line, endLine } = node.objective;
    return [...lines].some((candidate) => candidate >= line && candidate <= endLine);
  }

  private showsTask(uri: vscode.Uri, task: Task): boolean {
    if (this.filter === 'hideDone') return task.status !== 'done';
    if (this.filter === 'placeholders') {
      const lines = this.placeholderLines(uri);
      return lines.has(task.line) || (task.detailsLine !== null && lines.has(task.detailsLine));
    }
    return true;
  }

  private placeholderLines(uri: vscode.Uri): Set<number> {
    return new Set(planProblems(uri).filter((problem) => isPlaceholderCode(problem.code)).map((problem) => problem.line));
  }

  getTreeItem(node: PlanTreeNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'plan': {
        const { title, period } = node.overview;
        // A few plans open expanded; a large handbook starts as a list of plans.
        const item = new vscode.TreeItem(title, this.planNodes.size <= 3 ? Expanded : Collapsed);
        item.description = [period, vscode.workspace.asRelativePath(node.uri)].filter(Boolean).join(' · ');
        const { objectives, keyResults, tasks, done } = node.overview;
        // A plan without tasks (a company tree) is counted by its objectives, not as 0/0 done.
        const counts = tasks > 0 ? `${done}/${tasks} tasks done` : `${objectives} objectives · ${keyResults} key results`;
        item.tooltip = `${title}\n${vscode.workspace.asRelativePath(node.uri)}\n${counts}`;
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.resourceUri = node.uri;
        item.contextValue = 'plan';
        return this.finish(item, node, revealCommand(node.uri, 1));
      }
      case 'objective': {
        const { objective } = node;
        const hasChildren = objective.keyResults.length + objective.children.length > 0;
        const item = new vscode.TreeItem(objective.title, hasChildren ? Expanded : None);
        item.description = [objective.score !== null && `[${formatScore(objective.score)}]`, objective.owner, objective.progress && `⇒ ${objective.progress}`].filter(Boolean).join(' · ') || undefined;
        item.tooltip = [objective.owner ? `${objective.owner}: ${objective.title}` : objective.title, `${objective.keyResults.length} key results`].join('\n');
        item.iconPath = new vscode.ThemeIcon('target');
        item.contextValue = 'objective';
        return this.finish(item, node, revealCommand(node.uri, objective.line, objective.column));
      }
      case 'keyResult': {
        const { keyResult } = node;
        const item = new vscode.TreeItem(keyResult.text, keyResult.children.length > 0 ? Expanded : None);
        item.description = [keyResult.score !== null && `[${formatScore(keyResult.score)}]`, keyResult.owner, keyResult.progress && `⇒ ${keyResult.progress}`].filter(Boolean).join(' · ') || undefined;
        item.tooltip = [keyResult.owner ? `${keyResult.owner} KR: ${keyResult.text}` : `KR: ${keyResult.text}`, keyResult.progress && `Progress: ${keyResult.progress}`].filter(Boolean).join('\n');
        item.iconPath = new vscode.ThemeIcon('key');
        item.contextValue = 'keyResult';
        return this.finish(item, node, revealCommand(node.uri, keyResult.line, keyResult.column));
      }
      case 'tasks': {
        const counts = countTasks(node.tasks);
        const item = new vscode.TreeItem('Tasks', Collapsed);
        item.description = `${counts.done}/${counts.total} done`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'tasks';
        return this.finish(item, node);
      }
      case 'task': {
        const { task } = node;
        const item = new vscode.TreeItem(task.title || `Task ${task.id}`, None);
        item.description = [task.statusText || 'no status', task.responsible.join(', ')].filter(Boolean).join(' · ');
        item.tooltip = [`${task.id} ${task.title}`, `Status: ${task.statusText || '(empty)'} (${task.status})`, `Responsible: ${task.responsible.join(', ') || '(nobody)'}`].join('\n');
        item.iconPath = statusIcon(task.status);
        item.contextValue = `task.${task.status}`;
        return this.finish(item, node, revealCommand(node.uri, task.line));
      }
    }
  }

  /** A plan's tooltip also says when it was last checked in: its history is read only when the tooltip is about to show. */
  async resolveTreeItem(item: vscode.TreeItem, node: PlanTreeNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'plan' || !vscode.workspace.isTrusted) return item;
    const last = (await this.plans.history(node.uri))?.last;
    if (last) {
      const words = describeLastCheckIn(last, new Date());
      item.tooltip = `${String(item.tooltip ?? '')}\n${words.charAt(0).toUpperCase()}${words.slice(1)}`;
    }
    return item;
  }

  private finish(item: vscode.TreeItem, node: PlanTreeNode, command?: vscode.Command): vscode.TreeItem {
    item.id = node.id;
    item.command = command;
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
