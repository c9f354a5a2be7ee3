/**
 * The workspace's files in the browser, where the language server runs in a
 * web worker and reaches no disk: it asks the editor, which reads them with
 * `vscode.workspace.fs` (ReadFileRequest and its siblings in protocol.ts).
 * A file's path is its URI's path (`/owner/repo/data/team.yml`), so the
 * project lookup reads them as it reads POSIX paths.
 */
import type { Connection } from 'vscode-languageserver';
import { posixPaths } from '../okr/project/paths';
import { FileExistsRequest, FindFilesRequest, ReadFileRequest } from '../protocol';
import type { Folder } from '../lsp/session/planContext';
import type { WorkspaceFiles } from '../lsp/session/workspaceFiles';

/** A URI with an authority, as workspace files have: scheme, `//authority` and path. */
const HIERARCHICAL_URI = /^([a-zA-Z][\w+.-]*):\/\/([^/?#]*)([^?#]*)/;

/** The path of a URI, decoded; null for URIs without an authority part (`untitled:Untitled-1`). */
function pathOf(uri: string): string | null {
  const match = HIERARCHICAL_URI.exec(uri);
  if (!match) return null;
  try {
    return decodeURIComponent(match[3]) || '/';
  } catch {
    return null;
  }
}

/** The workspace files that the editor reads for the server; `folders` give each path its URI. */
export function editorFiles(connection: Connection, folders: () => readonly Folder[]): WorkspaceFiles {
  /** The file's path under the scheme and authority of the folder that holds it (else the first folder's). */
  const toUri = (file: string): string => {
    const holding = folders().filter((folder) => file === folder.path || file.startsWith(folder.path.replace(/\/?$/, '/')));
    const folder = holding.sort((a, b) => b.path.length - a.path.length)[0] ?? folders()[0];
    const match = folder ? HIERARCHICAL_URI.exec(folder.uri) : null;
    const origin = match ? `${match[1]}://${match[2]}` : 'file://';
    return origin + file.split('/').map(encodeURIComponent).join('/');
  };
  return {
    paths: posixPaths,
    toPath: pathOf,
    toUri,
    async read(file, maxBytes) {
      let result;
      try {
        result = await connection.sendRequest(ReadFileRequest.type, { uri: toUri(file), maxBytes });
      } catch (error) {
        throw new Error(`cannot be read (${(error as Error).message}).`);
      }
      if (result === null) return null;
      if (result.size > maxBytes) throw new Error(`is too large (${result.size} bytes; the limit is ${maxBytes}).`);
      return result.text;
    },
    exists: (file) => connection.sendRequest(FileExistsRequest.type, { uri: toUri(file) }).then((found) => found, () => false),
    async glob(folder, pattern) {
      const uris = await connection.sendRequest(FindFilesRequest.type, { base: toUri(folder), pattern });
      return uris.map(pathOf).filter((file) => file !== null);
    },
    async readStart(file, maxBytes) {
      try {
        const result = await connection.sendRequest(ReadFileRequest.type, { uri: toUri(file), maxBytes });
        return result && { text: result.text, whole: result.size <= maxBytes };
      } catch {
        return null;
      }
    },
  };
}
