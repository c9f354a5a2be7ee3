/**
 * The rosters (`data/team.yml`) of the plans the editor checks, found by the
 * project lookup the CLI uses too, so completions, hovers and name checks
 * know the team. A malformed roster is reported once and contributes nobody;
 * it never stops the server.
 */
import picomatch from 'picomatch';
import { Roster } from '../../okr/model/roster';
import { isInside, type Project, type ProjectLookup } from '../../okr/project/lookup';
import type { OkrSettings } from './settings';

/** Rosters per project and settings, cached until a roster file or a setting changes. */
export class RosterStore {
  private readonly cache = new Map<string, Promise<Roster>>();
  private readonly reported = new Set<string>();

  /** `report` shows a problem with a roster to the user; each distinct problem is shown once. */
  constructor(
    private readonly lookup: ProjectLookup,
    private readonly report: (message: string) => void,
  ) {}

  /** The roster for a plan's project, or one made of settings alone for a plan outside every workspace folder. */
  rosterFor(project: Project | null, settings: OkrSettings): Promise<Roster> {
    const key = JSON.stringify([project?.rosterFiles ?? [], project?.config.groups ?? [], settings.roster.names, settings.roster.groups]);
    let roster = this.cache.get(key);
    if (!roster) {
      roster = project ? this.load(project, settings) : Promise.resolve(Roster.combine([], settings.roster.names, settings.roster.groups));
      this.cache.set(key, roster);
    }
    return roster;
  }

  /** True when a changed file may be a roster, so open plans must be checked again. */
  isRosterFile(file: string, folder: string | null, settings: OkrSettings): boolean {
    const path = this.lookup.paths;
    const relative = folder && isInside(path, folder, file) ? path.relative(folder, file) : file;
    return picomatch(settings.roster.files, { dot: true })(relative.split(path.sep).join('/'));
  }

  /** Forgets every roster, after a roster file or a setting changed. */
  clear(): void {
    this.cache.clear();
    this.lookup.clear();
  }

  private async load(project: Project, settings: OkrSettings): Promise<Roster> {
    const { roster, files } = await this.lookup.rosterOf(project, settings.roster.names, settings.roster.groups);
    for (const { error } of files) {
      if (error && !this.reported.has(error)) {
        this.reported.add(error);
        this.report(`OKR roster problem: ${error} Names from this file are not checked.`);
      }
    }
    return roster;
  }
}
