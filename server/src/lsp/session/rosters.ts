/**
 * Finds and reads the rosters (`data/team.yml`) of each workspace folder, so
 * completions, hovers and name checks know the team. A malformed roster is
 * reported once and contributes nobody; it never stops the server.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import picomatch from 'picomatch';
import { MAX_ROSTER_BYTES, parseRosterYaml, Roster, type RosterFile } from '../../okr/model/roster';
import type { ProjectConfig } from '../../okr/check/ruleSettings';
import type { OkrSettings } from './settings';

/** Folders never searched for rosters or plans. */
export const IGNORED_FOLDERS = ['**/node_modules/**', '**/.git/**'];

/** True when `file` lies inside `folder` (or is it). */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Reads one roster file; an unreadable or oversized file yields an error, not an exception. */
export async function readRosterFile(file: string): Promise<RosterFile> {
  try {
    const { size } = await fs.stat(file);
    if (size > MAX_ROSTER_BYTES) {
      return { file, teammates: [], error: `${file}: roster is too large (${size} bytes; the limit is ${MAX_ROSTER_BYTES}).` };
    }
    return parseRosterYaml(await fs.readFile(file, 'utf8'), file);
  } catch (error) {
    return { file, teammates: [], error: `${file}: cannot be read (${(error as Error).message}).` };
  }
}

/** The roster files that apply to a folder: the settings glob plus the project file's list, never outside the folder. */
export async function findRosterFiles(folder: string, settings: OkrSettings, project: ProjectConfig): Promise<string[]> {
  const found = await glob(settings.roster.files, { cwd: folder, absolute: true, ignore: IGNORED_FOLDERS, followSymbolicLinks: false });
  const projectDir = project.file ? path.dirname(project.file) : folder;
  const listed = project.roster.map((file) => path.resolve(projectDir, file)).filter((file) => isInside(folder, file));
  // A workspace's settings may glob upwards (`../**`): what lies outside the folder is never read.
  const inFolder = found.map((file) => path.normalize(file)).filter((file) => isInside(folder, file));
  return [...new Set([...inFolder, ...listed])].sort();
}

/** Rosters per folder and settings, cached until a roster file or a setting changes. */
export class RosterStore {
  private readonly cache = new Map<string, Promise<Roster>>();
  private readonly reported = new Set<string>();

  /** `report` shows a problem with a roster to the user; each distinct problem is shown once. */
  constructor(private readonly report: (message: string) => void) {}

  /** The roster for plans in `folder` (a file-system path), or one made of settings alone when there is no folder. */
  rosterFor(folder: string | null, settings: OkrSettings, project: ProjectConfig): Promise<Roster> {
    const groups = [...settings.roster.groups, ...project.groups];
    const key = JSON.stringify([folder, settings.roster, project.file, project.roster, groups]);
    let roster = this.cache.get(key);
    if (!roster) {
      roster = this.load(folder, settings, project).then((files) => Roster.combine(files, settings.roster.names, groups));
      this.cache.set(key, roster);
    }
    return roster;
  }

  /** True when a changed file may be a roster, so open plans must be checked again. */
  isRosterFile(file: string, folder: string | null, settings: OkrSettings): boolean {
    const relative = folder && isInside(folder, file) ? path.relative(folder, file) : file;
    return picomatch(settings.roster.files, { dot: true })(relative.split(path.sep).join('/'));
  }

  /** Forgets every roster, after a roster file or a setting changed. */
  clear(): void {
    this.cache.clear();
  }

  private async load(folder: string | null, settings: OkrSettings, project: ProjectConfig): Promise<RosterFile[]> {
    if (folder === null) return [];
    const files = await Promise.all((await findRosterFiles(folder, settings, project)).map(readRosterFile));
    for (const { error } of files) {
      if (error && !this.reported.has(error)) {
        this.reported.add(error);
        this.report(`OKR roster problem: ${error} Names from this file are not checked.`);
      }
    }
    return files;
  }
}
