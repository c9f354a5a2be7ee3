/**
 * Keeps the server serving: a handler that throws, on any text a user can
 * type, logs the error and answers with an empty result instead of failing
 * the request or bringing the process down.
 */
import type { Connection } from 'vscode-languageserver';
import type { OpenPlan, PlanDocuments } from './documents';

/** Wraps a request handler so that an error is logged and `fallback` is answered. */
export function guard<P extends unknown[], R>(
  connection: Connection,
  name: string,
  fallback: R,
  handler: (...params: P) => R | Promise<R>,
): (...params: P) => Promise<R> {
  return async (...params: P) => {
    try {
      return await handler(...params);
    } catch (error) {
      logError(connection, name, error);
      return fallback;
    }
  };
}

/** Logs an error of our own to the client's output channel. */
export function logError(connection: Connection, where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  connection.console.error(`${where} failed: ${detail}`);
}

/**
 * A guarded request handler that answers from the open plan of the request's
 * document, or with `fallback` when it is not a plan. `parse: 'latest'` answers
 * a request about one position at once from the latest parse, when the edits
 * since then kept the number of lines.
 */
export function planHandler<P extends { textDocument: { uri: string }; position?: { line: number } }, R>(
  connection: Connection,
  name: string,
  documents: PlanDocuments,
  fallback: R,
  compute: (open: OpenPlan, params: P) => R,
  parse: 'current' | 'latest' = 'current',
): (params: P) => Promise<R> {
  return guard(connection, name, fallback, async (params: P) => {
    const uri = params.textDocument.uri;
    const line = params.position?.line;
    const open = await (parse === 'latest' && line !== undefined ? documents.latest(uri, line) : documents.get(uri));
    return open ? compute(open, params) : fallback;
  });
}
