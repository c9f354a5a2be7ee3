/**
 * `okr summary`: one row per plan with how far it has got, as a Markdown
 * table for a CI job's summary page or as JSON for scripts.
 */
import { allObjectives, type Plan } from '../okr/model/plan';

/** Every value `okr summary --format` takes. */
export const SUMMARY_FORMATS = ['markdown', 'json'] as const;

export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** One plan's counts. */
export interface SummaryRow {
  file: string;
  title: string | null;
  period: string | null;
  /** Every objective, nested ones and those serving a key result included. */
  objectives: number;
  keyResults: number;
  /** Key results with a progress note (`=> …`). */
  filled: number;
  tasksDone: number;
  tasks: number;
}

/** True when `value` names a summary format. */
export function isSummaryFormat(value: string): value is SummaryFormat {
  return (SUMMARY_FORMATS as readonly string[]).includes(value);
}

/** The counts of one plan. */
export function summaryRow(file: string, plan: Plan): SummaryRow {
  const objectives = [...allObjectives(plan.objectives)];
  const keyResults = objectives.flatMap((objective) => objective.keyResults);
  return {
    file,
    title: plan.title,
    period: plan.period,
    objectives: objectives.length,
    keyResults: keyResults.length,
    filled: keyResults.filter((keyResult) => keyResult.progress !== null).length,
    tasksDone: plan.tasks.filter((task) => task.status === 'done').length,
    tasks: plan.tasks.length,
  };
}

/** The rows in a format, ending with a newline. */
export function formatSummary(rows: readonly SummaryRow[], format: SummaryFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const header = ['File', 'Title', 'Period', 'Objectives', 'Key results', 'Filled', 'Tasks done'];
  const lines = [tableRow(header), `|${header.map((_, index) => (index < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) {
    lines.push(tableRow([row.file, row.title ?? '', row.period ?? '', `${row.objectives}`, `${row.keyResults}`, `${row.filled}`, `${row.tasksDone}/${row.tasks}`]));
  }
  const plans = `${rows.length} plan${rows.length === 1 ? '' : 's'}`;
  return `${lines.join('\n')}\n\n${plans}.\n`;
}

/** A Markdown table row; a `|` in a cell is escaped and line breaks become spaces, so the cell stays one cell. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ')).join(' | ')} |`;
}
