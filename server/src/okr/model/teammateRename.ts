/**
 * Renaming a teammate: a name is written by first name, full name or GitHub
 * handle, and a rename keeps each place in its own form. `Nonso` → `Nnamdi`
 * also turns `Nonso Okafor` into `Nnamdi Okafor`; a new handle changes only
 * handles. The roster entry's `name:` and `github:` values follow.
 */
import type { TextSpan } from './plan';
import type { Teammate } from './roster';

/** How a place writes a person. */
export type NameForm = 'first' | 'full' | 'handle';

/** A person's names after a rename. */
export interface NewNames {
  name: string;
  firstName: string;
  github: string | null;
}

const fold = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The written name without a leading `@` or a trailing note (`Nonso (backup)`), and where it starts within the text. */
export function bareName(written: string): { text: string; offset: number } {
  const note = /\s*\([^()]*\)\s*$/.exec(written);
  const withoutNote = note ? written.slice(0, note.index) : written;
  const at = withoutNote.startsWith('@') ? 1 : 0;
  return { text: withoutNote.slice(at).trim(), offset: at };
}

/** Which of a person's names a place writes, or null when it writes none of them. */
export function nameForm(person: Teammate, written: string): NameForm | null {
  const bare = bareName(written);
  const name = fold(bare.text);
  // `@nonso` is a handle even where the first name is Nonso too.
  if (person.github && name === fold(person.github) && (bare.offset > 0 || (bare.text === person.github && bare.text !== person.firstName))) return 'handle';
  if (name === fold(person.name)) return person.name === person.firstName ? 'first' : 'full';
  if (name === fold(person.firstName)) return 'first';
  if (person.github && name === fold(person.github)) return 'handle';
  return null;
}

/** Why a new name cannot be written where names are, or null when it can. */
export function newNameProblem(newText: string): string | null {
  const text = newText.trim();
  if (text === '') return 'A name cannot be empty.';
  if (/[|,;&+\n\r:]/.test(text)) return 'A name cannot hold | , ; & + or :, which separate names in a plan.';
  if (/\band\b/.test(text)) return 'A name cannot hold the word "and", which separates names in a plan.';
  return null;
}

/** The person's names once the name written in `form` becomes `newText`. */
export function renamedNames(person: Teammate, form: NameForm, newText: string): NewNames {
  const text = newText.trim().replace(/\s+/g, ' ');
  if (form === 'handle') return { name: person.name, firstName: person.firstName, github: text.replace(/^@/, '') };
  if (form === 'full') return { name: text, firstName: text.split(' ')[0], github: person.github };
  const rest = person.name.slice(person.firstName.length);
  return { name: text + rest, firstName: text, github: person.github };
}

/** What replaces a bare written name: the new name in the same form. */
export function newWrittenName(form: NameForm, names: NewNames): string {
  return form === 'handle' ? (names.github ?? '') : form === 'full' ? names.name : names.firstName;
}

/** The span of the bare name within a written name's span (`@nonso (backup)` → `nonso`). */
export function bareSpan(span: TextSpan): TextSpan {
  const bare = bareName(span.text);
  const column = span.column + bare.offset;
  return { text: bare.text, line: span.line, column, endColumn: column + bare.text.length };
}

/** A replacement of a span of a roster file's line by new text. */
export interface RosterEdit extends TextSpan {
  newText: string;
}

/**
 * The edits that give a roster entry (the one starting at `person.line`) its
 * new `name:` and `github:` values, keeping any quotes around them.
 */
export function rosterEntryEdits(lines: readonly string[], person: Teammate, names: NewNames): RosterEdit[] {
  const edits: RosterEdit[] = [];
  if (person.line === null) return edits;
  for (let index = person.line; index < lines.length; index++) {
    const source = lines[index];
    // The next top-level key ends the entry.
    if (/^\S/.test(source) && !source.startsWith('#')) break;
    const field = /^(\s+)(name|github)[ \t]*:[ \t]*(["']?)(.*?)\3[ \t]*(?:#.*)?$/.exec(source);
    if (!field) continue;
    const [, indent, key, quote, value] = field;
    const wanted = key === 'name' ? names.name : names.github;
    if (wanted === null || value.replace(/^@/, '') === wanted || value === '' || /^[>|]/.test(value)) continue;
    const column = source.indexOf(value, indent.length + key.length) + 1;
    const newText = key === 'github' && value.startsWith('@') ? `@${wanted}` : wanted;
    edits.push({ text: value, line: index + 1, column, endColumn: column + value.length, newText: quote === '' && /^[@&*!%`'"#|>-]|: | #/.test(newText) ? JSON.stringify(newText) : newText });
  }
  return edits;
}

/** The roster entry field (`name:` or `github:` value) under a 0-based position of a roster file, as a span with the form it writes; null elsewhere. */
export function rosterFieldAt(lines: readonly string[], line: number, character: number): (TextSpan & { form: NameForm }) | null {
  const source = lines[line];
  if (source === undefined) return null;
  const field = /^(\s+)(name|github)[ \t]*:[ \t]*(["']?)(.*?)\3[ \t]*(?:#.*)?$/.exec(source);
  if (!field || field[4] === '') return null;
  const [, indent, key, , value] = field;
  const column = source.indexOf(value, indent.length + key.length) + 1;
  const span = { text: value, line: line + 1, column, endColumn: column + value.length, form: key === 'github' ? ('handle' as const) : /\s/.test(value.trim()) ? ('full' as const) : ('first' as const) };
  return character >= column - 1 && character <= span.endColumn - 1 ? span : null;
}
