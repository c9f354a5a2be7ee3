/**
 * The folders are the architecture (ARCHITECTURE.md): each layer imports only
 * the layers below it, nothing closes a cycle, the core reads no files, and
 * the client never parses Markdown. A wrong import fails here, naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { importCycles, importGraph, importsOf } from '../support/importGraph';

const root = path.join(import.meta.dirname, '..', '..');
const graph = importGraph(root, ['server/src', 'client/src']);

/** Each layer, by path prefix (the longest prefix wins), and the layers its files may import. */
const LAYERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['server/src/okr/model/', []],
  ['server/src/okr/parse/', ['server/src/okr/model/']],
  ['server/src/okr/check/', ['server/src/okr/model/', 'server/src/okr/parse/']],
  ['server/src/okr/project/', ['server/src/okr/model/', 'server/src/okr/check/']],
  ['server/src/okr/history/', ['server/src/okr/model/', 'server/src/okr/parse/']],
  ['server/src/okr/write/', ['server/src/okr/model/', 'server/src/okr/parse/', 'server/src/okr/check/']],
  ['server/src/okr/format/', ['server/src/okr/model/', 'server/src/okr/parse/']],
  ['server/src/node/', ['server/src/okr/']],
  ['server/src/node/historyCache.ts', ['server/src/okr/', 'package.json']],
  ['server/src/workerPool.ts', []],
  ['server/src/protocol.ts', ['server/src/okr/model/', 'server/src/okr/history/series.ts']],
  ['server/src/lsp/convert/', ['server/src/okr/model/', 'server/src/okr/check/types.ts']],
  ['server/src/lsp/session/', ['server/src/okr/', 'server/src/protocol.ts', 'server/src/lsp/convert/']],
  ['server/src/lsp/features/', ['server/src/okr/', 'server/src/protocol.ts', 'server/src/lsp/convert/', 'server/src/lsp/session/']],
  ['server/src/browser/', ['server/src/okr/', 'server/src/protocol.ts', 'server/src/lsp/session/']],
  ['server/src/diskPlanReader.ts', ['server/src/okr/', 'server/src/node/', 'server/src/workerPool.ts', 'server/src/lsp/session/']],
  ['server/src/server.ts', ['server/src/okr/', 'server/src/protocol.ts', 'server/src/lsp/']],
  ['server/src/nodeServer.ts', ['server/src/server.ts', 'server/src/node/', 'server/src/diskPlanReader.ts', 'server/src/workerPool.ts', 'server/src/lsp/session/']],
  ['server/src/browserServer.ts', ['server/src/server.ts', 'server/src/browser/', 'server/src/lsp/session/']],
  ['server/src/cli/', ['server/src/okr/']],
  ['server/src/cli.ts', ['server/src/okr/', 'server/src/node/', 'server/src/workerPool.ts', 'server/src/cli/', 'package.json']],
  ['client/src/', ['server/src/protocol.ts', 'server/src/okr/model/', 'server/src/okr/check/rules/index.ts', 'server/src/okr/history/lastCheckIn.ts']],
];

function layerOf(file: string): readonly [string, readonly string[]] | undefined {
  return LAYERS.filter(([prefix]) => file.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
}

test('every file belongs to a layer and imports only its own layer and the ones it may use', () => {
  const broken: string[] = [];
  for (const [file, targets] of graph) {
    const layer = layerOf(file);
    if (!layer) {
      broken.push(`${file}: in no layer of ARCHITECTURE.md`);
      continue;
    }
    const [own, allowed] = layer;
    for (const target of targets) {
      const ownFolder = own.endsWith('/') ? own : null;
      if (ownFolder && target.startsWith(ownFolder)) continue;
      if (!allowed.some((prefix) => target.startsWith(prefix))) broken.push(`${file} imports ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('no import closes a cycle', () => {
  assert.deepEqual(importCycles(graph), []);
});

test('the core reads no files, starts no threads and runs no programs', () => {
  const io = /^(?:node:)?(?:fs|fs\/promises|child_process|worker_threads|net|http|https)$|^tinyglobby$/;
  const offending = [...graph.keys()]
    .filter((file) => file.startsWith('server/src/okr/'))
    .flatMap((file) => importsOf(path.join(root, file)).filter((specifier) => io.test(specifier)).map((specifier) => `${file} imports ${specifier}`));
  assert.deepEqual(offending, []);
});

test('the client never parses Markdown: the parser is nowhere in the code it bundles', () => {
  const runtime = importGraph(root, ['server/src', 'client/src'], { runtimeOnly: true });
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const target of runtime.get(file) ?? []) visit(target);
  };
  for (const file of graph.keys()) if (file.startsWith('client/src/')) visit(file);
  assert.deepEqual([...reached].filter((file) => file.startsWith('server/src/okr/parse/parser') || file.startsWith('server/src/okr/parse/markdown')), []);
});
