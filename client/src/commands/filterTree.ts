/**
 * `okr.filterTree`: narrows the OKRs tree to what still needs attention.
 */
import * as vscode from 'vscode';
import type { PlanTreeProvider, TreeFilter } from '../views/planTree';

const CHOICES: { label: string; description: string; filter: TreeFilter }[] = [
  { label: '$(list-tree) Everything', description: 'Every objective, key result and task', filter: 'all' },
  { label: '$(eye-closed) Hide done', description: 'Hide tasks that are done', filter: 'hideDone' },
  { label: '$(warning) Only placeholders', description: 'Only what still holds TBD, X% or empty fields', filter: 'placeholders' },
];

/** Command handler: applies the filter it is given, or asks for one. */
export function filterTreeCommand(tree: PlanTreeProvider) {
  return async (filter?: TreeFilter): Promise<void> => {
    const chosen = filter ?? (await vscode.window.showQuickPick(CHOICES, { title: 'Filter the OKRs tree' }))?.filter;
    if (chosen && CHOICES.some((choice) => choice.filter === chosen)) tree.setFilter(chosen);
  };
}
