/**
 * The path operations the project lookup needs. On a local disk they are
 * node:path's (so Windows paths work); in the browser, where files are the
 * paths of the workspace's URIs, they are `posixPaths`, which reads no
 * environment: a relative path is taken from the root.
 */

/** The subset of node:path that the lookup uses; node:path itself satisfies it. */
export interface PathSyntax {
  readonly sep: string;
  dirname(file: string): string;
  basename(file: string): string;
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
  relative(from: string, to: string): string;
  isAbsolute(file: string): boolean;
  normalize(file: string): string;
}

/** The segments of a path with `.` and `..` worked out; `..` above the root stays only in a relative path. */
function segments(file: string, absolute: boolean): string[] {
  const kept: string[] = [];
  for (const part of file.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && kept.length > 0 && kept[kept.length - 1] !== '..') kept.pop();
    else if (part !== '..' || !absolute) kept.push(part);
  }
  return kept;
}

function normalize(file: string): string {
  if (file === '') return '.';
  const absolute = file.startsWith('/');
  const joined = segments(file, absolute).join('/');
  const trailing = file.endsWith('/') && joined !== '' ? '/' : '';
  if (absolute) return `/${joined}${trailing}`;
  return joined === '' ? (file.endsWith('/') ? './' : '.') : `${joined}${trailing}`;
}

function resolve(...parts: string[]): string {
  let resolved = '';
  for (let at = parts.length - 1; at >= 0 && !resolved.startsWith('/'); at--) {
    if (parts[at]) resolved = resolved ? `${parts[at]}/${resolved}` : parts[at];
  }
  return `/${segments(resolved, true).join('/')}`;
}

/** The folder part of a path: everything before its last name, as node:path.posix has it (`//a` → `//`). */
function dirname(file: string): string {
  if (file === '') return '.';
  let end = -1;
  let inName = false;
  for (let at = file.length - 1; at >= 1; at--) {
    if (file[at] !== '/') inName = true;
    else if (inName) {
      end = at;
      break;
    }
  }
  if (end === -1) return file.startsWith('/') ? '/' : '.';
  return file.startsWith('/') && end === 1 ? '//' : file.slice(0, end);
}

/** POSIX paths, as in the paths of `vscode-vfs:` or `vscode-remote:` URIs. */
export const posixPaths: PathSyntax = {
  sep: '/',
  dirname,
  basename: (file) => file.replace(/\/+$/, '').slice(file.replace(/\/+$/, '').lastIndexOf('/') + 1),
  join: (...parts) => normalize(parts.filter((part) => part !== '').join('/')),
  resolve,
  relative(from, to) {
    const source = segments(resolve(from), true);
    const target = segments(resolve(to), true);
    let common = 0;
    while (common < source.length && common < target.length && source[common] === target[common]) common++;
    return [...source.slice(common).map(() => '..'), ...target.slice(common)].join('/');
  },
  isAbsolute: (file) => file.startsWith('/'),
  normalize,
};
