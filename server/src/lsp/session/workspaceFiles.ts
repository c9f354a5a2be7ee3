/**
 * What the language server needs of the workspace's files. On the desktop
 * they are on a local disk (node/projectFiles.ts); in the browser the editor
 * reads them for the server (browser/editorFiles.ts). The session reads
 * files through nothing else.
 */
import type { ProjectFiles } from '../../okr/project/lookup';

/** The project lookup's files, named by URI too, and the start of a plan file. */
export interface WorkspaceFiles extends ProjectFiles {
  /** The path of a URI whose file can be read; null for documents without one (untitled, other schemes). */
  toPath(uri: string): string | null;
  /** The URI of a path that `toPath` gave. */
  toUri(file: string): string;
  /** The first `maxBytes` bytes of a file as text, and whether that is all of it; null when it cannot be read. */
  readStart(file: string, maxBytes: number): Promise<{ text: string; whole: boolean } | null>;
}
