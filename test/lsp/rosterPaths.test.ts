/**
 * A workspace may hold any settings and any `.okr.json`; neither may make the
 * server read files outside the workspace folder (Restricted Mode promises
 * that nothing from the workspace reaches further than the workspace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectLookup } from '../../server/src/okr/project/lookup';
import { diskFiles } from '../../server/src/node/projectFiles';

test('roster globs and project roster paths never reach outside the workspace folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-roster-paths-'));
  const folder = join(root, 'handbook');
  for (const dir of [join(folder, 'data'), join(root, 'secrets', 'data')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(folder, 'data', 'team.yml'), 'jane:\n  name: Jane Doe\n');
  writeFileSync(join(root, 'secrets', 'data', 'team.yml'), 'eve:\n  name: Eve Outside\n');
  writeFileSync(join(folder, '.okr.json'), JSON.stringify({ roster: ['../secrets/data/team.yml', 'data/team.yml'] }));
  const plan = join(folder, 'FY22Q4-OKR.md');
  const lookup = new ProjectLookup(diskFiles);
  for (const rosterGlob of ['../**/data/team.yml', '**/data/team.yml']) {
    const project = await lookup.projectFor(plan, { rosterGlob, boundary: folder });
    assert.deepEqual(project.rosterFiles, [join(folder, 'data', 'team.yml')], rosterGlob);
  }
  // The CLI has no workspace folder: it globs under the project root (the folder holding .okr.json) and reads what the project file lists.
  const cli = await lookup.projectFor(plan, { rosterGlob: '**/data/team.yml', boundary: null });
  assert.deepEqual([cli.root, cli.rosterFiles], [folder, [join(folder, 'data', 'team.yml'), join(root, 'secrets', 'data', 'team.yml')]]);
});
