/**
 * Rule configuration: per-rule severities (or `off`) as settings and project
 * files give them, and the inline `<!-- okr-disable rule-id -->` /
 * `<!-- okr-enable -->` comments.
 */
import type { RuleInfo, RuleSetting, RuleSettings } from './types';

/** The words a setting may use for each severity. */
const SETTING_ALIASES: Record<string, RuleSetting> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
};

/**
 * Reads rule settings from a settings or project-file value (`{"kr-without-target": "off"}`).
 * Accepts `warn`/`info` aliases and `false` for off; everything else is reported in `problems`.
 */
export function parseRuleSettings(value: unknown, problems: string[] = []): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  if (value === undefined || value === null) return settings;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('"rules" must be an object that maps rule ids to a severity or "off".');
    return settings;
  }
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    const setting = raw === false ? 'off' : typeof raw === 'string' ? SETTING_ALIASES[raw.toLowerCase()] : undefined;
    if (setting) settings[id] = setting;
    else problems.push(`Rule "${id}": ${JSON.stringify(raw)} is not one of error, warning, information, hint, off.`);
  }
  return settings;
}

/** Later settings win: defaults, then user/workspace settings, then the project file. */
export function mergeRuleSettings(...layers: ReadonlyArray<RuleSettings | undefined>): RuleSettings {
  return Object.assign({}, ...layers.filter(Boolean));
}

/** The severity a rule runs at: `off`, an override, or undefined to keep what the rule reports. */
export function resolveSeverity(rule: RuleInfo, settings: RuleSettings | undefined): RuleSetting | undefined {
  return settings?.[rule.id];
}

const DISABLE_COMMENT = /<!--\s*okr-(disable-next-line|disable-line|disable|enable)(?=\s|-->)([^>]*?)-->/g;

/** Which rules are off from some line on: all but `except`, or just `rules`. */
interface DisabledState {
  all: boolean;
  /** With `all`: the rules enabled again; otherwise: the rules disabled. */
  rules: ReadonlySet<string>;
}

/** The state after a `disable` or `enable` comment naming `ids` (none = every rule). */
function nextState(state: DisabledState, disable: boolean, ids: readonly string[]): DisabledState {
  if (ids.length === 0) return { all: disable, rules: new Set() };
  const rules = new Set(state.rules);
  // Disabling while all are off removes an exception; enabling while all are off adds one.
  for (const id of ids) if (disable === state.all) rules.delete(id);
  else rules.add(id);
  return { all: state.all, rules };
}

const isOff = (state: DisabledState, ruleId: string): boolean => (state.all ? !state.rules.has(ruleId) : state.rules.has(ruleId));

/**
 * Reads the inline `<!-- okr-disable ids -->`, `<!-- okr-enable ids -->`,
 * `<!-- okr-disable-line ids -->` and `<!-- okr-disable-next-line ids -->`
 * comments (no ids means every rule) and answers whether a rule is disabled on a 1-based line.
 */
export function disabledRulesByLine(lines: readonly string[]): (line: number, ruleId: string) => boolean {
  const changes: Array<{ line: number; state: DisabledState }> = [];
  const single = new Map<number, DisabledState>();
  let state: DisabledState = { all: false, rules: new Set() };
  lines.forEach((text, index) => {
    if (!text.includes('okr-')) return;
    const line = index + 1;
    for (const match of text.matchAll(DISABLE_COMMENT)) {
      const ids = match[2].split(/[\s,]+/).filter(Boolean);
      const kind = match[1];
      if (kind === 'disable-line' || kind === 'disable-next-line') {
        const target = kind === 'disable-line' ? line : line + 1;
        single.set(target, nextState(single.get(target) ?? { all: false, rules: new Set() }, true, ids));
      } else {
        state = nextState(state, kind === 'disable', ids);
        changes.push({ line, state });
      }
    }
  });
  if (changes.length === 0 && single.size === 0) return () => false;
  return (line, ruleId) => {
    const once = single.get(line);
    if (once && isOff(once, ruleId)) return true;
    let current: DisabledState | undefined;
    for (const change of changes) {
      if (change.line > line) break;
      current = change.state;
    }
    return !!current && isOff(current, ruleId);
  };
}
