/** Turns benchmark measurements into the printed table and the JSON report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Summary } from './stats';

/** One measured figure with the baselines it is compared with, in the same unit. */
export interface Row {
  measure: string;
  size: string;
  unit: 'ms' | 'MB/s' | 'MB';
  summary: Summary;
  /** The same work done by a full remark-parse + remark-gfm parse (median). */
  remark?: number;
  /** The same work done by markdownlint with its default rules (median). */
  markdownlint?: number;
  note?: string;
}

/** A goal of the performance contract and whether this run met it. */
export interface Goal {
  goal: string;
  measured: string;
  holds: boolean;
}

/** How a figure compares with a baseline: a fraction of its time, or a multiple of its throughput. */
export function ratio(row: Row, baseline: number | undefined): string {
  if (baseline === undefined || baseline === 0) return '–';
  const value = row.summary.p50 / baseline;
  return value >= 0.1 || row.unit === 'MB/s' ? `${value.toFixed(2)}×` : `1/${Math.round(1 / value)}`;
}

/** The table printed at the end of a run (Markdown, so it can be pasted as is). */
export function formatTable(rows: readonly Row[], goals: readonly Goal[]): string {
  const header = ['measure', 'size', 'p50', 'p95', 'runs', 'remark+gfm (p50)', 'vs remark', 'markdownlint (p50)', 'vs markdownlint', 'note'];
  const body = rows.map((row) => [
    row.measure,
    row.size,
    figure(row.summary.p50, row.unit),
    figure(row.summary.p95, row.unit),
    String(row.summary.runs),
    row.remark === undefined ? '–' : figure(row.remark, row.unit),
    ratio(row, row.remark),
    row.markdownlint === undefined ? '–' : figure(row.markdownlint, row.unit),
    ratio(row, row.markdownlint),
    row.note ?? '',
  ]);
  const goalRows = goals.map((goal) => [goal.holds ? 'holds' : 'NOT MET', goal.goal, goal.measured]);
  return [markdownTable(header, body), '', markdownTable(['', 'goal', 'measured'], goalRows)].join('\n');
}

/** Writes the JSON report with the machine it ran on. */
export function writeReport(file: string, rows: readonly Row[], goals: readonly Goal[], options: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: process.platform,
    // Other work on the machine skews absolute figures; the ratios to the baselines hold better.
    loadAverage: os.loadavg(),
  };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, options, rows, goals }, null, 2) + '\n');
}

/** A figure with its unit, rounded for reading. */
export function figure(value: number, unit: Row['unit']): string {
  if (unit === 'ms') return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
  if (unit === 'MB/s') return `${value.toFixed(2)} MB/s`;
  return `${value.toFixed(1)} MB`;
}

function markdownTable(header: readonly string[], body: readonly string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
