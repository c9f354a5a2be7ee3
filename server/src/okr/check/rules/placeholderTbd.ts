/** Flags `TBD`, `TBA`, `TO DO`, `WIP` and similar markers left in a plan's prose. */
import type { ChunkRule } from '../types';
import { MARKER_PATTERN, placeholderFindings } from './text';
import { keyResultRemovals } from './placeholderFixes';

/**
 * Question marks where a progress note belongs: `=> ???`. The lookahead comes
 * first so that the unbounded lookbehind runs only where `??` starts, not at
 * every character of a long run of spaces.
 */
const UNKNOWN_PROGRESS = /(?=\?{2})(?<=(?:=?=>|-->)[ \t]*)\?{2,}(?![\w?])/;

const MARKERS = new RegExp(`${MARKER_PATTERN.source}|${UNKNOWN_PROGRESS.source}`, 'g');

/** Unfinished-text markers in prose, headings and list items. */
export const placeholderTbd: ChunkRule = {
  id: 'placeholder-tbd',
  description: 'A TBD, TBA, TO DO or WIP marker, or a progress note of ???, stands where the plan should say something.',
  defaultSeverity: 'warning',
  tags: ['placeholder'],
  doc: 'Plans are templates filled in over weeks, and markers such as `TBD`, `TBA`, `TO DO` or `WIP` are easy to forget once a plan is shared. Each one marks a decision nobody has written down yet. Replace the marker with the real text, or remove the sentence. A progress note of question marks (`=> ???`) counts too. Markers are matched in upper case only, so the word "todo" in a sentence is left alone; status-table cells are covered by `placeholder-table-cell`.',
  scope: 'chunk',
  planFixes: keyResultRemovals,
  check: (chunk) => placeholderFindings(chunk, MARKERS, (marker) => (marker.startsWith('?') ? `"${marker}" stands where progress belongs: write how far it got.` : `"${marker}" is a placeholder: write what it stands for.`)),
};
