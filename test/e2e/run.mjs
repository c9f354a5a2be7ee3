// End-to-end tests in a real VS Code: packages the extension, installs the
// .vsix into code-server (VS Code's own server and workbench), opens a copy of
// examples/ in Debian's Chromium through playwright-core, and runs suites both
// inside the extension host (test/e2e/runner) and on screen. Screenshots land
// in test-artifacts/. Every wait is on a selector, a file or an event.
//
// With --web (or OKR_E2E_WEB=1) it tests the web extension instead: the same
// .vsix with `main` removed from its package.json, which code-server can run
// only in the browser's web-worker extension host, as vscode.dev would. The
// runner stays in the Node host and drives it through the `vscode` API.
// Screenshots then land in test-artifacts/web/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureCodeServer, installExtension, makeProfile, startCodeServer, withSetupErrors } from '../../scripts/vscode-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = process.argv.includes('--web') || process.env.OKR_E2E_WEB === '1';
const artifacts = join(root, 'test-artifacts', ...(web ? ['web'] : []));
const STARTUP_MS = 90_000;
const STEP_MS = 60_000;
const started = Date.now();
const results = [];

mkdirSync(artifacts, { recursive: true });

function log(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

/** Polls `check` on a short tick until it returns something truthy. */
async function until(what, check, timeout = STEP_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 150));
  }
}

/** Records one test: its name, whether it passed, and how long it took. */
async function test(name, body) {
  if (results.some((result) => result.fatal)) {
    results.push({ name, passed: false, milliseconds: 0, error: 'not run: VS Code did not start' });
    return log(`✘ ${name} (not run)`);
  }
  const begun = Date.now();
  try {
    const details = await body();
    results.push({ name, passed: true, milliseconds: Date.now() - begun });
    log(`✔ ${name}${details ? ` ${JSON.stringify(details)}` : ''}`);
  } catch (error) {
    results.push({ name, passed: false, milliseconds: Date.now() - begun, error: String(error?.stack ?? error) });
    log(`✘ ${name}\n${error?.stack ?? error}`);
  }
}

// 1. The packaged extension, exactly as users install it.
if (!process.env.OKR_E2E_SKIP_PACKAGE) {
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) throw new Error('npm run package failed');
}
await withSetupErrors(() => ensureCodeServer({ log }));
const profile = makeProfile();
log(`profile ${profile.root}`);
installExtension(profile, web ? webOnlyPackage(join(root, 'okr-plans.vsix'), profile.root) : join(root, 'okr-plans.vsix'));

/** A copy of the .vsix whose package.json names no `main`: VS Code can then run it only as a web extension. */
function webOnlyPackage(vsix, folder) {
  const copy = join(folder, 'okr-plans-web.vsix');
  cpSync(vsix, copy);
  const staging = join(folder, 'web-package');
  mkdirSync(join(staging, 'extension'), { recursive: true });
  const manifest = JSON.parse(spawnSync('unzip', ['-p', copy, 'extension/package.json'], { encoding: 'utf8' }).stdout);
  if (!manifest.browser) throw new Error('the package names no `browser` entry');
  delete manifest.main;
  writeFileSync(join(staging, 'extension', 'package.json'), JSON.stringify(manifest, null, 2));
  const zipped = spawnSync('zip', ['-q', copy, 'extension/package.json'], { cwd: staging, stdio: 'inherit' });
  if (zipped.status !== 0) throw new Error('rewriting package.json in the .vsix failed (is `zip` installed?)');
  return copy;
}

// 2. The runner extension, bundled and packaged the same way.
const runnerDir = join(profile.root, 'runner');
mkdirSync(runnerDir, { recursive: true });
writeFileSync(join(runnerDir, 'package.json'), JSON.stringify({
  name: 'okr-e2e-runner', publisher: 'okr-tools', version: '0.0.1', license: 'MIT', engines: { vscode: '^1.91.0' },
  main: './extension.js', activationEvents: ['onStartupFinished'], files: ['extension.js', 'README.md'],
}));
writeFileSync(join(runnerDir, 'README.md'), 'Runs the OKR Plans end-to-end suites inside the extension host.\n');
await esbuild.build({
  entryPoints: [join(root, 'test/e2e/runner/extension.ts')], outfile: join(runnerDir, 'extension.js'),
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
});
const runnerVsix = join(profile.root, 'okr-e2e-runner.vsix');
const vsce = spawnSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', runnerVsix],
  { cwd: runnerDir, stdio: ['ignore', 'ignore', 'inherit'] });
if (vsce.status !== 0) throw new Error('packaging the runner extension failed');
installExtension(profile, runnerVsix);

