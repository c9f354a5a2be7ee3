// Bundles the extension client, the language server and the `okr` CLI.
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

const builds = [
  // Only the client talks to VS Code, so only it marks `vscode` external.
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...node, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', define: importMetaUrl.define, banner: { js: importMetaUrl.banner } },
  { ...node, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', define: importMetaUrl.define, banner: { js: `#!/usr/bin/env node\n${importMetaUrl.banner}` } },
  // The progress page's script runs in the webview, served from media/ only.
  { ...node, platform: 'browser', target: 'chrome120', format: 'iife', entryPoints: ['client/src/webview/progress.ts'], outfile: 'media/webview/progress.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
