/**
 * A test-runner extension for the end-to-end suites. It runs inside the same
 * extension host as the extension under test and takes its orders from
 * files: the driver writes `request-N.json` naming a suite into the folder
 * given by OKR_E2E_CONTROL, and the runner answers with `response-N.json`.
 * That lets the driver interleave in-host steps with what it checks on screen.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suites } from './suites';

/** What the runner writes back for one suite. */
export interface SuiteResponse {
  suite: string;
  passed: boolean;
  error?: string;
  details?: unknown;
  milliseconds: number;
}

function writeAtomically(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** Starts answering the driver's requests, one at a time, in order. */
export function activate(context: vscode.ExtensionContext): void {
  const control = process.env.OKR_E2E_CONTROL;
  if (!control) return;
  // A restarted extension host picks up where the last one stopped, re-running a request it left unanswered.
  let next = 1;
  while (existsSync(join(control, `response-${next}.json`))) next += 1;
  let busy = false;
  let current: { suite: string; started: number } | undefined;
  const poll = setInterval(async () => {
    const request = join(control, `request-${next}.json`);
    if (busy || !existsSync(request)) return;
    let order: { suite: string; args?: string[]; timeout?: number };
    try {
      order = JSON.parse(readFileSync(request, 'utf8'));
    } catch {
      // A request caught half written is read again on the next tick.
      return;
    }
    busy = true;
    const { suite, args = [], timeout } = order;
    const started = Date.now();
    current = { suite, started };
    let response: SuiteResponse;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    try {
      const run = suites[suite];
      if (!run) throw new Error(`no suite named ${suite}`);
      // A suite that never settles fails alone: the requests after it still run.
      const expired = new Promise<never>((_, reject) => {
        if (timeout) deadline = setTimeout(() => reject(new Error(`the ${suite} suite did not settle within ${timeout} ms`)), timeout);
      });
      response = { suite, passed: true, details: await Promise.race([run(...args), expired]), milliseconds: Date.now() - started };
    } catch (error) {
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      response = { suite, passed: false, error: message, milliseconds: Date.now() - started };
    } finally {
      clearTimeout(deadline);
    }
    writeAtomically(join(control, `response-${next}.json`), response);
    current = undefined;
    next += 1;
    busy = false;
  }, 100);
  // Tells the driver whether this host's event loop still runs, and what it is doing, when a suite is late.
  const heartbeat = setInterval(() => writeAtomically(join(control, 'heartbeat.json'), { at: Date.now(), current }), 1000);
  context.subscriptions.push({ dispose: () => { clearInterval(poll); clearInterval(heartbeat); } });
  writeAtomically(join(control, 'ready.json'), { pid: process.pid, vscode: vscode.version });
}
