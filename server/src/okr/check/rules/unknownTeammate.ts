/** Flags a teammate name that the roster does not know, offering the closest names. */
import type { Finding, PlanRule } from '../types';
import { perItem } from './perItem';
import type { Roster } from '../../model/roster';
import type { Task, TaskDetails, TextSpan } from '../../model/plan';
import { peopleFieldValues, splitNameSpans } from '../../parse/patterns';
import { isPlaceholderText, replaceFix, spanFinding } from './text';
import { rememberAnswers } from '../../model/remember';

/** Words that make a phrase a group, not a person: "All CSEs", "CS leadership", "Platform team". */
const GROUP_WORDS = new Set([
  'all', 'everyone', 'everybody', 'team', 'teams', 'leadership', 'leads', 'staff', 'folks', 'members', 'group', 'groups',
  'committee', 'squad', 'crew', 'department', 'org', 'management', 'managers', 'people', 'others', 'tbd', 'none', 'nobody',
]);

/**
 * True when a name stands for a group rather than one person: a configured group, a
 * phrase with a group word, a plural (`Application engineers`, `CSEs`), an all-caps
 * team or role (`CS`, `CEO`), or a "not applicable" note (`n/a -- all CS`).
 */
function isGroupName(name: string, roster: Roster): boolean {
  if (roster.isGroup(name)) return true;
  if (/--|—|–/.test(name)) return true;
  const words = name.split(/\s+/);
  if (words.some((word) => GROUP_WORDS.has(word.toLowerCase()))) return true;
  const last = words[words.length - 1];
  return /^[A-Z]{2,}s?$/.test(last) || /^[a-z]{3,}s$/.test(last);
}

/** The names in a cell or field that the roster does not know, with their offsets, remembered per roster: cells rarely change. */
function unknownNames(text: string, roster: Roster): ReadonlyArray<{ name: string; offset: number }> {
  let find = unknownNamesByRoster.get(roster);
  if (!find) unknownNamesByRoster.set(roster, (find = rememberAnswers((cell) => findUnknownNames(cell, roster))));
  return find(text);
}
const unknownNamesByRoster = new WeakMap<Roster, (text: string) => ReadonlyArray<{ name: string; offset: number }>>();

function findUnknownNames(text: string, roster: Roster): Array<{ name: string; offset: number }> {
  // "n/a -- all CS" says nobody in particular; its slash is not a list separator.
  if (/\bn\/a\b/i.test(text)) return [];
  const unknown: Array<{ name: string; offset: number }> = [];
  for (const written of splitNameSpans({ text, line: 1, column: 1, endColumn: text.length + 1 })) {
    // `@handle` and `Name (note)` name the same person as the bare name.
    const name = written.text.replace(/\([^)]*\)/g, '').replace(/^@/, '').trim();
    if (name === '' || isPlaceholderText(name) || roster.isKnown(name) || isGroupName(name, roster)) continue;
    unknown.push({ name, offset: written.column - 1 + written.text.indexOf(name) });
  }
  return unknown;
}

/** Names of people in status tables and details fields that are not in the roster. */
export const unknownTeammate: PlanRule = {
  id: 'unknown-teammate',
  description: 'A name in a Responsible cell or a Workgroup/Facilitator field is not in the team roster.',
  defaultSeverity: 'warning',
  tags: ['people'],
  doc: 'Names in a plan are how people find who owns a task, so a misspelled or departed teammate leaves a task without a real owner. Names are checked against the roster (`data/team.yml` and names from settings) by first name, full name or GitHub handle; the message offers the closest known names and the quick fix swaps one in. Groups are not people: configured groups, phrases such as "All CSEs", "CS leadership" or "n/a -- all CS", plurals and all-caps team names are accepted. Without a roster the rule stays silent.',
  scope: 'plan',
  reads: (plan) => [plan.tasks, plan.details],
  check(doc, context) {
    if (!context.roster || context.roster.isEmpty) return [];
    return [...cellNames(doc.plan.tasks, doc, context), ...fieldNames(doc.plan.details, doc, context)];
  },
};

/** Unknown names in a task's Responsible cell. */
const cellNames = perItem((task: Task, _doc, context): Finding[] => (task.cells.responsible && context.roster ? nameFindings(task.cells.responsible, context.roster) : []));

/** Unknown names in a task-details section's people fields (Workgroup, Facilitator…). */
const fieldNames = perItem((details: TaskDetails, _doc, context): Finding[] => {
  const roster = context.roster;
  if (!roster) return [];
  return peopleFieldValues(details).flatMap((value) => nameFindings(value, roster));
});

/** A finding, with the closest known names as fixes, for each unknown name in a span. */
function nameFindings(span: TextSpan, roster: Roster): Finding[] {
  return unknownNames(span.text, roster).map(({ name, offset }) => {
    const column = span.column + offset;
    const suggestions = roster.closest(name, 3);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
    return spanFinding(
      span.line,
      column,
      name.length,
      `"${name}" is not in the team roster.${hint}`,
      suggestions.map((suggestion) => replaceFix(`Replace with ${suggestion}`, span.line, column, column + name.length, suggestion, false)),
    );
  });
}
