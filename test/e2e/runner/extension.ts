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
  const poll = setInterval(async () => {
    const request = join(control, `request-${next}.json`);
    if (busy || !existsSync(request)) return;
    busy = true;
    const { suite, args = [] } = JSON.parse(readFileSync(request, 'utf8')) as { suite: string; args?: string[] };
    const started = Date.now();
    let response: SuiteResponse;
    try {
      const run = suites[suite];
      if (!run) throw new Error(`no suite named ${suite}`);
      response = { suite, passed: true, details: await run(...args), milliseconds: Date.now() - started };
    } catch (error) {
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      response = { suite, passed: false, error: message, milliseconds: Date.now() - started };
    }
    writeAtomically(join(control, `response-${next}.json`), response);
    next += 1;
    busy = false;
  }, 100);
  context.subscriptions.push({ dispose: () => clearInterval(poll) });
  writeAtomically(join(control, 'ready.json'), { pid: process.pid, vscode: vscode.version });
}
