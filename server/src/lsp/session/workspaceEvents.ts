/**
 * Keeps the server in step with the workspace: files created, changed or
 * deleted on disk, roster and project files, settings, and folders added or
 * removed. Anything a check depends on re-checks the open plans.
 */
import { FileChangeType, type Connection, type WorkspaceFolder } from 'vscode-languageserver';
import { PROJECT_CONFIG_FILES } from '../../okr/project/projectConfig';
import type { DiagnosticsScheduler } from './checkScheduler';
import { logError } from './guard';
import { isMarkdownFile, type Folder, type PlanContexts } from './planContext';
import type { RosterStore } from './rosters';
import type { PlanHistories } from './planHistories';
import type { SettingsStore } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';
import type { WorkspaceFiles } from './workspaceFiles';

/** A workspace folder as the server keeps it; null for folders whose files cannot be read. */
export function toFolder(files: WorkspaceFiles, folder: WorkspaceFolder): Folder | null {
  const file = files.toPath(folder.uri);
  return file === null ? null : { uri: folder.uri, path: file };
}

/** The parts of the server that workspace events update. */
export interface WorkspaceParts {
  folders: Folder[];
  settings: SettingsStore;
  rosters: RosterStore;
  contexts: PlanContexts;
  index: WorkspaceIndex;
  diagnostics: DiagnosticsScheduler;
  histories: PlanHistories;
}

/** Forgets what depends on rosters, project files or settings, and checks the open plans again. */
function recheck(parts: WorkspaceParts): void {
  parts.contexts.clear();
  parts.diagnostics.recheckAll();
}

/** True for the files in a `.git` folder that move when a commit is made or a branch checked out. */
export function isGitRef(file: string): boolean {
  return /[\\/]\.git[\\/](?:HEAD|packed-refs|refs[\\/].*)$/.test(file);
}

/** Handles file events, settings changes and folder changes. */
export function registerWorkspaceEvents(connection: Connection, parts: WorkspaceParts, watchFolders: boolean): void {
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    try {
      let dependencyChanged = false;
      let historyMoved = false;
      for (const { uri, type } of changes) {
        const file = parts.contexts.files.toPath(uri);
        if (file === null) continue;
        // A commit, checkout or fetch moves HEAD or a branch: every history may have moved.
        if (isGitRef(file)) {
          historyMoved = true;
          continue;
        }
        if (isMarkdownFile(uri)) {
          parts.histories.forget(uri);
          if (type === FileChangeType.Deleted) parts.index.remove(uri);
          else parts.index.enqueue(uri);
        } else if (PROJECT_CONFIG_FILES.includes(parts.contexts.files.paths.basename(file))) {
          dependencyChanged = true;
        } else if (/\.ya?ml$/i.test(file)) {
          const folder = parts.contexts.folderOf(uri);
          const settings = await parts.settings.get(folder?.uri ?? uri);
          if (parts.rosters.isRosterFile(file, folder?.path ?? null, settings)) dependencyChanged = true;
        }
      }
      if (historyMoved) parts.histories.clear();
      if (dependencyChanged || historyMoved) recheck(parts);
    } catch (error) {
      logError(connection, 'Handling file changes', error);
    }
  });
  connection.onDidChangeConfiguration(() => {
    parts.settings.clear();
    recheck(parts);
    void parts.index.scan();
  });
  if (!watchFolders) return;
  connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
    for (const folder of removed.map((folder) => toFolder(parts.contexts.files, folder))) {
      if (!folder) continue;
      parts.index.removeFolder(folder);
      const at = parts.folders.findIndex((known) => known.uri === folder.uri);
      if (at >= 0) parts.folders.splice(at, 1);
    }
    const fresh = added.map((folder) => toFolder(parts.contexts.files, folder)).filter((folder) => folder !== null);
    parts.folders.push(...fresh);
    recheck(parts);
    void parts.index.scan(fresh);
  });
}
