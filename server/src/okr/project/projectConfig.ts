/**
 * The project file, `.okr.json` or `.okr.jsonc` (JSON with comments): rule
 * severities, groups and rosters for every plan under it, read the same by
 * the editor and the CLI. Parsing only: the lookup finds the file.
 */
// The ECMAScript module build: esbuild cannot follow the UMD build's dynamic requires.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { parseRuleSettings } from '../check/ruleSettings';
import { unknownRuleProblems } from '../check/rules/index';
import type { RuleSettings } from '../check/types';
import { parseRollupMode, parseScoreBands, type ScoreBands } from '../model/scoring';
import type { RollupMode } from '../model/plan';

/** The project file's name, looked up from a plan's folder towards the project root. */
export const PROJECT_CONFIG_FILE = '.okr.json';

/** The names a project file may have, in the order they are looked for in one folder: `.okr.jsonc` may hold comments. */
export const PROJECT_CONFIG_FILES: readonly string[] = [PROJECT_CONFIG_FILE, '.okr.jsonc'];

/** What a project file holds. */
export interface ProjectConfig {
  rules: RuleSettings;
  /** Names of groups (`Platform squad`) that name rules accept as teammates. */
  groups: string[];
  /** Roster files, relative to the project file. */
  roster: string[];
  /** Globs, relative to the project file, of pages that are plans whatever their evidence. */
  files: string[];
  /** Globs, relative to the project file, of pages that are never plans; they win over `files`. */
  exclude: string[];
  /** Globs, relative to the project file, of files never checked: folders and globs given to `okr check` skip them, and the editor reads them as no plan. */
  ignores: string[];
  /** How objectives roll up their key results' scores, or null to leave it to settings. */
  rollup: RollupMode | null;
  /** Where the score bands start, or null to leave them to settings. */
  scoreBands: ScoreBands | null;
  /** Days without a check-in after which a current plan is noted, or null to leave it to settings. */
  staleAfterDays: number | null;
  /** Where the project file is, or null when none was found. */
  file: string | null;
  /** Problems in the file, each a readable sentence; the valid parts still apply. */
  problems: string[];
}

/** A project file that says nothing: what applies where there is none. */
export function emptyProjectConfig(): ProjectConfig {
  return { rules: {}, groups: [], roster: [], files: [], exclude: [], ignores: [], rollup: null, scoreBands: null, staleAfterDays: null, file: null, problems: [] };
}

/** Reads a project file's text. Bad JSON or bad values become `problems`, never exceptions. */
export function parseProjectConfig(text: string, file: string | null = null): ProjectConfig {
  const config: ProjectConfig = { ...emptyProjectConfig(), file };
  let data: unknown;
  if (file !== null && file.endsWith('.jsonc')) {
    // Comments and trailing commas, as VS Code's own settings files allow them.
    const errors: ParseError[] = [];
    data = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0) {
      config.problems.push(`${file} is not valid JSON with comments: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`);
      return config;
    }
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      config.problems.push(`${file ?? PROJECT_CONFIG_FILE} is not valid JSON: ${(error as Error).message}`);
      return config;
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    config.problems.push(`${file ?? PROJECT_CONFIG_FILE} must hold a JSON object.`);
    return config;
  }
  const record = data as Record<string, unknown>;
  config.rules = parseRuleSettings(record.rules, config.problems);
  config.problems.push(...unknownRuleProblems(config.rules));
  config.groups = stringList(record.groups, 'groups', config.problems);
  config.roster = stringList(record.roster, 'roster', config.problems);
  config.files = stringList(record.files, 'files', config.problems);
  config.exclude = stringList(record.exclude, 'exclude', config.problems);
  config.ignores = stringList(record.ignores, 'ignores', config.problems);
  config.rollup = parseRollupMode(record.rollup, config.problems);
  config.scoreBands = parseScoreBands(record.scoreBands, config.problems);
  config.staleAfterDays = parseStaleAfterDays(record.staleAfterDays, config.problems);
  return config;
}

/** Reads `staleAfterDays`: a whole number of days from 1, or null (absent, or null to turn the rule off); anything else is reported. */
export function parseStaleAfterDays(value: unknown, problems: string[] = []): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3660) return value;
  problems.push('"staleAfterDays" must be a whole number of days from 1 to 3660, or null.');
  return null;
}


/** A list of strings from JSON, reporting anything else. */
function stringList(value: unknown, name: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  problems.push(`"${name}" must be a list of strings.`);
  return [];
}
