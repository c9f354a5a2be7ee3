/**
 * Teammates: who a plan may name. People come from handbook rosters
 * (`data/team.yml`: slug → {name, role, github, …}) and from settings, and
 * groups (`CS leadership`) come from settings.
 */
import { LineCounter, parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { distance } from 'fastest-levenshtein';
import { rememberAnswers } from './remember';

/** One person, and where they were declared. */
export interface Teammate {
  slug: string;
  name: string;
  firstName: string;
  role: string | null;
  github: string | null;
  /** The roster file that declares them, or null for names from settings. */
  file: string | null;
  /** 1-based line of their entry in `file`. */
  line: number | null;
}

/** A roster file's people, or the reason it could not be read. */
export interface RosterFile {
  file: string;
  teammates: Teammate[];
  error: string | null;
}

/** Rosters larger than this are refused: a roster is a list of people, not a data dump. */
export const MAX_ROSTER_BYTES = 2_000_000;

/** Reads a `team.yml`; a malformed file yields a clear error and no people, never an exception. */
export function parseRosterYaml(text: string, file: string): RosterFile {
  if (text.length > MAX_ROSTER_BYTES) {
    return { file, teammates: [], error: `${file}: roster is too large (${text.length} bytes; the limit is ${MAX_ROSTER_BYTES}).` };
  }
  const lineCounter = new LineCounter();
  let document;
  try {
    // Only scalar fields are read, and aliases are never expanded, so an alias bomb stays small.
    document = parseDocument(text, { lineCounter, uniqueKeys: false });
  } catch (error) {
    return { file, teammates: [], error: `${file}: ${(error as Error).message}` };
  }
  if (document.errors.length > 0) {
    const first = document.errors[0];
    return { file, teammates: [], error: `${file}: malformed YAML: ${first.message.split('\n')[0]}` };
  }
  if (document.contents === null) return { file, teammates: [], error: null };
  if (!isMap(document.contents)) {
    return { file, teammates: [], error: `${file}: expected a mapping of slug → {name, role, github}.` };
  }
  const teammates: Teammate[] = [];
  for (const pair of document.contents.items as Pair[]) {
    const slug = isScalar(pair.key) ? String(pair.key.value) : null;
    if (slug === null || !isMap(pair.value)) continue;
    const field = (name: string): string | null => {
      const value = (pair.value as { get(key: string): unknown }).get(name);
      return typeof value === 'string' || typeof value === 'number' ? String(value).trim() || null : null;
    };
    const name = field('name');
    if (!name) continue;
    const offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
    teammates.push({
      slug,
      name,
      firstName: name.split(/\s+/)[0],
      role: field('role'),
      github: field('github')?.replace(/^@/, '') ?? null,
      file,
      line: lineCounter.linePos(offset).line,
    });
  }
  return { file, teammates, error: null };
}

/** Turns a name from settings into a teammate. */
export function teammateFromName(name: string): Teammate {
  const trimmed = name.trim();
  return { slug: trimmed.toLowerCase().replace(/\s+/g, '_'), name: trimmed, firstName: trimmed.split(/\s+/)[0], role: null, github: null, file: null, line: null };
}

const fold = rememberAnswers((text: string): string => text.normalize('NFC').trim().replace(/^@/, '').replace(/\s+/g, ' ').toLowerCase());

/** Everyone a plan may name, looked up the way plans write names. */
export class Roster {
  private readonly index = new Map<string, Teammate>();
  private readonly groupKeys: Set<string>;

  constructor(
    readonly teammates: readonly Teammate[],
    readonly groups: readonly string[] = [],
  ) {
    // Full names and handles win over first names, which may be shared.
    for (const person of teammates) {
      for (const key of [person.name, person.github]) if (key && !this.index.has(fold(key))) this.index.set(fold(key), person);
    }
    for (const person of teammates) if (!this.index.has(fold(person.firstName))) this.index.set(fold(person.firstName), person);
    this.groupKeys = new Set(groups.map(fold));
  }

  /** True when the roster has nobody: name checks are then switched off. */
  get isEmpty(): boolean {
    return this.teammates.length === 0 && this.groupKeys.size === 0;
  }

  /** Finds a person by first name, full name or github handle. */
  find(name: string): Teammate | undefined {
    return this.index.get(fold(name));
  }

  /** True when `name` is a configured group such as `CS leadership`. */
  isGroup(name: string): boolean {
    return this.groupKeys.has(fold(name));
  }

  /** True when `name` is a person or a configured group. */
  isKnown(name: string): boolean {
    return this.find(name) !== undefined || this.isGroup(name);
  }

  /** The known names closest to `name`, best first, for "did you mean" messages and fixes. */
  closest(name: string, count = 3): string[] {
    const wanted = fold(name);
    const candidates = new Set<string>();
    for (const person of this.teammates) {
      candidates.add(wanted.includes(' ') ? person.name : person.firstName);
    }
    for (const group of this.groups) candidates.add(group);
    return [...candidates]
      .map((candidate) => ({ candidate, cost: distance(wanted, fold(candidate)) }))
      .filter(({ candidate, cost }) => cost <= Math.max(2, Math.ceil(candidate.length / 2)))
      .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
      .slice(0, count)
      .map(({ candidate }) => candidate);
  }

  /** Builds one roster from several roster files plus names and groups from settings. */
  static combine(files: readonly RosterFile[], names: readonly string[] = [], groups: readonly string[] = []): Roster {
    return new Roster([...files.flatMap((file) => file.teammates), ...names.map(teammateFromName)], groups);
  }
}
