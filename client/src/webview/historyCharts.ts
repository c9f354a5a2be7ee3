/**
 * The progress page's charts over the check-ins: tasks done against all
 * tasks (a burn-up), and each objective's score. Drawn with uPlot on a
 * canvas: it evaluates no code and sets styles only through the DOM, so it
 * runs under the page's CSP, and its labels are set as text. Colours come
 * from VS Code's chart colours, read again whenever the theme changes.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatScore } from '../../../server/src/okr/model/scoring';
import type { HistoryView } from '../views/progressModel';

/** At most this many objectives get a line: more would be unreadable. */
export const CHART_OBJECTIVES = 8;

const SERIES_COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-red'];
const DAY = 86_400;

/** A CSS variable's value on the page, or `fallback`. */
function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** `#rgb`/`#rrggbb` (as VS Code's chart colours are) with an alpha; other forms are left opaque. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

interface Theme {
  foreground: string;
  grid: string;
  font: string;
  colors: string[];
}

function theme(): Theme {
  const foreground = cssVariable('--vscode-charts-foreground', cssVariable('--vscode-foreground', '#888888'));
  const family = cssVariable('--vscode-font-family', 'sans-serif');
  return {
    foreground,
    grid: cssVariable('--vscode-charts-lines', withAlpha(foreground, 0.2)),
    font: `12px ${family}`,
    colors: SERIES_COLORS.map((name) => cssVariable(name, foreground)),
  };
}

function axes(look: Theme, yValues?: uPlot.Axis['values']): uPlot.Axis[] {
  const axis = { stroke: look.foreground, font: look.font, grid: { stroke: look.grid, width: 1 }, ticks: { stroke: look.grid, width: 1 } };
  return [{ ...axis }, { ...axis, values: yValues, size: 44 }];
}

/**
 * The x range: the check-ins' dates, a day either side so a single check-in
 * still has a width. Taken from the data, since for a single point uPlot
 * widens the range it passes by a thousand days of seconds.
 */
function timeRange(chart: uPlot, min: number, max: number): uPlot.Range.MinMax {
  const dates = chart.data[0];
  return dates.length > 0 ? [dates[0] - DAY, dates[dates.length - 1] + DAY] : [min - DAY, max + DAY];
}

function seconds(date: string): number {
  return Math.floor(new Date(date).getTime() / 1000);
}

/** One chart in a figure with its caption, described in words for screen readers. */
function figure(id: string, caption: string, description: string): { figure: HTMLElement; plot: HTMLElement } {
  const element = document.createElement('figure');
  element.id = id;
  element.className = 'chart';
  const plot = document.createElement('div');
  plot.className = 'chart-plot';
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', description);
  const label = document.createElement('figcaption');
  label.textContent = caption;
  element.append(label, plot);
  return { figure: element, plot };
}

/** Draws the charts of a history into `host`, sized to its width; returns the charts so they can be destroyed. */
export function drawHistoryCharts(host: HTMLElement, history: HistoryView): uPlot[] {
  const { points, objectives } = history.series;
  if (points.length === 0) return [];
  const look = theme();
  const width = Math.max(240, Math.min(host.clientWidth, 960));
  const height = 200;
  const x = points.map((point) => seconds(point.date));
  const charts: uPlot[] = [];
  const first = points[0];
  const last = points[points.length - 1];

  const burnUp = figure(
    'burnup-chart',
    'Tasks done over time',
    `Tasks done over ${points.length} check-ins: ${first.tasksDone} of ${first.tasks} at the first, ${last.tasksDone} of ${last.tasks} at the last.`,
  );
  host.append(burnUp.figure);
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  charts.push(
    new uPlot(
      {
        width,
        height,
        scales: { x: { time: true, range: timeRange }, y: { range: (_chart, _min, max) => [0, Math.max(1, max)] } },
        axes: axes(look, (_chart, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? String(tick) : ''))),
        series: [
          {},
          { label: 'Done', stroke: look.colors[3], fill: withAlpha(look.colors[3], 0.25), width: 2, paths: stepped, points: { show: true, size: 6 } },
          { label: 'All tasks', stroke: look.foreground, width: 1, dash: [6, 4], paths: stepped, points: { show: false } },
        ],
        legend: { live: false },
      },
      [x, points.map((point) => point.tasksDone), points.map((point) => point.tasks)],
      burnUp.plot,
    ),
  );

  const charted = objectives.map((objective, index) => ({ objective, index })).filter(({ objective }) => objective.depth === 0).slice(0, CHART_OBJECTIVES);
  if (charted.length === 0) return charts;
  const scores = figure(
    'objectives-chart',
    objectives.filter((objective) => objective.depth === 0).length > CHART_OBJECTIVES ? `Objectives' scores over time (the first ${CHART_OBJECTIVES})` : "Objectives' scores over time",
    charted
      .map(({ objective, index }) => {
        const latest = last.scores[index];
        return `${objective.title}: ${latest === null ? 'no score' : formatScore(latest)} at the last check-in`;
      })
      .join('; '),
  );
  host.append(scores.figure);
  charts.push(
    new uPlot(
      {
        width,
        height: height + 20,
        scales: { x: { time: true, range: timeRange }, y: { range: [0, 1] } },
        axes: axes(look, (_chart, ticks) => ticks.map((tick) => formatScore(tick))),
        series: [
          {},
          ...charted.map(({ objective }, at) => ({
            label: objective.owner ? `${objective.owner}: ${objective.title}` : objective.title,
            stroke: look.colors[at % look.colors.length],
            width: 2,
            dash: at >= look.colors.length ? [4, 3] : undefined,
            points: { show: true, size: 6 },
            value: (_chart: uPlot, value: number | null) => (value === null ? '—' : formatScore(value)),
          })),
        ],
        legend: { live: false },
      },
      [x, ...charted.map(({ index }) => points.map((point) => point.scores[index]))],
      scores.plot,
    ),
  );
  return charts;
}
