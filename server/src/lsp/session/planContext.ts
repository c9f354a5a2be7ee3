/**
 * Everything a feature needs to know about a document besides its text: its
 * workspace folder, settings, roster, statuses and rule settings. Gathered per
 * resource, so two folders of a multi-root workspace can differ.
 */
import { mergeRuleSettings } from '../../okr/check/ruleSettings';
import { declaredPlan, isInside, projectGlobs, type PlanGlobs, type Project, type ProjectLookup } from '../../okr/project/lookup';
import type { ProjectConfig } from '../../okr/project/projectConfig';
import { type RuleSettings } from '../../okr/check/types';
import type { Roster } from '../../okr/model/roster';
import { defaultStatusSet, StatusSet } from '../../okr/model/statuses';
import { scoringOptions, type ScoringOptions } from '../../okr/model/scoring';
import type { RosterStore } from './rosters';
import type { OkrSettings, SettingsStore } from './settings';
import type { WorkspaceFiles } from './workspaceFiles';

/** A workspace folder by URI and file-system path. */
export interface Folder {
  uri: string;
  path: string;
}

/** What a document is checked against. */
export interface PlanContext {
  folder: Folder | null;
  settings: OkrSettings;
  roster: Roster;
  statuses: StatusSet;
  /** Settings' rule severities with the project file's on top. */
  rules: RuleSettings;
  /** What settings and the project file declare the document to be: a plan, not one, or null to let its evidence decide. */
  declared: boolean | null;
  /** How the plan's scores are worked out: the project file's roll-up and bands over the settings'. */
  scoring: ScoringOptions;
  /** Days without a check-in after which the stale-plan rule notes a current plan: the project file's over the settings', or null. */
  staleAfterDays: number | null;
  /** The plan's last check-in, read only when `staleAfterDays` is set; null where it is not known. */
  lastCheckIn: { date: string; author: string } | null;
}

/** The `okr.files` and `okr.exclude` settings as globs relative to a workspace folder. */
export function settingsGlobs(folder: Folder | null, settings: Pick<OkrSettings, 'files' | 'exclude'>): PlanGlobs {
  return { folder: folder?.path ?? null, files: settings.files, exclude: settings.exclude };
}

/** True for the Markdown files the server looks at. */
export function isMarkdownFile(uri: string, languageId?: string): boolean {
  return languageId === 'markdown' || /\.(md|markdown)$/i.test(uri);
}

/** Builds and caches plan contexts; cleared when settings, rosters or project files change. */
export class PlanContexts {
  private readonly contexts = new Map<string, Promise<PlanContext>>();
  private readonly statusSets = new WeakMap<OkrSettings, StatusSet>();
  /** Project-file problems already shown: each distinct one is shown once. */
  private readonly reported = new Set<string>();

  constructor(
    /** The workspace's files, and how their URIs and paths correspond. */
    readonly files: WorkspaceFiles,
    private readonly settings: SettingsStore,
    private readonly lookup: ProjectLookup,
    private readonly rosters: RosterStore,
    /** The open workspace folders, outermost first. */
    private readonly folders: () => readonly Folder[],
    /** Shows a problem with a project file to the user. */
    private readonly report: (message: string) => void = () => undefined,
    /** A plan's last check-in from its git history, or null where there is none to read. */
    private readonly lastCheckIn: (uri: string, scoring: ScoringOptions) => Promise<{ date: string; author: string } | null> = async () => null,
  ) {}

  /** The workspace folder holding a document; the innermost one when folders nest. */
  folderOf(uri: string): Folder | null {
    const file = this.files.toPath(uri);
    if (file === null) return null;
    const holding = this.folders().filter((folder) => isInside(this.files.paths, folder.path, file));
    return holding.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
  }

  /** The context of one document, the same object until something it depends on changes. */
  contextFor(uri: string): Promise<PlanContext> {
    let context = this.contexts.get(uri);
    if (!context) {
      context = this.build(uri);
      this.contexts.set(uri, context);
    }
    return context;
  }

  /** Forgets the context of a document that closed. */
  forget(uri: string): void {
    this.contexts.delete(uri);
  }

  /** Forgets contexts, project files and rosters, after a file or setting they depend on changed. */
  clear(): void {
    this.contexts.clear();
    this.rosters.clear();
  }

  private async build(uri: string): Promise<PlanContext> {
    const folder = this.folderOf(uri);
    const settings = await this.settings.get(uri);
    const file = this.files.toPath(uri);
    // A plan outside every workspace folder reads no file: its roster comes from settings alone.
    const project: Project | null = file && folder ? await this.lookup.projectFor(file, { rosterGlob: settings.roster.files, boundary: folder.path }) : null;
    if (project) this.reportProblems(project.config);
    const roster = await this.rosters.rosterFor(project, settings);
    const globs = [settingsGlobs(folder, settings), ...(project ? [projectGlobs(this.files.paths, project.config)] : [])];
    const declared = file ? declaredPlan(this.files.paths, file, ...globs) : null;
    const statuses = this.statusSet(settings);
    const scoring = scoringOptions(project?.config.rollup ?? settings.rollup, project?.config.scoreBands ?? settings.scoreBands, statuses);
    const staleAfterDays = project?.config.staleAfterDays ?? settings.staleAfterDays;
    // The history is read for the stale-plan rule only when it is on.
    const lastCheckIn = staleAfterDays !== null ? await this.lastCheckIn(uri, scoring) : null;
    return { folder, settings, roster, statuses, rules: mergeRuleSettings(settings.rules, project?.config.rules), declared, scoring, staleAfterDays, lastCheckIn };
  }

  private reportProblems(config: ProjectConfig): void {
    const message = `OKR project file ${config.file}: ${config.problems.join(' ')} What it gets wrong is ignored.`;
    if (config.problems.length === 0 || this.reported.has(message)) return;
    this.reported.add(message);
    this.report(message);
  }

  private statusSet(settings: OkrSettings): StatusSet {
    if (settings.statuses.length === 0) return defaultStatusSet;
    let set = this.statusSets.get(settings);
    if (!set) this.statusSets.set(settings, (set = new StatusSet(settings.statuses)));
    return set;
  }
}
