/**
 * One project lookup for the editor and the CLI: given a plan's file, its
 * project root, its `.okr.json` and its rosters, found the same way by both,
 * so a plan gets the same diagnostics in CI as in the editor. The lookup reads
 * files only through `ProjectFiles`, which each edge implements.
 */
import picomatch from 'picomatch';
import { MAX_ROSTER_BYTES, parseRosterYaml, Roster, type RosterFile } from '../model/roster';
import type { PathSyntax } from './paths';
import { emptyProjectConfig, parseProjectConfig, PROJECT_CONFIG_FILES, type ProjectConfig } from './projectConfig';

/** What the lookup needs of a file system. */
export interface ProjectFiles {
  /** A file's text; null when there is no such file. Throws, with a readable message, when it exists but cannot be read or is larger than `maxBytes`. */
  read(file: string, maxBytes: number): Promise<string | null>;
  /** True when a file or folder exists. */
  exists(file: string): Promise<boolean>;
  /** The files under `folder` that match `pattern`, absolute, skipping `node_modules` and `.git`. */
  glob(folder: string, pattern: string): Promise<string[]>;
  /** How this file system's paths are taken apart and put together. */
  readonly paths: PathSyntax;
}

/** Where the handbooks that this extension serves keep their people, by default. */
export const DEFAULT_ROSTER_GLOB = '**/data/team.yml';

/** How a plan's project is looked up. */
export interface LookupOptions {
  /** Roster files under the project root (the editor's `okr.roster.files`). */
  rosterGlob: string;
  /** No file outside this folder is read (the editor's workspace folder); null for none. */
  boundary: string | null;
}

/** A plan's project: where it starts, its project file and the roster files that name its team. */
export interface Project {
  root: string;
  config: ProjectConfig;
  rosterFiles: string[];
}

