/**
 * The web extension's bundles run in a browser: nothing in them may reach
 * for Node (files, processes, threads, the OS), and nothing may stand in for
 * Node either, since a polyfill of `fs` or `path` would only hide a desktop
 * assumption that breaks on vscode.dev. Built here, in memory, with the
 * options `npm run build` uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = path.join(import.meta.dirname, '..', '..');

/** Node built-ins, by any name a bundle could load them. */
const NODE_MODULES = ['fs', 'fs/promises', 'child_process', 'worker_threads', 'os', 'path', 'url', 'crypto', 'net', 'util', 'stream', 'events', 'buffer', 'process'];
const LOADS_NODE = new RegExp(String.raw`(?:require\(|from\s*|import\(\s*)["'](?:node:[\w/]+|(?:${NODE_MODULES.join('|')}))["']`, 'g');

/** Packages that stand in for Node built-ins in a browser. */
const POLYFILL = /node_modules\/(?:path-browserify|process|buffer|util|events|os-browserify|stream-browserify|crypto-browserify|browserify-\w+|node-stdlib-browser|node-polyfill-webpack-plugin|memfs|fs-extra|readable-stream)\//;

test('the web bundles load no Node module and no stand-in for one', async (t) => {
  const { webBuilds } = (await import(pathToFileURL(path.join(root, 'esbuild.mjs')).href)) as { webBuilds: esbuild.BuildOptions[] };
  assert.equal(webBuilds.length, 2, 'a client and a server');
  for (const options of webBuilds) await t.test(String(options.outfile), async () => {
    const result = await esbuild.build({ ...options, absWorkingDir: root, write: false, metafile: true, sourcemap: false, minify: true, logLevel: 'silent' });
    const code = result.outputFiles.filter((file) => file.path.endsWith('.js')).map((file) => file.text).join('\n');
    assert.ok(code.length > 10_000, 'the bundle was built');
    // What a browser downloads, minified as `npm run package` ships it.
    const kib = (bytes: number): number => Math.round(bytes / 1024);
    t.diagnostic(`${path.relative(root, String(options.outfile))}: ${kib(Buffer.byteLength(code))} KiB minified, ${kib(gzipSync(code).length)} KiB gzipped`);
    assert.deepEqual([...new Set(code.match(LOADS_NODE) ?? [])], [], 'no Node built-in is loaded');
    assert.deepEqual(Object.keys(result.metafile.inputs).filter((input) => POLYFILL.test(input)), [], 'no polyfill is bundled');
    // The server runs in a web worker, which has no DOM.
    if (options.format === 'iife') assert.doesNotMatch(code, /\bdocument\.createElement\b/, 'the worker touches no DOM');
    const external = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((imported) => imported.path));
    assert.deepEqual([...new Set(external)], options.external ?? [], 'only `vscode` is left to the host');
  });
});
