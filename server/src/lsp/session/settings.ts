/**
 * The `okr.*` settings, read per resource from the client and checked, so a
 * wrong value in settings.json falls back to its default instead of breaking
 * a feature. Settings are cached per resource and dropped when they change.
 */
import type { Status } from '../../okr/model/plan';
import { STATUSES } from '../../okr/model/plan';
import type { StatusDefinition } from '../../okr/model/statuses';
import { parseRuleSettings } from '../../okr/check/ruleSettings';
import { type RuleSettings } from '../../okr/check/types';
import type { RollupMode } from '../../okr/model/plan';
import { parseRollupMode, parseScoreBands, type ScoreBands } from '../../okr/model/scoring';
import { parseStaleAfterDays } from '../../okr/project/projectConfig';

/** The settings one plan is checked with. */
export interface OkrSettings {
  /** Globs of Markdown files that are plans whatever the evidence says. */
  files: string[];
  /** Globs of Markdown files that are never plans, whatever they hold. */
  exclude: string[];
  roster: {
    /** Glob of roster files, relative to each workspace folder. */
    files: string;
    /** Extra teammates by name. */
    names: string[];
    /** Group names that stand for several people (`CS leadership`). */
    groups: string[];
  };
  /** The team's statuses; empty means the built-in set. */
  statuses: StatusDefinition[];
  /** Rule id → severity or `off`. */
  rules: RuleSettings;
  /** Characters read from one plan; the rest gets no diagnostics and one message says so. */
  maxFileSize: number;
  /** Lines read from one plan, for the same reason. */
  maxLines: number;
  /** How objectives roll up their key results' scores; null for the default (`average`). */
  rollup: RollupMode | null;
  /** Where the yellow and green score bands start; null for Google's (0.4 and 0.7). */
  scoreBands: ScoreBands | null;
  /** Days without a check-in after which a plan of the current period is noted; null for never. */
  staleAfterDays: number | null;
}

/** The defaults, identical to those package.json declares. */
export const DEFAULT_SETTINGS: OkrSettings = Object.freeze({
  files: [],
  exclude: [],
  roster: { files: '**/data/team.yml', names: [], groups: [] },
  statuses: [],
  rules: {},
  maxFileSize: 2_000_000,
  maxLines: 50_000,
  rollup: null,
  scoreBands: null,
  staleAfterDays: null,
});

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : undefined;

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Reads a status definition from settings, or undefined when it is not one. */
function statusDefinition(value: unknown): StatusDefinition | undefined {
  const { text, state, description } = record(value);
  if (typeof text !== 'string' || text.trim() === '' || !STATUSES.includes(state as Status)) return undefined;
  return typeof description === 'string' ? { text, state: state as Status, description } : { text, state: state as Status };
}

/** Turns whatever the client sent for the `okr` section into valid settings. */
export function normalizeSettings(raw: unknown): OkrSettings {
  const section = record(raw);
  const roster = record(section.roster);
  const files = typeof section.files === 'string' ? [section.files] : strings(section.files);
  const statuses = Array.isArray(section.statuses) ? section.statuses.map(statusDefinition).filter((item) => item !== undefined) : [];
  return {
    files: files ?? DEFAULT_SETTINGS.files,
    exclude: (typeof section.exclude === 'string' ? [section.exclude] : strings(section.exclude)) ?? DEFAULT_SETTINGS.exclude,
    roster: {
      files: typeof roster.files === 'string' && roster.files.trim() !== '' ? roster.files : DEFAULT_SETTINGS.roster.files,
      names: strings(roster.names) ?? [],
      groups: strings(roster.groups) ?? [],
    },
    statuses,
    rules: parseRuleSettings(section.rules),
    maxFileSize: positive(section.maxFileSize) ?? DEFAULT_SETTINGS.maxFileSize,
    maxLines: positive(section.maxLines) ?? DEFAULT_SETTINGS.maxLines,
    rollup: parseRollupMode(section.rollup),
    scoreBands: parseScoreBands(section.scoreBands),
    staleAfterDays: parseStaleAfterDays(section.staleAfterDays),
  };
}

/** Per-resource settings, fetched once and kept until the client says they changed. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<OkrSettings>>();

  /** `fetch` asks the client for the `okr` section as seen from one resource. */
  constructor(private readonly fetch: (scopeUri: string) => Promise<unknown>) {}

  /** The settings that apply to a document or folder. */
  get(uri: string): Promise<OkrSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri).then(normalizeSettings, () => normalizeSettings(undefined));
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Forgets every cached value, after a configuration change. */
  clear(): void {
    this.cache.clear();
  }
}
