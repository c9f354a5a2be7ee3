/**
 * Renaming a teammate everywhere: on a name in a Responsible cell, a
 * Workgroup/Facilitator field or an owner, or on a `name:`/`github:` value of
 * the roster, every place in the workspace's plans that names the same person
 * in the same form is renamed, and so is their roster entry. Only whole names
 * where the model reads people change, never a word that contains one.
 */
import { ResponseError, ErrorCodes, RenameRequest, type Connection, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { parseRosterYaml, Roster, type Teammate } from '../../okr/model/roster';
import type { TextSpan } from '../../okr/model/plan';
import { splitLines } from '../../okr/parse/markdown';
import { bareSpan, nameForm, newNameProblem, newWrittenName, renamedNames, rosterEntryEdits, rosterFieldAt, type NameForm } from '../../okr/model/teammateRename';
import type { PlanDocuments } from '../session/documents';
import { guard } from '../session/guard';
import { readPlanText } from '../session/planFiles';
import type { IndexedPlan } from '../session/workspaceIndex';
import { modelRange, spanRange, type Lines } from '../convert/positions';
import { nameAt, nameOccurrences } from './teammates';

/** The person a rename starts from, how the place writes them, and where the name is. */
export interface RenameTarget {
  person: Teammate;
  form: NameForm;
  /** The bare name's span (without `@` or a trailing note). */
  span: TextSpan;
}

/** The teammate under a cursor in a plan, or null where no known person is named. */
export function renameTargetInPlan(plan: IndexedPlan['plan'], lines: Lines, roster: Roster, position: Position): RenameTarget | null {
  const written = nameAt(plan, lines, position);
  if (!written) return null;
  const span = bareSpan(written);
  const person = roster.find(span.text);
  const form = person ? nameForm(person, span.text) : null;
  return person && form ? { person, form, span } : null;
}

/** The teammate whose roster `name:` or `github:` value is under a cursor, or null. */
export function renameTargetInRoster(lines: Lines, file: string, position: Position): RenameTarget | null {
  const field = rosterFieldAt(lines, position.line, position.character);
  if (!field) return null;
  const { teammates } = parseRosterYaml(lines.join('\n'), file);
  // The entry holding the line is the last one starting above it.
  const person = teammates.filter((candidate) => (candidate.line ?? Infinity) <= field.line).pop();
  if (!person) return null;
  // The field says which name it is: a handle may equal the first name.
  const span = bareSpan(field);
  return nameForm(person, span.text) ? { person, form: field.form, span } : null;
}

/** A plan's lines and URI, as the rename reads it now. */
export interface RenameSource {
  uri: string;
  plan: IndexedPlan['plan'];
  lines: Lines;
}

/**
 * The edits that rename `target` to `newText` in the plans and in the roster
 * file's lines (when given). A place is renamed only when its text is still
 * the name the model read there.
 */
export function computeRenameEdits(plans: Iterable<RenameSource>, roster: Roster, target: RenameTarget, newText: string, rosterFile: { uri: string; lines: Lines } | null): WorkspaceEdit {
  const names = renamedNames(target.person, target.form, newText);
  const changes: Record<string, TextEdit[]> = {};
  const add = (uri: string, range: Range, text: string): void => void (changes[uri] ??= []).push({ range, newText: text });
  for (const { uri, plan, lines } of plans) {
    const seen = new Set<string>();
    for (const occurrence of nameOccurrences(plan, lines)) {
      const span = bareSpan(occurrence);
      const key = `${span.line}:${span.column}`;
      if (seen.has(key) || lines[span.line - 1]?.slice(span.column - 1, span.endColumn - 1) !== span.text) continue;
      seen.add(key);
      if (roster.find(span.text)?.slug !== target.person.slug) continue;
      const form = nameForm(target.person, span.text);
      // A place that writes another form (a handle, when the first name changes) keeps it.
      if (!form || (form === 'handle') !== (target.form === 'handle')) continue;
      const replacement = newWrittenName(form, names);
      if (replacement !== span.text) add(uri, spanRange(lines, span), replacement);
    }
  }
  if (rosterFile) {
    for (const edit of rosterEntryEdits(rosterFile.lines, target.person, names)) {
      add(rosterFile.uri, modelRange(rosterFile.lines, edit.line, edit.column, edit.line, edit.endColumn), edit.newText);
    }
  }
  return { changes };
}

/** True for a roster file the server knows as one: a YAML file some person was read from. */
function isRosterUri(uri: string): boolean {
  return /\.ya?ml$/i.test(uri);
}

/** The roster files (the default of `okr.roster.files`) where a rename may start, besides plans. */
const ROSTER_DOCUMENTS = [{ language: 'yaml', pattern: '**/data/team.yml' }];

/**
 * Asks the editor to send renames in roster files too. Only rename is
 * registered there, so the editor's own YAML features (folding, outline,
 * formatting) stay as they are; the roster's text is read from disk unless
 * the editor has it open here.
 */
export function registerRosterRename(connection: Connection): void {
  void connection.client.register(RenameRequest.type, { documentSelector: ROSTER_DOCUMENTS, prepareProvider: true });
}

/** Answers prepareRename and rename for teammates, across the workspace's plans and the roster. */
export function registerRename(connection: Connection, documents: PlanDocuments, plans: () => Iterable<IndexedPlan>): void {
  /** The document's lines: the editor's text when open, else the saved file. */
  const linesOf = async (uri: string): Promise<Lines | null> => {
    const open = documents.documents.get(uri);
    if (open) return open.lines;
    const file = documents.contexts.files.toPath(uri);
    const text = file ? await readPlanText(documents.contexts.files, file, (await documents.contexts.contextFor(uri)).settings) : null;
    return text === null ? null : splitLines(text);
  };

  /** The target under the cursor and the roster it is read against. */
  const targetAt = async (uri: string, position: Position): Promise<{ target: RenameTarget; roster: Roster } | null> => {
    if (isRosterUri(uri)) {
      const lines = await linesOf(uri);
      const file = documents.contexts.files.toPath(uri);
      const target = lines && file ? renameTargetInRoster(lines, file, position) : null;
      if (!target || !lines || !file) return null;
      // Plans read names against their project's roster; without a plan that uses this file, against the file alone.
      const roster = (await rosterOfPlans(target)) ?? Roster.combine([parseRosterYaml(lines.join('\n'), file)]);
      return { target, roster };
    }
    const open = await documents.get(uri);
    if (!open) return null;
    const target = renameTargetInPlan(open.doc.plan, open.doc.lines, open.context.roster, position);
    return target ? { target, roster: open.context.roster } : null;
  };

  /** The roster of a plan of the workspace that knows the person from the same roster file. */
  const rosterOfPlans = async (target: RenameTarget): Promise<Roster | null> => {
    for (const { uri } of plans()) {
      const context = await documents.contexts.contextFor(uri);
      const person = context.roster.teammates.find((candidate) => candidate.file === target.person.file && candidate.slug === target.person.slug);
      if (person) return context.roster;
    }
    return null;
  };

  connection.onPrepareRename(
    guard(connection, 'Prepare rename', null, async ({ textDocument, position }) => {
      const found = await targetAt(textDocument.uri, position);
      if (!found) return null;
      const lines = (await linesOf(textDocument.uri)) ?? [];
      return { range: spanRange(lines, found.target.span), placeholder: found.target.span.text };
    }),
  );

  connection.onRenameRequest(async ({ textDocument, position, newName }) => {
    const problem = newNameProblem(newName);
    if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
    return guard(connection, 'Rename', null, async (): Promise<WorkspaceEdit | null> => {
      const found = await targetAt(textDocument.uri, position);
      if (!found) return null;
      const sources: RenameSource[] = [];
      for (const entry of [...plans()]) {
        const lines = entry.lines ?? (await linesOf(entry.uri));
        if (lines) sources.push({ uri: entry.uri, plan: entry.plan, lines });
      }
      const rosterPath = found.target.person.file;
      const rosterUri = rosterPath ? documents.contexts.files.toUri(rosterPath) : null;
      const openRoster = rosterUri ? documents.documents.keys().find((uri) => documents.contexts.files.toPath(uri) === rosterPath) : undefined;
      const rosterLines = rosterUri ? await linesOf(openRoster ?? rosterUri) : null;
      const rosterFile = rosterUri && rosterLines ? { uri: openRoster ?? rosterUri, lines: rosterLines } : null;
      return computeRenameEdits(sources, found.roster, found.target, newName, rosterFile);
    })();
  });
}