// 3. A workspace the tests may change: the examples plus the hostile plan.
const workspace = join(profile.root, 'handbook');
cpSync(join(root, 'examples'), workspace, { recursive: true });
cpSync(join(root, 'test/e2e/fixtures'), workspace, { recursive: true });
// A plan of 10,000 tasks, a quarter of them done and every tenth still unassigned.
const statuses = ['Done', 'In-progress', 'Not started', 'Blocked'];
const rows = Array.from({ length: 10_000 }, (_, i) => `| ${i + 1} | ${statuses[i % 4]} | ${i % 10 === 0 ? 'TBD' : 'Warren'} | Task ${i + 1} |`);
writeFileSync(join(workspace, 'huge-table-OKR-Plan.md'),
  ['# FY98Q1 OKR Plan', '', 'OBJECTIVE: Survive a huge table.', '', '- KR: 100% of rows counted.', '', '| # | Status | Responsible | Project |', '| --- | --- | --- | --- |', ...rows, ''].join('\n'));
const emptyFolder = join(profile.root, 'empty-handbook');
mkdirSync(emptyFolder);

const browser = await chromium.launch({
  executablePath: process.env.OKR_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let server;
let page;
let control;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await server?.stop();
    process.exit(130);
  });
}

/** Starts code-server on a folder, opens it in the browser and waits for the runner extension. */
async function openWorkbench(folder, name) {
  control = join(profile.root, `control-${name}`);
  mkdirSync(control);
  requests = 0;
  server = await startCodeServer({ profile, folder, env: { OKR_E2E_CONTROL: control, ...(web ? { OKR_E2E_WEB: '1' } : {}) } });
  log(`code-server at ${server.url} on ${folder}`);
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  // The web-worker extension host logs to the browser's console, not to files.
  page.on('console', (message) => browserConsole.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => browserConsole.push(`[pageerror] ${error.stack ?? error}`));
  await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`, { timeout: STARTUP_MS });
  await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_MS });
  await until('the runner extension', () => existsSync(join(control, 'ready.json')), STARTUP_MS);
}

async function closeWorkbench() {
  await page?.close().catch(() => {});
  await server?.stop();
  server = undefined;
}

let requests = 0;
const browserConsole = [];
/** Runs a suite inside the extension host and returns what it reported. */
async function inHost(suite, ...args) {
  requests += 1;
  const response = join(control, `response-${requests}.json`);
  writeFileSync(join(control, `request-${requests}.json`), JSON.stringify({ suite, args }));
  await until(`the ${suite} suite in the extension host`, () => existsSync(response), STEP_MS * 2);
  const result = JSON.parse(readFileSync(response, 'utf8'));
  if (!result.passed) throw new Error(`${suite} (in the extension host): ${result.error}`);
  return result.details;
}

/** The frame of the progress webview, found by its root element. */
async function progressFrame(text) {
  return until(`the progress page showing ${text}`, async () => {
    for (const frame of page.frames()) {
      const found = await frame.evaluate((wanted) => {
        const app = document.getElementById('app');
        return !!app && app.textContent.includes(wanted);
      }, text).catch(() => false);
      if (found) return frame;
    }
    return undefined;
  });
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function screenshot(name) {
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

try {
  await test('workbench starts and the extension activates', () => openWorkbench(workspace, 'handbook'));
  if (!results[0].passed) results[0].fatal = true;

  await test('opening a seed lists its placeholders in the Problems panel', async () => {
    const details = await inHost('problems');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    await until('placeholder diagnostics in the Problems panel', async () => {
      const text = await panel.innerText();
      return text.includes('FY22Q4-OKR-Plan.md') && /TBD|TO BE FILLED/i.test(text);
    });
    await screenshot('problems-panel');
    return details;
  });

  await test('completion in a Responsible cell offers roster names', () => inHost('completion'));
  await test('the Outline shows objectives, nested under their parents', async () => {
    const details = await inHost('outline');
    await inHost('command', 'outline.focus');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Kick off long-term projects to massively grow awareness' }).first().waitFor();
    await screenshot('outline');
    return details;
  });
  await test('a quick fix changes exactly what it promises', () => inHost('quickfix'));
  await test('okr.fixAll repairs the plan and touches no other line', () => inHost('fixAll'));
  await test('okr.newPlan creates a plan from the snippet', () => inHost('newPlan'));

  await test('the OKRs tree shows the plan\'s objectives and tasks', async () => {
    await page.locator('.activitybar [aria-label^="OKRs"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    const planRow = sidebar.locator('.monaco-list-row', { hasText: 'FY22Q4 OKR Plan' }).first();
    await planRow.waitFor();
    // Collapse everything, then open one plan and its tasks.
    await sidebar.locator('.action-label[aria-label^="Collapse All"]').first().click();
    await planRow.locator('.monaco-tl-twistie').click();
    await sidebar.locator('.monaco-list-row', { hasText: 'Make providing an effortless customer experience' }).first().waitFor();
    const tasks = sidebar.locator('.monaco-list-row', { hasText: /^Tasks/ }).first();
    await tasks.waitFor();
    await tasks.locator('.monaco-tl-twistie').click();
    await sidebar.locator('.monaco-list-row', { hasText: 'Healthy habits' }).first().waitFor();
    const rows = await sidebar.locator('.monaco-list-row').allInnerTexts();
    if (!rows.some((row) => row.includes('Case reviews'))) throw new Error(`tasks missing from the tree: ${rows.join(' | ')}`);
    // A task with a status shows its codicon.
    const icon = await sidebar.locator('.monaco-list-row', { hasText: 'Case reviews' }).first().locator('.codicon-play-circle').count();
    if (icon !== 1) throw new Error('the in-progress task shows no in-progress icon');
    await screenshot('okr-tree');
    return { rows: rows.length };
  });

  await test('the tree filter shows only what still holds placeholders', async () => {
    const sidebar = page.locator('.part.sidebar');
    await inHost('command', 'okr.filterTree', 'placeholders');
    await until('done and filled-in tasks to leave the tree', async () => {
      const rows = await sidebar.locator('.monaco-list-row').allInnerTexts();
      return !rows.some((row) => row.includes('Case reviews')) && rows.some((row) => row.includes('TBD'));
    });
    await inHost('command', 'okr.clearFilter');
    await sidebar.locator('.monaco-list-row', { hasText: 'Case reviews' }).first().waitFor();
  });

  await test('okr.showProgress opens a webview with the right counts', async () => {
    await inHost('showProgress', 'handbook/support/FY22Q3-OKR-Plan.md');
    const frame = await progressFrame('5 of 11 tasks done (45%)');
    const text = await frame.evaluate(() => document.getElementById('app').innerText);
    for (const expected of ['Done: 5', 'Dropped: 6', '"X" is a placeholder value', 'TBD', 'FY22Q4 OKR Plan']) {
      if (!text.includes(expected)) throw new Error(`the progress page lacks "${expected}":\n${text}`);
    }
    const sections = await frame.evaluate(() => ['objectives', 'placeholders', 'unknown-teammates', 'workspace'].filter((id) => !document.getElementById(id)));
    if (sections.length > 0) throw new Error(`the progress page lacks sections: ${sections.join(', ')}`);
    const statusBar = await page.locator('.statusbar-item', { hasText: 'OKR 5/11 done' }).first().innerText();
    await screenshot('progress-webview');
    return { statusBar: statusBar.trim() };
  });

  await test('the progress page and status bar follow unsaved edits', async () => {
    await inHost('finishFirstTask');
    await progressFrame('6 of 11 tasks done (55%)');
    await page.locator('.statusbar-item', { hasText: 'OKR 6/11 done' }).first().waitFor();
    await inHost('revert');
    await progressFrame('5 of 11 tasks done (45%)');
  });

  await test('the progress page lists teammates missing from the roster', async () => {
    await inHost('showProgress', 'handbook/engineering/2026-Q1-OKR-Plan.md');
    const frame = await progressFrame('1 of 4 tasks done (25%)');
    await until('Priya among the unknown teammates', () =>
      frame.evaluate(() => document.getElementById('unknown-teammates')?.textContent?.includes('Priya')));
    await inHost('showProgress', 'handbook/support/FY22Q3-OKR-Plan.md');
  });

  await test('a placeholder on the progress page reveals its line', async () => {
    const frame = await progressFrame('5 of 11 tasks done (45%)');
    const button = frame.locator('#placeholders button.reveal').last();
    const label = await button.innerText();
    const line = Number(label.replace(/\D/g, ''));
    const before = await inHost('activeSelection');
    if (before.line === line) throw new Error(`the cursor is already on line ${line}`);
    await button.click();
    const selection = await until(`the cursor on line ${line}`, async () => {
      const active = await inHost('activeSelection');
      return active.line === line ? active : undefined;
    });
    return selection;
  });

  await test('the progress page follows the colour theme', async () => {
    const frame = await progressFrame('5 of 11 tasks done (45%)');
    const background = () => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await inHost('theme', 'Default High Contrast');
    const contrast = await until('the high-contrast background', async () => {
      const now = await background();
      return now !== light ? now : undefined;
    });
    if (contrast !== 'rgb(0, 0, 0)') throw new Error(`high contrast should be black, not ${contrast}`);
    await screenshot('progress-webview-high-contrast');
    await inHost('theme');
    await until('the default theme again', async () => (await background()) === light);
    return { light, contrast };
  });

  await test('a plan full of payloads shows its text literally and runs nothing', async () => {
    await inHost('showProgress', 'xss-OKR-Plan.md');
    const frame = await progressFrame('<img src=x onerror=alert(1)>');
    const report = await frame.evaluate(() => ({
      text: document.getElementById('app').textContent,
      foreign: [...document.querySelectorAll('#app img, #app script, #app svg, #app iframe, #app style, #app a, #app b, #app [onerror], #app [onload]')].map((node) => node.outerHTML),
      marker: document.body.dataset.pwned ?? null,
      title: document.title,
    }));
    if (report.marker !== null) throw new Error(`a payload ran in the webview: pwned=${report.marker}`);
    if (report.foreign.length > 0) throw new Error(`markup from the plan reached the page: ${report.foreign.join(' ')}`);
    const literals = ['<img src=x onerror=alert(1)>', '</script><script>', '</style><style>', "${document.body.dataset.pwned='template'}",
      '{{constructor.constructor(', 'javascript: link', '<svg onload=', `<img src=x onerror="document.body.dataset.pwned='objective'">`];
    for (const literal of literals) {
      if (!report.text.includes(literal)) throw new Error(`"${literal}" is not shown literally:\n${report.text}`);
    }
    await screenshot('xss-webview');
    return { title: report.title };
  });

  await test('a plan of 10,000 tasks gets a complete, quick progress page', async () => {
    await inHost('showProgress', 'huge-table-OKR-Plan.md');
    const frame = await progressFrame('2500 of 10000 tasks done (25%)');
    const listed = await frame.evaluate(() => document.querySelectorAll('#placeholders li').length);
    if (listed > 200) throw new Error(`the page lists ${listed} placeholders; it should stop at 200`);
    await screenshot('huge-plan-webview');
    return { listed };
  });

  await test('typing in a plan of 10,000 lines never waits, and its diagnostics follow', async () => {
    const figures = await inHost('editLatency');
    writeFileSync(join(artifacts, 'edit-latency.json'), JSON.stringify({ host: web ? 'web worker' : 'node', ...figures }, null, 2));
    return figures;
  });

  if (web) {
    await test('the extension runs in the web-worker host: no Node language server runs', () => inHost('noNodeServer'));
  } else await test('a killed server restarts once, with one notification, and unsaved text intact', async () => {
    const details = await inHost('crash');
    await runCommand('Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor();
    const about = (texts) => texts.filter((text) => /OKR/i.test(text) && /server|restart|crash/i.test(text));
    const messages = await until('a notification about the restart', async () => {
      const found = about(await center.locator('.notification-list-item').allInnerTexts());
      return found.length > 0 ? found : undefined;
    });
    await screenshot('crash-notification');
    if (messages.length !== 1) throw new Error(`expected one notification, got ${messages.length}: ${messages.join(' | ')}`);
    return { ...details, notification: messages[0].replace(/\s+/g, ' ').slice(0, 160) };
  });
  await closeWorkbench();

  await test('an empty workspace offers New plan, which creates and lists a plan', async () => {
    await openWorkbench(emptyFolder, 'empty');
    await page.locator('.activitybar [aria-label^="OKRs"]').first().click();
    const welcome = page.locator('.part.sidebar .welcome-view-content', { hasText: 'No OKR plans' });
    await welcome.waitFor();
    await screenshot('welcome-view');
    await welcome.locator('.monaco-button', { hasText: 'New plan' }).click();
    const today = new Date();
    const period = `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`;
    // The period picker offers this quarter first, then the kind picker offers a team plan first.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: period }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Team plan' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines', { hasText: `${period} OKR Plan` }).first().waitFor();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: `${period} OKR Plan` }).first().waitFor();
    await screenshot('new-plan');
    return { period };
  });
} finally {
  await closeWorkbench();
  await browser.close().catch(() => {});
  // The editor's own logs (extension host, language server) explain a failure best.
  if (results.some((result) => !result.passed)) {
    cpSync(join(profile.userData, 'logs'), join(artifacts, 'logs'), { recursive: true });
    writeFileSync(join(artifacts, 'logs', 'browser-console.log'), browserConsole.join('\n'));
  }
  if (!process.env.OKR_E2E_KEEP) rmSync(profile.root, { recursive: true, force: true });
}

const passed = results.filter((result) => result.passed).length;
const failed = results.length - passed;
writeFileSync(join(artifacts, 'e2e-results.json'), JSON.stringify({ seconds: (Date.now() - started) / 1000, results }, null, 2));
log(`end-to-end run took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
