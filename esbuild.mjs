// Bundles the extension client, the language server and the `okr` CLI for
// Node, and the client and server again for the browser (web worker) host.
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Options shared by every Node bundle. */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** ESM-only dependencies (fdir, behind tinyglobby) read import.meta.url, which a CommonJS bundle must supply. */
const importMetaUrl = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
};

/** Options shared by the web bundles: they run in VS Code's web-worker extension host and in a web worker of their own. */
const webWorker = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** The web extension (package.json's `browser`): the web extension host loads the client as CommonJS; the server is a classic worker script. */
export const webBuilds = [
  { ...webWorker, format: 'cjs', entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
  // A worker has no DOM: packages with a `worker` build (micromark's entity decoder) must not get their DOM one.
  { ...webWorker, format: 'iife', conditions: ['worker'], entryPoints: ['server/src/browserServer.ts'], outfile: 'dist/web/server.js' },
];

const builds = [
  // Only the client talks to VS Code, so only it marks `vscode` external.
  { ...node, entryPoints: ['client/src/nodeExtension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...node, entryPoints: ['server/src/nodeServer.ts'], outfile: 'dist/server.js', define: importMetaUrl.define, banner: { js: importMetaUrl.banner } },
  ...webBuilds,
  { ...node, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', define: importMetaUrl.define, banner: { js: `#!/usr/bin/env node\n${importMetaUrl.banner}` } },
  // The progress page's script runs in the webview, served from media/ only.
  { ...node, platform: 'browser', target: 'chrome120', format: 'iife', entryPoints: ['client/src/webview/progress.ts'], outfile: 'media/webview/progress.js' },
];

// Imported (by the web bundles' test), it only lends its options.
const run = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (run && watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else if (run) {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
