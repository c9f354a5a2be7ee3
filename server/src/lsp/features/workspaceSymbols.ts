/**
 * Workspace symbols: every objective, key result and task of every plan in the
 * workspace, matched word by word against what the user types (`cas rev`
 * finds "Case reviews").
 */
import { SymbolKind, type Connection, type Range, type SymbolInformation } from 'vscode-languageserver';
import { allObjectives } from '../../okr/model/plan';
import { PLAN_SYMBOL_KINDS, planTitle, symbolName } from './documentSymbols';
import { guard } from '../session/guard';
import { modelRange, unclampedRange } from '../convert/positions';
import type { IndexedPlan, WorkspaceIndex } from '../session/workspaceIndex';

/** Most symbols returned for one query; editors show the first ones anyway. */
export const MAX_WORKSPACE_SYMBOLS = 1000;

/** True when every word of the query occurs in the name, ignoring case (`cas rev` matches "Case reviews"). */
export function matchesQuery(name: string, query: string): boolean {
  const text = name.toLowerCase();
  return query.toLowerCase().split(/\s+/).every((word) => text.includes(word));
}

/** The symbols of every indexed plan whose name matches `query`. */
export function computeWorkspaceSymbols(plans: Iterable<IndexedPlan>, query: string): SymbolInformation[] {
  const found: SymbolInformation[] = [];
  for (const { uri, plan, lines } of plans) {
    const range = (line: number, column: number, endColumn = column): Range =>
      lines ? modelRange(lines, line, column, line, endColumn) : unclampedRange(line, column, line, endColumn);
    const add = (name: string, kind: SymbolKind, where: Range, containerName: string): boolean => {
      if (matchesQuery(name, query)) found.push({ name, kind, location: { uri, range: where }, containerName });
      return found.length >= MAX_WORKSPACE_SYMBOLS;
    };
    const container = planTitle(plan, uri);
    for (const objective of allObjectives(plan.objectives)) {
      const title = symbolName(objective.title, 'Objective');
      if (add(title, PLAN_SYMBOL_KINDS.objective, range(objective.line, objective.column), container)) return found;
      for (const keyResult of objective.keyResults) {
        const name = symbolName(keyResult.text, 'Key result');
        if (add(name, PLAN_SYMBOL_KINDS.keyResult, range(keyResult.line, keyResult.column, keyResult.endColumn), title)) return found;
      }
    }
    for (const task of plan.tasks) {
      const where = task.cells.title ? range(task.line, task.cells.title.column, task.cells.title.endColumn) : range(task.line, 1);
      if (add(symbolName(`${task.id} ${task.title}`, 'Task'), PLAN_SYMBOL_KINDS.task, where, container)) return found;
    }
  }
  return found;
}

/** Answers workspace symbol requests from the index, without waiting for it to complete. */
export function registerWorkspaceSymbols(connection: Connection, index: WorkspaceIndex): void {
  connection.onWorkspaceSymbol(guard(connection, 'Workspace symbols', [], ({ query }) => computeWorkspaceSymbols(index.plans(), query)));
}
