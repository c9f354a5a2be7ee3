/**
 * The extension's entry point: starts the language client and wires the
 * views and commands to it. Wiring only; each part lives in its own module.
 */
import * as vscode from 'vscode';
import { checkInCommand } from './commands/checkIn';
import { fixAllCommand } from './commands/fixAll';
import { filterTreeCommand } from './commands/filterTree';
import { newPlanCommand } from './commands/newPlan';
import { planEditCommands } from './commands/planEdits';
import { startLanguageClient } from './languageClient';
import { PlanSource } from './planSource';
import { PlanStatusBar } from './views/planStatusBar';
import { PlanTreeProvider } from './views/planTree';
import { ProgressPanel } from './views/progressPanel';

/** Called by VS Code when a Markdown file or an OKR view is first opened. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const client = await startLanguageClient(context);
  const plans = new PlanSource(client);
  const tree = new PlanTreeProvider(plans);
  const progress = new ProgressPanel(context.extensionUri, plans);
  const treeView = vscode.window.createTreeView('okr.plans', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    plans,
    tree,
    treeView,
    progress,
    new PlanStatusBar(plans),
    vscode.commands.registerCommand('okr.newPlan', newPlanCommand(context.extensionUri)),
    vscode.commands.registerCommand('okr.showProgress', (node?: { uri?: vscode.Uri }) => progress.show(node?.uri)),
    vscode.commands.registerCommand('okr.refresh', () => plans.refresh()),
    vscode.commands.registerCommand('okr.fixAll', fixAllCommand()),
    vscode.commands.registerCommand('okr.filterTree', filterTreeCommand(tree)),
    vscode.commands.registerCommand('okr.clearFilter', () => tree.setFilter('all')),
    vscode.commands.registerCommand('okr.checkIn', checkInCommand(client)),
    ...Object.entries(planEditCommands(client)).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}
