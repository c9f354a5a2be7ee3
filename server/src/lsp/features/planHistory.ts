/**
 * The history request: a plan's check-ins, its progress at each, and the
 * last one, for the progress page. The reading happens in the background and
 * is remembered (lsp/session/planHistories.ts); this turns it into what the
 * page shows.
 */
import type { Connection } from 'vscode-languageserver';
import { summarizeCheckIn } from '../../okr/history/checkIns';
import { progressSeries } from '../../okr/history/series';
import { PlanHistoryRequest, WorkspaceTrustedNotification, type PlanHistoryResult } from '../../protocol';
import type { DiagnosticsScheduler } from '../session/checkScheduler';
import type { PlanDocuments } from '../session/documents';
import { guard } from '../session/guard';
import type { PlanContexts } from '../session/planContext';
import type { HistoryOutcome, PlanHistories } from '../session/planHistories';

/** What the page gets for a plan's history, or for its absence: the latest `recent` check-ins listed, all of them charted. */
export function computePlanHistory(uri: string, outcome: HistoryOutcome, recent = Number.POSITIVE_INFINITY): PlanHistoryResult {
  const { history } = outcome;
  if (!history) return { uri, unavailable: outcome.unavailable, root: null, checkIns: [], earlier: 0, series: { objectives: [], points: [] }, last: null, shallow: false };
  const earlier = Math.max(0, history.checkIns.length - Math.max(0, recent));
  const checkIns = history.checkIns.slice(earlier).map(({ commit, date, author, path, changes }, index) => ({
    commit,
    date,
    author,
    path,
    // The version before is the previous check-in's: its path is the old name across a rename.
    previousPath: earlier + index === 0 ? null : history.checkIns[earlier + index - 1].path,
    summary: summarizeCheckIn(changes),
  }));
  const latest = history.checkIns.at(-1);
  return {
    uri,
    unavailable: null,
    root: history.root,
    checkIns,
    earlier,
    series: progressSeries(history.checkIns),
    last: latest ? { commit: latest.commit, date: latest.date, author: latest.author } : null,
    shallow: history.shallow,
  };
}

/** Answers the history request, scored with the plan's own scoring options. */
export function registerPlanHistory(connection: Connection, histories: PlanHistories, contexts: PlanContexts, documents: PlanDocuments, diagnostics: DiagnosticsScheduler): void {
  connection.onRequest(
    PlanHistoryRequest.type,
    guard(connection, 'Plan history', null, async ({ uri, recent }) => computePlanHistory(uri, await histories.get(uri, (await contexts.contextFor(uri)).scoring), recent)),
  );
  // A save may be followed by a commit; the history is read again when next asked for.
  documents.documents.onDidSave(({ document }) => histories.forget(document.uri));
  // An open plan's history is read in the background once it is parsed, so its hovers can say when it was last checked in.
  documents.onDidParse((uri, open) => {
    if (open && histories.isTrusted) void histories.get(uri, open.context.scoring);
  });
  // Once the workspace is trusted, git is read, and the stale-plan rule may now speak.
  connection.onNotification(WorkspaceTrustedNotification.type, () => {
    histories.trust();
    contexts.clear();
    diagnostics.recheckAll();
  });
}
