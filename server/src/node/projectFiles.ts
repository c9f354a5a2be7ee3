/**
 * Files on a local disk, for the CLI and the desktop language server: the
 * project lookup's `ProjectFiles`, and what the language server adds to it
 * (`file:` URIs and the start of a plan file).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';

/** Folders never searched for rosters or plans. */
export const IGNORED_FOLDERS = ['**/node_modules/**', '**/.git/**'];

/** Reads project files from the local file system: the lookup's `ProjectFiles`, and the language server's `WorkspaceFiles`. */
export const diskFiles = {
  paths: path,
  async read(file: string, maxBytes: number): Promise<string | null> {
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
  exists: (file: string) => fs.stat(file).then(() => true, () => false),
  glob: (folder: string, pattern: string) => glob(pattern, { cwd: folder, absolute: true, ignore: IGNORED_FOLDERS, followSymbolicLinks: false }),

  /** The path of a `file:` URI; null for other schemes, which are not on this disk. */
  toPath(uri: string): string | null {
    if (!uri.startsWith('file:')) return null;
    try {
      return fileURLToPath(uri);
    } catch {
      return null;
    }
  },
  toUri: (file: string): string => pathToFileURL(file).href,

  /** The first `maxBytes` bytes of a file as text, and whether that is all of it; null when it cannot be read. */
  async readStart(file: string, maxBytes: number): Promise<{ text: string; whole: boolean } | null> {
    let handle;
    try {
      handle = await fs.open(file, 'r');
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, maxBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { text: buffer.subarray(0, bytesRead).toString('utf8'), whole: bytesRead >= size };
    } catch {
      return null;
    } finally {
      await handle?.close();
    }
  },
};
