/**
 * The status bar's one-glance summary of the active plan, e.g.
 * `OKR 7/11 done · 3 to fill`; clicking it opens the progress page.
 */
import * as vscode from 'vscode';
import type { PlanSource } from '../planSource';
import { planProblems } from '../planProblems';
import { buildProgressModel, statusBarText } from './progressModel';
import { isPlan } from '../../../server/src/okr/model/plan';

/** Shows the active plan's progress in the status bar; hidden for other editors. */
export class PlanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('okr.progress', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly plans: PlanSource) {
    this.item.name = 'OKR Progress';
    this.item.command = 'okr.showProgress';
    this.subscriptions = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      plans.onDidChange(() => void this.update()),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (uris.some((uri) => uri.toString() === active)) void this.update();
      }),
    ];
    void this.update();
  }

  private async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const plan = document?.languageId === 'markdown' ? await this.plans.plan(document.uri) : null;
    // The editor may have changed while the server answered.
    if (document !== vscode.window.activeTextEditor?.document) return;
    if (!document || !plan || !isPlan(plan)) {
      this.item.hide();
      return;
    }
    const model = buildProgressModel(document.uri.toString(), plan, planProblems(document.uri), []);
    this.item.text = `$(target) ${statusBarText(model)}`;
    const progress = model.tasks.total > 0 ? `${model.tasks.done} of ${model.tasks.total} tasks done` : `${model.keyResults.scored} of ${model.keyResults.total} key results scored`;
    this.item.tooltip = `${model.plan?.title ?? 'Plan'}: ${progress}, ${model.placeholders.length} placeholders to fill. Click for the progress page.`;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
