/**
 * The extension's activation, the same on the desktop and in the browser:
 * wires the views and commands to a started language client. Wiring only;
 * each part lives in its own module. The entries nodeExtension.ts and
 * browserExtension.ts start the client the way their platform can.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { checkInCommand, type PlanCommits } from './commands/checkIn';
import { fixAllCommand } from './commands/fixAll';
import { filterTreeCommand } from './commands/filterTree';
import { newPlanCommand } from './commands/newPlan';
import { planEditCommands } from './commands/planEdits';
import { PlanSource } from './planSource';
import { CheckInsView } from './views/checkInsView';
import { PlanStatusBar } from './views/planStatusBar';
import { PlanTreeProvider } from './views/planTree';
import { ProgressPanel } from './views/progressPanel';

/** Registers the views and commands over a running client; `commits` commits a checked-in plan where git runs, else null. */
export function activateWith(context: vscode.ExtensionContext, client: BaseLanguageClient, commits: PlanCommits | null): void {
  const plans = new PlanSource(client);
  const tree = new PlanTreeProvider(plans);
  const progress = new ProgressPanel(context.extensionUri, plans);
  const treeView = vscode.window.createTreeView('okr.plans', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    plans,
    tree,
    treeView,
    progress,
    new CheckInsView(plans),
    new PlanStatusBar(plans),
    vscode.commands.registerCommand('okr.newPlan', newPlanCommand(context.extensionUri)),
    vscode.commands.registerCommand('okr.showProgress', (node?: { uri?: vscode.Uri }) => progress.show(node?.uri)),
    vscode.commands.registerCommand('okr.refresh', () => plans.refresh()),
    vscode.commands.registerCommand('okr.fixAll', fixAllCommand()),
    vscode.commands.registerCommand('okr.filterTree', filterTreeCommand(tree)),
    vscode.commands.registerCommand('okr.clearFilter', () => tree.setFilter('all')),
    vscode.commands.registerCommand('okr.checkIn', checkInCommand(client, commits)),
    ...Object.entries(planEditCommands(client)).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}
