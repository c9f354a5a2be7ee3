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
import { findRosterFiles } from '../../server/src/lsp/session/rosters';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/session/settings';
import { parseProjectConfig } from '../../server/src/okr/check/ruleSettings';

test('roster globs and project roster paths never reach outside the workspace folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-roster-paths-'));
  const folder = join(root, 'handbook');
  for (const dir of [join(folder, 'data'), join(root, 'secrets', 'data')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(folder, 'data', 'team.yml'), 'jane:\n  name: Jane Doe\n');
  writeFileSync(join(root, 'secrets', 'data', 'team.yml'), 'eve:\n  name: Eve Outside\n');
  const project = parseProjectConfig(JSON.stringify({ roster: ['../secrets/data/team.yml', 'data/team.yml'] }), join(folder, '.okr.json'));
  const settings = { ...DEFAULT_SETTINGS, roster: { ...DEFAULT_SETTINGS.roster, files: '../**/data/team.yml' } };
  assert.deepEqual(await findRosterFiles(folder, settings, project), [join(folder, 'data', 'team.yml')]);
  assert.deepEqual(await findRosterFiles(folder, DEFAULT_SETTINGS, project), [join(folder, 'data', 'team.yml')]);
});
