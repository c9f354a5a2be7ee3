/**
 * Small text functions the rules share: what part of a line is prose, what a
 * placeholder looks like, list-item markers, and word-level comparison.
 */
import { distance } from 'fastest-levenshtein';
import type { ChunkInput, Finding, Fix } from '../types';
import { escapeSnippet } from '../edits';
import { rememberAnswers } from '../../model/remember';
import { findSpan } from '../../model/plan';

/** Non-prose spans on a line: code spans, link targets, URLs, HTML, reference labels and definitions. */
const NON_PROSE = [
  /^\s*\[[^\]]+\]:\s*\S.*$/g, // reference definition
  /\[[^[\]\n]*<sub>[^[\]\n]*\]\[[^[\]\n]*\]/g, // redacted number
  /(`+)[^`]*?\1/g, // code span
  /<\/?[A-Za-z][^<>]*>/g, // HTML tag
  /\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"]*")?\)/g, // inline link target
  /\]\[[^\]]*\]/g, // reference label
  /\b(?:https?:\/\/|www\.)[^\s<>)\]]+/g, // bare URL
  /#[\w-]+/g, // Slack channel or anchor
];

/** The line with every non-prose span blanked out by spaces, so columns still match. */
function maskNonProse(line: string): string {
  let masked = maskComments(line);
  for (const pattern of NON_PROSE) masked = masked.replace(pattern, (span) => ' '.repeat(span.length));
  return masked;
}

/** Blanks out HTML comments, scanning once: a line full of unclosed `<!--` must not cost quadratic time. */
function maskComments(line: string): string {
  const parts: string[] = [];
  let cursor = 0;
  for (let start = line.indexOf('<!--'); start >= 0; start = line.indexOf('<!--', cursor)) {
    const end = line.indexOf('-->', start + 4);
    if (end < 0) break;
    parts.push(line.slice(cursor, start), ' '.repeat(end + 3 - start));
    cursor = end + 3;
  }
  return parts.length === 0 ? line : parts.join('') + line.slice(cursor);
}

/** True when a 1-based block line lies in a code or raw-HTML range. */
export function isVerbatim(chunk: ChunkInput, line: number): boolean {
  return chunk.verbatim.some(([from, to]) => line >= from && line <= to);
}

/** The block's prose lines with their 1-based numbers, skipping code and raw HTML. */
export function* proseLines(chunk: ChunkInput): Generator<{ line: number; text: string; masked: string }> {
  for (let index = 0; index < chunk.lines.length; index++) {
    const line = index + 1;
    if (isVerbatim(chunk, line)) continue;
    const text = chunk.lines[index];
    yield { line, text, masked: maskNonProse(text) };
  }
}

/** True for a GFM table row; table cells are judged by the plan rules, not as prose. */
function isTableRow(text: string): boolean {
  return /^\s{0,3}\|/.test(text);
}

/** Words that stand for text not written yet. Upper case only: `todo` in prose is a word, `TBD` is a marker. */
export const MARKER_PATTERN = /(?<![\w-])(?:TBD|TBA|TBC|TO ?DO|WIP|FIXME)(?![\w-])/g;

/**
 * A placeholder where a number belongs: `X%`, `$X`, `$N`, `X days`, `XXX`,
 * `ZZZ`, or a bare `X` as a value. Each alternative first looks ahead at the
 * letter it needs, so its lookbehinds run only there.
 */
