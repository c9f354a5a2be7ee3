/**
 * Browser side of the progress page. It receives the page's data by
 * postMessage and builds the DOM with textContent only: no string from a plan
 * is ever parsed as HTML, so a plan cannot inject markup or script.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { STATUSES, type Status } from '../../../server/src/okr/model/plan';
import type { LineProblem, PlanOverview, ProgressModel } from '../views/progressModel';
import { formatScore } from '../../../server/src/okr/model/scoring';
import { drawHistoryCharts } from './historyCharts';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

/** A huge plan lists only this many problems, so the page stays quick. */
const LIST_LIMIT = 200;

const STATUS_LABELS: Record<Status, string> = {
  done: 'Done',
  'in-progress': 'In progress',
  'not-started': 'Not started',
  blocked: 'Blocked',
  dropped: 'Dropped',
  unknown: 'No status',
};

/** Creates an element whose content is plain text. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** A link-styled button that asks the extension to reveal a line. */
function revealButton(label: string, uri: string, line: number): HTMLButtonElement {
  const button = el('button', label, 'reveal');
  button.type = 'button';
  button.title = `Go to line ${line}`;
  button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', uri, line }));
  return button;
}

/** Starts the weekly check-in of the plan in the editor. */
function checkInButton(uri: string): HTMLElement {
  const button = document.createElement('vscode-button');
  button.id = 'check-in';
  button.textContent = 'Check in';
  button.title = 'Update the key results\' progress and the tasks\' statuses';
  button.addEventListener('click', () => vscode.postMessage({ type: 'checkIn', uri }));
  return button;
}

function section(id: string, heading: string, count: number | null, ...content: Node[]): HTMLElement {
  const collapsible = document.createElement('vscode-collapsible');
  collapsible.id = id;
  collapsible.heading = heading;
  collapsible.open = true;
  if (count !== null) {
    const badge = document.createElement('vscode-badge');
    badge.slot = 'decorations';
    badge.textContent = String(count);
    collapsible.append(badge);
  }
  const body = el('div', undefined, 'section-body');
  body.append(...content);
  collapsible.append(body);
  return collapsible;
}

function table(headers: string[], rows: Node[][]): HTMLTableElement {
  const result = el('table');
  const head = result.createTHead().insertRow();
  for (const header of headers) head.append(el('th', header));
  const body = result.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    for (const cell of cells) row.insertCell().append(cell);
  }
  return result;
}

function tasksSection(model: ProgressModel): HTMLElement {
  const { tasks } = model;
  const summary = el('p', `${tasks.done} of ${tasks.total} tasks done (${tasks.percentDone}%)`, 'summary');
  summary.id = 'tasks-summary';
  const bar = el('div', undefined, 'status-bar');
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', STATUSES.map((status) => `${STATUS_LABELS[status]} ${tasks.byStatus[status]}`).join(', '));
  const legend = el('ul', undefined, 'legend');
  for (const status of STATUSES) {
    const count = tasks.byStatus[status];
    if (count === 0) continue;
    const segment = el('span', undefined, `segment status-${status}`);
    segment.style.flexGrow = String(count);
    segment.title = `${STATUS_LABELS[status]}: ${count}`;
    bar.append(segment);
    const item = el('li');
    item.append(el('span', undefined, `swatch status-${status}`), el('span', `${STATUS_LABELS[status]}: ${count}`));
    legend.append(item);
  }
  return section('tasks', 'Tasks', tasks.total, summary, bar, legend);
}

function objectivesSection(model: ProgressModel, uri: string): HTMLElement {
  if (model.objectives.length === 0) return section('objectives', 'Objectives', 0, el('p', 'This plan has no objectives yet.', 'empty'));
  const rows = model.objectives.slice(0, LIST_LIMIT).map((objective) => {
    const title = revealButton(objective.title, uri, objective.line);
    title.classList.add('objective-title');
    title.style.marginInlineStart = `${objective.depth * 1.2}em`;
    const toFill = el('span', String(objective.keyResultsToFill), objective.keyResultsToFill > 0 ? 'warn' : undefined);
    const score = objective.score === null ? el('span', '—') : el('span', formatScore(objective.score), `score band-${objective.band ?? 'none'}`);
    if (objective.band) score.title = `${objective.band} band`;
    return [title, el('span', objective.owner ?? '—'), score, el('span', String(objective.keyResults)), toFill, el('span', String(objective.placeholders))];
  });
  const more = model.objectives.length > LIST_LIMIT ? [el('p', `…and ${model.objectives.length - LIST_LIMIT} more objectives.`, 'empty')] : [];
  return section('objectives', 'Objectives', model.objectives.length,
    table(['Objective', 'Owner', 'Score', 'Key results', 'KRs to fill', 'Placeholders'], rows), ...more);
}

function problemList(id: string, heading: string, problems: LineProblem[], uri: string, empty: string): HTMLElement {
  if (problems.length === 0) return section(id, heading, 0, el('p', empty, 'empty'));
  const list = el('ul', undefined, 'problems');
  for (const problem of problems.slice(0, LIST_LIMIT)) {
    const item = el('li');
    item.append(revealButton(`Line ${problem.line}`, uri, problem.line), el('code', problem.text || '(empty)'), el('span', problem.message, 'message'));
    list.append(item);
  }
  const more = problems.length > LIST_LIMIT ? [el('p', `…and ${problems.length - LIST_LIMIT} more; the Problems panel lists them all.`, 'empty')] : [];
  return section(id, heading, problems.length, list, ...more);
}

