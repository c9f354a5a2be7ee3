// `npm start`: builds and packages the extension, then opens the examples/
// handbook in a real VS Code (code-server) with the packaged .vsix installed,
// and prints the address to open in a browser. Ctrl+C stops it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureCodeServer, installExtension, makeProfile, startCodeServer, withSetupErrors } from './vscode-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.argv[2] ?? join(root, 'examples'));
const port = Number(process.env.OKR_PORT ?? 8080);

const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);

await withSetupErrors(() => ensureCodeServer());
// One profile kept in the cache, so that layout and settings survive restarts.
const profileRoot = join(cacheDir, 'start-profile');
mkdirSync(profileRoot, { recursive: true });
const profile = makeProfile(profileRoot);
installExtension(profile, join(root, 'okr-plans.vsix'));

const server = await startCodeServer({ profile, folder, port, stdio: 'inherit' });
console.log(`\nOKR Plans is running in VS Code at ${server.url}?folder=${encodeURIComponent(folder)}\nPress Ctrl+C to stop.\n`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
process.exitCode = await server.exited;