export const VALUE_PATTERN = new RegExp(
  [
    /\$(?:X+|N+)(?:\.X+)?[kKmMbB]?(?![\w])/.source, // $X, $N, $XM
    /(?=[XxN])(?<![\w.$])(?:[XxN]|XX)(?:\.X+)?(?=%)/.source, // X%, N%, X.X%
    /(?=[XYZ])(?<![\w.$'’-])(?:X{3,}|Y{3,}|Z{3,})(?![\w])/.source, // XXX, ZZZ
    /(?=X)(?<![\w.$'’/-])(?<!\bOS )X(?= [a-z])/.source, // X days
    /(?=X)(?<=\b(?:to|by|of|from|than|least|most|reach|achieve|hit|under|over|is|are|at|with) {1,3}|[=~<>≥≤] {0,3})X(?= {0,3}(?:[.,;:)]|$))/.source, // "to X."
  ].join('|'),
  'g',
);

/** A text that is one marker or one placeholder value, and nothing else. */
const WHOLE_PLACEHOLDER = new RegExp(`^(?:${MARKER_PATTERN.source}|${VALUE_PATTERN.source})\\.?$`);

/** A marker or a placeholder value anywhere in a text. */
const ANY_PLACEHOLDER = new RegExp(`${MARKER_PATTERN.source}|${VALUE_PATTERN.source}`);

/** True when a text holds a marker or a placeholder value anywhere. */
export function containsPlaceholder(text: string): boolean {
  return ANY_PLACEHOLDER.test(text);
}

/** True when a whole text is nothing but a placeholder (`TBD`, `X`, `?`, `...`). */
export const isPlaceholderText = rememberAnswers((text: string): boolean => {
  const bare = text.replace(/[*_`]/g, '').trim();
  if (/^(?:\?+|\.{3}|…|-{1,3}|X+|N|Z{3,})$/.test(bare)) return true;
  return WHOLE_PLACEHOLDER.test(bare);
});

/** Template text copied from a skeleton: `Objective`, `Key result`, `KR 2`, `Title`. */
export const isTemplateText = rememberAnswers((text: string): boolean =>
  /^(?:objective|key result|kr|goal|task|project|title|description|details?)\s*\d*\s*[.:]?$/i.test(text.replace(/[*_`]/g, '').trim()),
);

/** A list item line: indentation, marker, spaces after it, and its content. */
export interface ListItemLine {
  indent: number;
  marker: string;
  /** Column (0-based) where the item's content starts in CommonMark. */
  contentIndent: number;
  content: string;
}

/** Reads a list item marker from a line, or null when the line is not a list item. Tabs count as 4 columns. */
export function parseListItem(text: string): ListItemLine | null {
  const match = /^( *)([-*+]|\d{1,9}[.)])( *)(.*)$/.exec(text.replace(/\t/g, '    '));
  if (!match) return null;
  const [, lead, marker, gap, content] = match;
  if (gap.length === 0 && content.length > 0) return null;
  const indent = lead.length;
  const spaces = content.length === 0 || gap.length > 4 ? 1 : gap.length;
  return { indent, marker, contentIndent: indent + marker.length + spaces, content };
}

/** Lower-case words of a text without Markdown links, code marks or punctuation, trailing plural `s` dropped. */
export const significantWords = rememberAnswers((text: string): ReadonlySet<string> => {
  const plain = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_"“”'’]/g, '')
    .toLowerCase();
  const words = plain.match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => !STOP_WORDS.has(word)).map((word) => (word.length > 3 ? word.replace(/s$/, '') : word)));
});

const STOP_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'is', 'are', 'be', 'our', 'we', 'it']);

/** Collapses case, spacing and trailing punctuation, for comparing titles. */
export const normalizeTitle = rememberAnswers((text: string): string =>
  text
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[.!:;\s]+$/, '')
    .trim()
    .toLowerCase(),
);

/** The candidates nearest to a text by edit distance (case-insensitive), best first. */
export function closestTexts(text: string, candidates: Iterable<string>, count: number): string[] {
  const wanted = text.toLowerCase();
  const scored = [...new Set(candidates)].map((candidate) => ({ candidate, score: distance(wanted, candidate.toLowerCase()) }));
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  const limit = Math.max(2, Math.ceil(wanted.length / 2));
  return scored.filter((entry) => entry.score <= limit).slice(0, count).map((entry) => entry.candidate);
}

/** A finding over one span of one line. */
export function spanFinding(line: number, column: number, length: number, message: string, fixes?: Fix[]): Finding {
  const finding: Finding = { line, column, endLine: line, endColumn: column + length, message };
  if (fixes && fixes.length > 0) finding.fixes = fixes;
  return finding;
}

/** A fix that replaces one span of one line. */
export function replaceFix(title: string, line: number, column: number, endColumn: number, newText: string, safe: boolean, snippet = false): Fix {
  const fix: Fix = { title, edits: [{ line, column, endLine: line, endColumn, newText }], safe };
  if (snippet) fix.snippet = true;
  return fix;
}

/** True when a match fills a whole table cell: `placeholder-table-cell` reports those. */
function fillsCell(masked: string, start: number, length: number): boolean {
  const before = masked.lastIndexOf('|', start);
  const after = masked.indexOf('|', start + length);
  return before >= 0 && after >= 0 && masked.slice(before + 1, after).trim().length === length;
}

/** Every match of a placeholder pattern in a block's prose, each with a fix that selects it for typing. */
export function placeholderFindings(chunk: ChunkInput, pattern: RegExp, message: (placeholder: string) => string): Finding[] {
  const findings: Finding[] = [];
  for (const { line, text, masked } of proseLines(chunk)) {
    const tableRow = isTableRow(text);
    for (const match of masked.matchAll(pattern)) {
      if (tableRow && fillsCell(masked, match.index, match[0].length)) continue;
      const column = match.index + 1;
      const end = column + match[0].length;
      findings.push(
        spanFinding(line, column, match[0].length, message(match[0]), [
          replaceFix(`Type over "${match[0]}"`, line, column, end, `\${1:${escapeSnippet(match[0])}}`, false, true),
        ]),
      );
    }
  }
  return findings;
}

/** Where `needle` is on a 1-based line (searching from a 1-based column), as a finding range; the whole line's text when absent. */
export function locate(lines: readonly string[], line: number, needle: string, fromColumn = 1): { column: number; endColumn: number } {
  const text = lines[line - 1] ?? '';
  const found = findSpan(text, line, needle, fromColumn);
  if (found) return found;
  const start = text.length - text.trimStart().length;
  return { column: start + 1, endColumn: Math.max(start + 1, text.trimEnd().length + 1) };
}