function workspaceSection(model: ProgressModel): HTMLElement {
  const rows = model.workspace.map((plan) => {
    const title = revealButton(plan.title, plan.uri, 1);
    if (plan.uri === model.plan?.uri) title.classList.add('current');
    return [title, el('span', plan.period ?? '—'), el('span', String(plan.objectives)), el('span', String(plan.keyResults)), tasksDone(plan)];
  });
  return section('workspace', 'Workspace', model.workspace.length,
    table(['Plan', 'Period', 'Objectives', 'Key results', 'Tasks done'], rows));
}

/** A plan's tasks done as a meter and `3/8`; a plan without tasks (a company tree) has none to count. */
function tasksDone(plan: PlanOverview): HTMLElement {
  if (plan.tasks === 0) return el('span', '—');
  const meter = el('span', undefined, 'meter');
  const fill = el('span', undefined, 'meter-fill');
  fill.style.width = `${Math.round((plan.done / plan.tasks) * 100)}%`;
  meter.append(fill);
  const done = el('span');
  done.append(meter, el('span', `${plan.done}/${plan.tasks}`));
  return done;
}

/** The charts on the page, destroyed before they are drawn again. */
let charts: Array<{ destroy(): void }> = [];
let current: ProgressModel | undefined;

/** A link-styled button that asks the extension to show what a check-in changed in the plan. */
function commitButton(label: string, commit: string): HTMLButtonElement {
  const button = el('button', label, 'reveal check-in-link');
  button.type = 'button';
  button.title = `Show what commit ${label} changed in the plan`;
  button.addEventListener('click', () => vscode.postMessage({ type: 'openCheckIn', commit }));
  return button;
}

/** Progress over time and the latest check-ins; the charts are drawn once the section is in the page. */
function historySection(model: ProgressModel): { element: HTMLElement; charts: HTMLElement | null } {
  const { history } = model;
  if (history.loading) return { element: section('history', 'Check-ins', null, el('p', 'Reading the plan\'s history…', 'empty')), charts: null };
  if (history.unavailable !== null) {
    const note = el('p', history.unavailable, 'empty');
    note.id = 'history-unavailable';
    return { element: section('history', 'Check-ins', null, note), charts: null };
  }
  if (history.checkIns.length === 0) return { element: section('history', 'Check-ins', 0, el('p', 'No check-ins yet: commit the plan to start its history.', 'empty')), charts: null };
  const parts: Node[] = [];
  if (history.last) {
    const last = el('p', history.last, 'summary');
    last.id = 'last-check-in';
    parts.push(last);
  }
  const charts = el('div', undefined, 'charts');
  parts.push(charts);
  const rows = history.checkIns.map((checkIn) => [el('span', checkIn.day), commitButton(checkIn.shortCommit, checkIn.commit), el('span', checkIn.author, 'author'), el('span', checkIn.summary)]);
  const list = table(['Date', 'Commit', 'Author', 'What moved'], rows);
  list.id = 'check-ins';
  parts.push(list);
  if (history.more > 0) parts.push(el('p', `…and ${history.more} older check-ins; \`okr history\` lists them all.`, 'empty'));
  if (history.shallow) parts.push(el('p', 'This clone is shallow: older check-ins are not in it.', 'empty'));
  return { element: section('history', 'Check-ins', history.checkIns.length + history.more, ...parts), charts };
}

function redrawCharts(host: HTMLElement | null): void {
  for (const chart of charts) chart.destroy();
  charts = [];
  if (!host || !current || host.clientWidth === 0) return;
  host.replaceChildren();
  charts = drawHistoryCharts(host, current.history);
}

/** Watches the charts' box: they are drawn once it is laid out, and again when its width changes. */
let chartsBox: ResizeObserver | undefined;
function watchCharts(host: HTMLElement | null): void {
  chartsBox?.disconnect();
  if (!host) return redrawCharts(null);
  let drawnWidth = 0;
  chartsBox = new ResizeObserver(() => {
    if (host.clientWidth === drawnWidth) return;
    drawnWidth = host.clientWidth;
    redrawCharts(host);
  });
  chartsBox.observe(host);
}

function render(model: ProgressModel): void {
  current = model;
  const header = el('header');
  if (model.plan) {
    const title = el('h1', model.plan.title);
    title.id = 'plan-title';
    header.append(title);
    if (model.plan.period) header.append(el('span', model.plan.period, 'period'));
    header.append(checkInButton(model.plan.uri));
  } else {
    header.append(el('h1', 'No plan open'), el('p', 'Open a plan to see its progress.', 'empty'));
  }
  const parts: Node[] = [header];
  if (model.plan) {
    const uri = model.plan.uri;
    // A plan without tasks (a company tree) has no task bar: its objectives' scores say how it goes.
    if (model.tasks.total > 0) parts.push(tasksSection(model));
    const history = historySection(model);
    parts.push(
      history.element,
      objectivesSection(model, uri),
      problemList('placeholders', 'To fill', model.placeholders, uri, 'Nothing left to fill in.'),
      problemList('unknown-teammates', 'Unknown teammates', model.unknownTeammates, uri, 'Everyone named is in the roster.'),
    );
  }
  parts.push(workspaceSection(model));
  app.replaceChildren(...parts);
  watchCharts(app.querySelector<HTMLElement>('.charts'));
}

// The charts follow the colour theme, which VS Code changes on the body's class and the root's style.
let restyling: ReturnType<typeof setTimeout> | undefined;
const redrawSoon = (): void => {
  clearTimeout(restyling);
  restyling = setTimeout(() => redrawCharts(app.querySelector<HTMLElement>('.charts')), 50);
};
new MutationObserver(redrawSoon).observe(document.body, { attributes: true, attributeFilter: ['class'] });
new MutationObserver(redrawSoon).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { type?: unknown; model?: ProgressModel } | null;
  if (data?.type === 'update' && data.model) render(data.model);
});

vscode.postMessage({ type: 'ready' });
