/**
 * In the browser the server names files by their URI's path and reads them
 * through the editor. These check that the project lookup then works as on
 * disk: POSIX paths taken apart as node:path.posix does, and rosters,
 * project files and plans found and read through the editor's answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import type { Connection } from 'vscode-languageserver';
import { editorFiles } from '../../server/src/browser/editorFiles';
import { posixPaths } from '../../server/src/okr/project/paths';
import { ProjectLookup } from '../../server/src/okr/project/lookup';
import { readPlanFile } from '../../server/src/lsp/session/planFiles';
import { FileExistsRequest, FindFilesRequest, ReadFileRequest } from '../../server/src/protocol';

const segment = fc.constantFrom('a', 'b', 'okr', '..', '.', '', 'data', 'team.yml', 'FY22 (Q4).md');
const posixPath = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 }), fc.boolean()).map(
  ([absolute, parts, trailing]) => `${absolute ? '/' : ''}${parts.join('/')}${trailing ? '/' : ''}`,
);
const absolutePath = posixPath.map((file) => `/${file}`);

test('POSIX paths are taken apart and put together as node:path.posix does', () => {
  fc.assert(
    fc.property(posixPath, posixPath, absolutePath, absolutePath, (a, b, from, to) => {
      assert.equal(posixPaths.normalize(a), path.posix.normalize(a), `normalize ${a}`);
      assert.equal(posixPaths.join(a, b), path.posix.join(a, b), `join ${a} ${b}`);
      assert.equal(posixPaths.dirname(a), path.posix.dirname(a), `dirname ${a}`);
      assert.equal(posixPaths.basename(a), path.posix.basename(a), `basename ${a}`);
      assert.equal(posixPaths.isAbsolute(a), path.posix.isAbsolute(a), `isAbsolute ${a}`);
      assert.equal(posixPaths.resolve(from, a), path.posix.resolve(from, a), `resolve ${from} ${a}`);
      assert.equal(posixPaths.relative(from, to), path.posix.relative(from, to), `relative ${from} ${to}`);
    }),
    { numRuns: 2000 },
  );
});

/** A connection whose client answers file requests from `files` (URI → text), as the extension does with vscode.workspace.fs. */
function editorWith(files: Record<string, string>): { connection: Connection; asked: string[] } {
  const asked: string[] = [];
  const answer = (method: string, params: { uri?: string; base?: string; pattern?: string; maxBytes?: number }): unknown => {
    asked.push(`${method} ${params.uri ?? params.base}`);
    if (method === ReadFileRequest.method) {
      const text = files[params.uri as string];
      if (text === undefined) return null;
      const bytes = new TextEncoder().encode(text);
      return { text: new TextDecoder().decode(bytes.subarray(0, params.maxBytes)), size: bytes.length };
    }
    if (method === FileExistsRequest.method) return Object.keys(files).some((uri) => uri === params.uri || uri.startsWith(`${params.uri}/`));
    if (method === FindFilesRequest.method) {
      const matches = picomatch(params.pattern as string, { dot: true });
      return Object.keys(files).filter((uri) => uri.startsWith(`${params.base}/`) && matches(decodeURIComponent(uri.slice((params.base as string).length + 1))));
    }
    throw new Error(`unexpected request ${method}`);
  };
  const connection = { sendRequest: async (type: { method: string }, params: never) => answer(type.method, params) } as unknown as Connection;
  return { connection, asked };
}

const folder = { uri: 'vscode-vfs://github/acme/handbook', path: '/acme/handbook' };

test('a plan on github.dev finds its project and rosters through the editor, as on disk', async () => {
  const { connection } = editorWith({
    'vscode-vfs://github/acme/handbook/.okr.json': '{ "groups": ["CS leadership"] }',
    'vscode-vfs://github/acme/handbook/data/team.yml': 'jane_doe:\n  name: Jane Doe\n',
    'vscode-vfs://github/acme/handbook/support/FY22%20(Q4)-OKR-Plan.md': '# FY22Q4 OKR Plan\n',
  });
  const files = editorFiles(connection, () => [folder]);
  const plan = files.toPath('vscode-vfs://github/acme/handbook/support/FY22%20(Q4)-OKR-Plan.md');
  assert.equal(plan, '/acme/handbook/support/FY22 (Q4)-OKR-Plan.md');
  assert.equal(files.toPath(files.toUri(plan)), plan, 'a path and its URI name the same file');
  assert.equal(files.toPath('untitled:Untitled-1'), null, 'an unsaved document has no file');
  const lookup = new ProjectLookup(files);
  const project = await lookup.projectFor(plan, { rosterGlob: '**/data/team.yml', boundary: folder.path });
  assert.deepEqual([project.root, project.config.groups, project.rosterFiles], ['/acme/handbook', ['CS leadership'], ['/acme/handbook/data/team.yml']]);
  const { roster } = await lookup.rosterOf(project);
  assert.ok(roster.find('Jane'), 'the roster read through the editor names Jane');
});

test('the editor\'s answers keep the limits: too large a roster is refused, a long plan is cut at a line', async () => {
  const longPlan = `# FY22Q4 OKR Plan\n\n**Objective: Ship it**\n\n${'- KR: Reach 50% adoption\n'.repeat(400)}`;
  const { connection } = editorWith({
    'vscode-vfs://github/acme/handbook/data/team.yml': `jane_doe:\n  name: ${'J'.repeat(3000)}\n`,
    'vscode-vfs://github/acme/handbook/long-OKR-Plan.md': longPlan,
  });
  const files = editorFiles(connection, () => [folder]);
  await assert.rejects(files.read('/acme/handbook/data/team.yml', 1000), /too large/);
  assert.equal(await files.read('/acme/handbook/missing.yml', 1000), null);
  const plan = await readPlanFile(files, '/acme/handbook/long-OKR-Plan.md', { maxFileSize: 2_000, maxLines: 50_000, declared: false });
  assert.ok(plan && plan.objectives[0].keyResults.length > 10 && plan.objectives[0].keyResults.length < 400, 'only the first whole lines are read');
});
