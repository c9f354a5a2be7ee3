/**
 * Navigation within and across plans: a task row to its details section and
 * back, a redacted number to its definition, a teammate to their roster entry,
 * and every place a teammate is named in the workspace.
 */
import type { Connection, Location, Position } from 'vscode-languageserver';
import type { PlanDocument } from '../../okr/parse/parser';
import type { Roster, Teammate } from '../../okr/model/roster';
import type { PlanDocuments } from '../session/documents';
import { planHandler } from '../session/guard';
import { linesRange, modelRange, spanContains, unclampedRange } from '../convert/positions';
import { nameAt, nameOccurrences } from './teammates';
import type { IndexedPlan } from '../session/workspaceIndex';
import { computeAlignmentDefinition } from './alignment';

/** Turns the path of a roster file into its URI. */
export type ToUri = (file: string) => string;

/** Where a roster declares a person, or null for people from settings. */
export function rosterLocation(person: Teammate, toUri: ToUri): Location | null {
  if (!person.file || !person.line) return null;
  const position = { line: person.line - 1, character: 0 };
  return { uri: toUri(person.file), range: { start: position, end: position } };
}

/** Where the thing under the cursor is defined, or an empty list. */
export function computeDefinition(uri: string, doc: PlanDocument, roster: Roster, position: Position, toUri: ToUri): Location[] {
  const { plan, lines } = doc;
  const line = position.line + 1;
  const here = (target: number): Location[] => [{ uri, range: linesRange(lines, target) }];
  const reference = plan.references.find((candidate) => spanContains({ text: candidate.label, ...candidate }, position));
  if (reference) {
    const definition = plan.definitions.find((candidate) => candidate.identifier === reference.identifier);
    return definition ? here(definition.line) : [];
  }
  const name = nameAt(plan, lines, position);
  if (name) {
    const person = roster.find(name.text);
    const location = person && rosterLocation(person, toUri);
    if (location) return [location];
  }
  const task = plan.tasks.find((candidate) => candidate.line === line);
  if (task?.detailsLine) return here(task.detailsLine);
  const section = plan.details.find((candidate) => candidate.line === line);
  const row = section && plan.tasks.find((candidate) => candidate.detailsLine === section.line);
  return row ? here(row.line) : [];
}

/** Every place across the workspace's plans that names `person`, plus their roster entry when asked. */
export function computeTeammateReferences(plans: Iterable<IndexedPlan>, roster: Roster, person: Teammate, includeDeclaration: boolean, toUri: ToUri): Location[] {
  const found: Location[] = [];
  const declaration = includeDeclaration ? rosterLocation(person, toUri) : null;
  if (declaration) found.push(declaration);
  for (const { uri, plan, lines } of plans) {
    for (const name of nameOccurrences(plan, lines)) {
      if (roster.find(name.text)?.slug !== person.slug) continue;
      const range = lines ? modelRange(lines, name.line, name.column, name.line, name.endColumn) : unclampedRange(name.line, name.column, name.line, name.endColumn);
      found.push({ uri, range });
    }
  }
  return found;
}

/** Answers go-to-definition and find-references. */
export function registerNavigation(connection: Connection, documents: PlanDocuments, plans: () => Iterable<IndexedPlan>, toUri: ToUri): void {
  connection.onDefinition(
    planHandler(connection, 'Definition', documents, [], (open, { position }) => computeAlignmentDefinition(documents.contexts.files, open.uri, open.doc, position, plans) ?? computeDefinition(open.uri, open.doc, open.context.roster, position, toUri)),
  );
  connection.onReferences(
    planHandler(connection, 'References', documents, [], (open, { position, context }) => {
      const name = nameAt(open.doc.plan, open.doc.lines, position);
      const person = name && open.context.roster.find(name.text);
      return person ? computeTeammateReferences(plans(), open.context.roster, person, context.includeDeclaration, toUri) : [];
    }),
  );
}
