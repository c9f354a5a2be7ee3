/**
 * Reads plans that are not open, for the workspace index. On the desktop the
 * reads run on worker threads (nodeServer.ts); in the browser they run in the
 * server's own worker, one at a time, yielding between files so that requests
 * are answered meanwhile.
 */
import { emptyPlan, type Plan } from '../../okr/model/plan';
import { splitLines } from '../../okr/parse/markdown';
import { asDeclared, parseDocument } from '../../okr/parse/parser';
import { scanText } from '../../okr/parse/scan';
import { limitLines, yieldToRequests } from './documents';
import type { WorkspaceFiles } from './workspaceFiles';

/** The size limits a plan file is read with (`okr.maxFileSize`, `okr.maxLines`). */
export interface FileLimits {
  maxFileSize: number;
  maxLines: number;
}

/** How a plan file is read: within the size limits, and as a plan whatever its evidence when settings declare it one. */
export interface ReadOptions extends FileLimits {
  declared: boolean;
}

/** Reads and parses plan files that are not open. */
export interface PlanReader {
  /** Reads that keep the reader busy; more only wait in line. */
  readonly capacity: number;
  /** The plan in a file, or null when it cannot be read or parsed. */
  read(file: string, options: ReadOptions): Promise<Plan | null>;
}

/** Reads the text of a plan file within the size limits; null when it cannot be read or is binary. */
export async function readPlanText(files: WorkspaceFiles, file: string, limits: FileLimits): Promise<string | null> {
  const start = await files.readStart(file, limits.maxFileSize);
  if (start === null || start.text.includes('\0')) return null;
  const cut = start.whole ? start.text : start.text.slice(0, Math.max(0, start.text.lastIndexOf('\n')));
  return limitLines(splitLines(cut), limits.maxLines, limits.maxFileSize).lines.join('\n');
}

/** Reads and parses one plan file; null when it cannot be read. */
export async function readPlanFile(files: WorkspaceFiles, file: string, options: ReadOptions): Promise<Plan | null> {
  const text = await readPlanText(files, file, options);
  if (text === null) return null;
  // Most pages of a handbook cannot be plans: a line scan spares them the parse.
  if (!options.declared) {
    const scan = scanText(text);
    if (!scan.maybePlan) return { ...emptyPlan(), evidence: scan.reason === null ? [] : [scan.reason] };
  }
  return asDeclared(parseDocument(text), options.declared || null).plan;
}

/** Reads plans in this thread, one at a time, letting pending requests go first before each. */
export function inThreadReader(files: WorkspaceFiles): PlanReader {
  return {
    capacity: 1,
    async read(file, options) {
      await yieldToRequests();
      return readPlanFile(files, file, options);
    },
  };
}
