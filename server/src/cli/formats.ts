/**
 * The report formats of `okr check`: plain text for people and editors, JSON
 * for scripts, and the formats CI systems read (SARIF, GitHub workflow
 * commands, GitLab Code Quality). Each format is a reporter that is handed the
 * checked files in order and the totals at the end.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../okr/check/types';
import { RULES } from '../okr/check/rules/index';

/** Every value `okr check --format` takes. */
export const FORMATS = ['text', 'json', 'sarif', 'github', 'codequality'] as const;

export type Format = (typeof FORMATS)[number];

/** A diagnostic as the command reports it: without its fixes. */
export type ReportedDiagnostic = Omit<Diagnostic, 'fixes'>;

/** One checked file: its diagnostics, and the text of each one's first line (for fingerprints). */
export interface CheckedFile {
  file: string;
  diagnostics: readonly ReportedDiagnostic[];
  /** The text of the line each diagnostic starts on, in the same order. */
  lineTexts: readonly string[];
}

/** What the whole run found. */
export interface Totals {
  errors: number;
  warnings: number;
  others: number;
  /** Files that were read and checked. */
  checked: number;
}

/** Writes one format: `file` is called for each checked file in order, `end` once. */
export interface Reporter {
  file(checked: CheckedFile): void;
  end(totals: Totals): void;
}

/** Where the report is written, and what it needs to know about the run. */
export interface ReportContext {
  out(text: string): void;
  /** Paths in CI formats are relative to this folder. */
  cwd: string;
  /** The okr version, for SARIF's tool description. */
  version: string;
}

/** True when `value` names a format. */
export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** The reporter for a format. */
export function reporter(format: Format, context: ReportContext): Reporter {
  switch (format) {
    case 'text':
      return textReporter(context);
    case 'json':
      return jsonReporter(context);
    case 'sarif':
      return sarifReporter(context);
    case 'github':
      return githubReporter(context);
    case 'codequality':
      return codeQualityReporter(context);
  }
}

/** `file:line:column: severity rule: message`, one a line, then a count; the `okr` problem matcher reads these lines. */
function textReporter({ out }: ReportContext): Reporter {
  return {
    file({ file, diagnostics }) {
      for (const { line, column, severity, code, message } of diagnostics) out(`${file}:${line}:${column}: ${severity} ${code}: ${message}\n`);
    },
    end({ errors, warnings, others, checked }) {
      const total = errors + warnings + others;
      const counted = total === 0 ? 'No problems' : `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${others} other)`;
      out(`${counted} in ${plural(checked, 'file')}.\n`);
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One item of `okr check --format json`. */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** A JSON array written as it goes, one diagnostic a line. */
function jsonReporter({ out }: ReportContext): Reporter {
  let first = true;
  out('[');
  return {
    file({ file, diagnostics }) {
      for (const { line, column, endLine, endColumn, severity, code, message } of diagnostics) {
        const item: JsonDiagnostic = { file, line, column, endLine, endColumn, severity, code, message };
        out(`${first ? '\n' : ',\n'}  ${JSON.stringify(item)}`);
        first = false;
      }
    },
    end() {
      out(first ? ']\n' : '\n]\n');
    },
  };
}

/** A path relative to `cwd`, with forward slashes, as CI systems name files in the repository. */
export function relativePath(file: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
}

/** A diagnostic with its file relative to the working folder and a fingerprint. */
interface Located {
  file: string;
  diagnostic: ReportedDiagnostic;
  fingerprint: string;
}

/**
 * The diagnostics of a file with fingerprints that survive edits elsewhere in
 * the file: a hash of the rule, the file, the trimmed text of the flagged line
 * and which occurrence of that rule on that text it is. Line numbers are left
 * out, so lines added above a problem do not make it look new.
 */
export function fingerprinted({ file, diagnostics, lineTexts }: CheckedFile, cwd: string): Located[] {
  const relative = relativePath(file, cwd);
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic, index) => {
    const key = JSON.stringify([diagnostic.code, relative, (lineTexts[index] ?? '').trim()]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${key}\n${occurrence}`).digest('hex');
    return { file: relative, diagnostic, fingerprint };
  });
}

/** Collects every file's diagnostics, for formats that write one document at the end. */
function collecting(cwd: string, write: (located: Located[]) => void): Reporter {
  const located: Located[] = [];
  return {
    file(checked) {
      located.push(...fingerprinted(checked, cwd));
    },
    end() {
      write(located);
    },
  };
}

/** SARIF's levels for our severities. */
const SARIF_LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The SARIF 2.1.0 log of a run: one run, every rule described, one result per diagnostic. */
export function sarifLog(located: readonly Located[], { cwd, version }: Pick<ReportContext, 'cwd' | 'version'>): object {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const rules = RULES.map((rule) => ({
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.doc },
    // The documentation is Markdown (code in backticks), which code scanning shows as such.
    help: { text: rule.doc, markdown: rule.doc },
    defaultConfiguration: { level: SARIF_LEVELS[rule.defaultSeverity] },
    properties: { tags: [...rule.tags] },
  }));
  const results = located.map(({ file, diagnostic, fingerprint }) => ({
    ruleId: diagnostic.code,
    ...(ruleIndex.has(diagnostic.code) ? { ruleIndex: ruleIndex.get(diagnostic.code) } : {}),
    level: SARIF_LEVELS[diagnostic.severity],
    message: { text: diagnostic.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
          region: { startLine: diagnostic.line, startColumn: diagnostic.column, endLine: diagnostic.endLine, endColumn: diagnostic.endColumn },
        },
      },
    ],
    partialFingerprints: { 'okrLineHash/v1': fingerprint },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'okr', version, semanticVersion: version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        // Our columns count UTF-16 code units, 1-based, with the end column just past the problem: SARIF's default.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function sarifReporter(context: ReportContext): Reporter {
  return collecting(context.cwd, (located) => context.out(`${JSON.stringify(sarifLog(located, context), null, 2)}\n`));
}

/** GitHub's annotation commands for our severities. */
const GITHUB_COMMANDS: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A workflow command's message, escaped as GitHub reads it back. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as a message, and `:` and `,` too. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…::message` command per diagnostic, which GitHub Actions shows as annotations. */
function githubReporter({ out, cwd }: ReportContext): Reporter {
  return {
    file({ file, diagnostics }) {
      const relative = escapeGithubProperty(relativePath(file, cwd));
      for (const { line, column, endLine, endColumn, severity, code, message } of diagnostics) {
        const properties = `file=${relative},line=${line},endLine=${endLine},col=${column},endColumn=${endColumn},title=${escapeGithubProperty(code)}`;
        out(`::${GITHUB_COMMANDS[severity]} ${properties}::${escapeGithubData(message)}\n`);
      }
    },
    end() {},
  };
}

/** GitLab Code Quality severities for ours. */
const CODE_QUALITY_SEVERITIES: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

/** A GitLab Code Quality report: a JSON array of issues with stable fingerprints. */
function codeQualityReporter({ out, cwd }: ReportContext): Reporter {
  return collecting(cwd, (located) => {
    const issues = located.map(({ file, diagnostic, fingerprint }) => ({
      description: diagnostic.message,
      check_name: diagnostic.code,
      fingerprint,
      severity: CODE_QUALITY_SEVERITIES[diagnostic.severity],
      location: {
        path: file,
        lines: { begin: diagnostic.line, end: diagnostic.endLine },
      },
    }));
    out(`${JSON.stringify(issues, null, 2)}\n`);
  });
}
