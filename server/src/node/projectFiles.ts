/**
 * The project lookup's files on a local disk, for the CLI and the desktop
 * language server.
 */
import { promises as fs } from 'node:fs';
import { glob } from 'tinyglobby';
import type { ProjectFiles } from '../okr/project/lookup';

/** Folders never searched for rosters or plans. */
export const IGNORED_FOLDERS = ['**/node_modules/**', '**/.git/**'];

/** Reads project files from the local file system. */
export const diskFiles: ProjectFiles = {
  async read(file, maxBytes) {
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      return null;
    }
    if (size > maxBytes) throw new Error(`is too large (${size} bytes; the limit is ${maxBytes}).`);
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot be read (${(error as Error).message}).`);
    }
  },
  exists: (file) => fs.stat(file).then(() => true, () => false),
  glob: (folder, pattern) => glob(pattern, { cwd: folder, absolute: true, ignore: IGNORED_FOLDERS, followSymbolicLinks: false }),
};
