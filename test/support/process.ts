/** Runs a child process with a hang guard, and records how long it took and its peak memory. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How a child process ended, what it printed, and what it cost. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory (VmHWM) as last sampled, in bytes; undefined when it ended before a sample. */
  peakRss: number | undefined;
  timedOut: boolean;
}

/** Runs `node args…`, killing it after `timeoutMs`, sampling its peak memory every 50 ms. */
export function runNode(args: readonly string[], options: { cwd: string; timeoutMs: number }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let peakRss: number | undefined;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const sample = (): void => {
      try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakRss = Number(match[1]) * 1024;
      } catch {
        // The process has just ended.
      }
    };
    const sampler = setInterval(sample, 50);
    const guard = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(guard);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: performance.now() - start,
        peakRss,
        timedOut,
      });
    });
  });
}

/** A one-line summary of a run, for the record of what each hostile input did. */
export function describeRun(result: ProcessResult): string {
  const memory = result.peakRss === undefined ? '' : `, peak ${Math.round(result.peakRss / 1024 / 1024)} MB`;
  const ending = result.timedOut ? 'TIMED OUT' : result.signal ? `killed by ${result.signal}` : `exit ${result.code}`;
  return `${ending} in ${Math.round(result.ms)} ms${memory}`;
}