/** True when `file` lies inside `folder` (or is it). */
export function isInside(path: PathSyntax, folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Globs that declare pages plans (`files`) or not (`exclude`), relative to `folder`. */
export interface PlanGlobs {
  folder: string | null;
  files: readonly string[];
  exclude: readonly string[];
}

/** True when a file matches one of the globs, relative to their folder (by name alone outside it), ignoring case as file names are typed loosely. */
export function matchesGlob(path: PathSyntax, file: string, folder: string | null, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const relative = folder && isInside(path, folder, file) ? path.relative(folder, file) : path.basename(file);
  return picomatch(globs as string[], { nocase: true, dot: true })(relative.split(path.sep).join('/'));
}

/**
 * What settings and project files declare a page to be: not a plan (an
 * `exclude` glob matches, which wins), a plan (a `files` glob matches), or
 * null to let the page's evidence decide.
 */
export function declaredPlan(path: PathSyntax, file: string, ...sources: readonly PlanGlobs[]): boolean | null {
  if (sources.some((source) => matchesGlob(path, file, source.folder, source.exclude))) return false;
  return sources.some((source) => matchesGlob(path, file, source.folder, source.files)) ? true : null;
}

/** The globs of a project file, relative to the folder it is in; files it ignores are never plans. */
export function projectGlobs(path: PathSyntax, config: ProjectConfig): PlanGlobs {
  return { folder: config.file ? path.dirname(config.file) : null, files: config.files, exclude: [...config.exclude, ...config.ignores] };
}

/** True when a project file's `ignores` globs name the file: it is never checked. */
export function isIgnored(path: PathSyntax, file: string, config: ProjectConfig): boolean {
  return config.file !== null && matchesGlob(path, file, path.dirname(config.file), config.ignores);
}

/** Finds projects and reads rosters, each folder and file once until `clear()`. */
export class ProjectLookup {
  private readonly configs = new Map<string, Promise<ProjectConfig>>();
  private readonly roots = new Map<string, Promise<string | null>>();
  private readonly globs = new Map<string, Promise<string[]>>();
  private readonly rosters = new Map<string, Promise<RosterFile>>();

  constructor(private readonly files: ProjectFiles) {}

  /** How the lookup's paths are taken apart and put together. */
  get paths(): PathSyntax {
    return this.files.paths;
  }

  /**
   * The project of a plan's file. Its root is the nearest folder at or above
   * the file holding `.okr.json` or `.git` (else the boundary, else the file's
   * folder); its project file is the nearest `.okr.json`; its rosters are the
   * roster glob's matches under the root and the files the project file
   * lists, or, where the glob finds none, the nearest `data/team.yml` above
   * the plan. Nothing outside the boundary is read.
   */
  async projectFor(file: string, options: LookupOptions): Promise<Project> {
    const folder = this.paths.dirname(this.paths.resolve(file));
    const boundary = options.boundary && isInside(this.paths, options.boundary, folder) ? options.boundary : null;
    const inBounds = (candidate: string): boolean => boundary === null || isInside(this.paths, boundary, candidate);
    const [config, marked] = await Promise.all([this.configFor(folder, boundary), this.rootOf(folder, boundary)]);
    const root = marked ?? boundary ?? folder;
    const globbed = (await this.globbed(root, options.rosterGlob)).filter(inBounds);
    const listed = config.file ? config.roster.map((listedFile) => this.paths.resolve(this.paths.dirname(config.file as string), listedFile)).filter(inBounds) : [];
    const nearest = globbed.length === 0 ? await this.nearestRoster(folder, boundary) : [];
    return { root, config, rosterFiles: [...new Set([...globbed, ...nearest, ...listed])].sort() };
  }

  /** The roster of a project: its files' teammates, the extra names and the groups of settings and project file. */
  async rosterOf(project: Project, names: readonly string[] = [], groups: readonly string[] = []): Promise<{ roster: Roster; files: RosterFile[] }> {
    const files = await Promise.all(project.rosterFiles.map((file) => this.readRoster(file)));
    return { roster: Roster.combine(files, names, [...groups, ...project.config.groups]), files };
  }

  /** The project file that applies to a file, without finding its root or rosters. */
  configOf(file: string, boundary: string | null): Promise<ProjectConfig> {
    const folder = this.paths.dirname(this.paths.resolve(file));
    return this.configFor(folder, boundary && isInside(this.paths, boundary, folder) ? boundary : null);
  }

  /** Forgets everything read, after a project file, a roster or a setting changed. */
  clear(): void {
    this.configs.clear();
    this.roots.clear();
    this.globs.clear();
    this.rosters.clear();
  }

  private configFor(folder: string, boundary: string | null): Promise<ProjectConfig> {
    return remember(this.configs, folder, async () => {
      for (const name of PROJECT_CONFIG_FILES) {
        const file = this.paths.join(folder, name);
        let text: string | null;
        try {
          text = await this.files.read(file, MAX_ROSTER_BYTES);
        } catch (error) {
          return { ...emptyProjectConfig(), file, problems: [`${file} ${(error as Error).message}`] };
        }
        if (text !== null) return parseProjectConfig(text, file);
      }
      return above(this.paths, folder, boundary) ? this.configFor(this.paths.dirname(folder), boundary) : emptyProjectConfig();
    });
  }

  private rootOf(folder: string, boundary: string | null): Promise<string | null> {
    return remember(this.roots, folder, async () => {
      for (const marker of [...PROJECT_CONFIG_FILES, '.git']) if (await this.files.exists(this.paths.join(folder, marker))) return folder;
      return above(this.paths, folder, boundary) ? this.rootOf(this.paths.dirname(folder), boundary) : null;
    });
  }

  private globbed(root: string, pattern: string): Promise<string[]> {
    return remember(this.globs, JSON.stringify([root, pattern]), async () => (await this.files.glob(root, pattern)).map((file) => this.paths.normalize(file)));
  }

  private async nearestRoster(folder: string, boundary: string | null): Promise<string[]> {
    for (let dir = folder; ; dir = this.paths.dirname(dir)) {
      const candidate = this.paths.join(dir, 'data', 'team.yml');
      if (await this.files.exists(candidate)) return [candidate];
      if (!above(this.paths, dir, boundary)) return [];
    }
  }

  /** One roster file; an unreadable or oversized one yields an error, not an exception. */
  private readRoster(file: string): Promise<RosterFile> {
    return remember(this.rosters, file, async () => {
      try {
        const text = await this.files.read(file, MAX_ROSTER_BYTES);
        return text === null ? { file, teammates: [], error: `${file}: cannot be read (it does not exist).` } : parseRosterYaml(text, file);
      } catch (error) {
        return { file, teammates: [], error: `${file}: roster ${(error as Error).message}` };
      }
    });
  }
}

/** True when the lookup may go on to the folder above `folder`. */
function above(path: PathSyntax, folder: string, boundary: string | null): boolean {
  return path.dirname(folder) !== folder && (boundary === null || (folder !== boundary && isInside(path, boundary, path.dirname(folder))));
}

/** The value cached under `key`, made once. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}
