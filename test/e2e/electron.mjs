// The in-host end-to-end suites under desktop VS Code, for machines that can
// download it (or given one with VSCODE_EXECUTABLE). This machine's own run is
// test/e2e/run.mjs, on code-server.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'okr-electron-'));
const workspace = join(scratch, 'handbook');
cpSync(join(root, 'examples'), workspace, { recursive: true });
cpSync(join(root, 'test/e2e/fixtures'), workspace, { recursive: true });
const extensionTestsPath = join(scratch, 'suites.js');
await esbuild.build({
  entryPoints: [join(root, 'test/e2e/runner/electron.ts')], outfile: extensionTestsPath,
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
});
await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath,
  vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(scratch, 'user-data')}`],
});
