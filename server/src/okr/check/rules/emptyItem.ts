/** Flags list items with no content or with their text pushed away by padding, and trims the padding. */
import type { ChunkRule, Finding, Fix } from '../types';
import { parseListItem, replaceFix, spanFinding, type ListItemLine } from './text';

/** CommonMark reads text that starts this many spaces after a list marker as a code block. */
const CODE_INDENT = 5;

/** 1-based lines of a block that lie inside fenced code, where list markers are just text. */
function fencedLines(lines: readonly string[]): Set<number> {
  const fenced = new Set<number>();
  let fence: string | null = null;
  lines.forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== null) {
      fenced.add(index + 1);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (marker) {
      fence = marker;
      fenced.add(index + 1);
    }
  });
  return fenced;
}

/**
 * The gap that the nearest sibling item of the same list (same indentation,
 * same kind of marker) puts after its marker, or one space. Only the list's
 * own lines are looked at: blank lines and deeper lines belong to it, and a
 * shallower line ends it. So does a line at the margin, where another block
 * may start: the answer must not depend on the lines of other blocks, which
 * the rule may not see.
 */
function usualGap(lines: readonly string[], index: number, item: ListItemLine): number {
  const ordered = /\d/.test(item.marker);
  const siblingGap = (text: string): number | null | undefined => {
    if (text.trim() === '') return undefined;
    const indent = text.length - text.trimStart().length;
    if (indent === 0) return null;
    if (indent > item.indent) return undefined;
    const sibling = /^( *)(\d{1,9}[.)]|[-*+])( +)\S/.exec(text);
    if (indent < item.indent || !sibling || /\d/.test(sibling[2]) !== ordered) return null;
    return sibling[3].length < CODE_INDENT ? sibling[3].length : undefined;
  };
  if (item.indent === 0) return 1;
  for (const step of [-1, 1]) {
    for (let at = index + step; at >= 0 && at < lines.length; at += step) {
      const gap = siblingGap(lines[at]);
      if (gap === null) break;
      if (gap !== undefined) return gap;
    }
  }
  return 1;
}

/** Empty list items, and items whose text is padded far from the marker. */
export const emptyItem: ChunkRule = {
  id: 'empty-item',
  description: 'A list item has no text, or its text is pushed away from the marker by padding.',
  defaultSeverity: 'warning',
  tags: ['lists'],
  doc: 'An empty list item usually means text was deleted but its marker stayed, and the rendered list shows a blank number or bullet. Formatting bots also pad items with thousands of spaces: the item then looks empty in an editor, its text sits far off to the right, and Markdown renders that text as a code block. Write the missing text or remove the item; the safe quick fix trims the padding so the text follows the marker.',
  scope: 'chunk',
  check(chunk) {
    const findings: Finding[] = [];
    const fenced = fencedLines(chunk.lines);
    chunk.lines.forEach((text, index) => {
      const line = index + 1;
      const item = fenced.has(line) || /\t/.test(text) ? null : parseListItem(text);
      if (!item) return;
      const markerEnd = item.indent + item.marker.length;
      const padding = text.length - text.slice(markerEnd).trimStart().length - markerEnd;
      const empty = item.content.trim() === '';
      if (empty) {
        // After a paragraph line, a lone `-` underlines a heading rather than starting an item.
        const previous = chunk.lines[index - 1];
        if (item.marker === '-' && previous !== undefined && previous.trim() !== '' && !parseListItem(previous)) return;
        const fixes: Fix[] = [];
        if (padding > 0) fixes.push(replaceFix('Trim the padding after the list marker', line, markerEnd + 1, text.length + 1, '', true));
        fixes.push({ title: 'Remove the empty item', edits: [{ line, column: 1, endLine: line + 1, endColumn: 1, newText: '' }], safe: false });
        const message = padding > 1 ? `Empty list item, padded with ${padding} spaces.` : 'Empty list item.';
        findings.push(spanFinding(line, item.indent + 1, text.length - item.indent, message, fixes));
      } else if (padding >= CODE_INDENT) {
        const gap = ' '.repeat(usualGap(chunk.lines, index, item));
        const message = `The text of this list item starts ${padding} spaces after its marker, so the item looks empty and its text renders as a code block.`;
        findings.push(
          spanFinding(line, item.indent + 1, item.marker.length + padding, message, [
            replaceFix('Trim the padding after the list marker', line, markerEnd + 1, markerEnd + padding + 1, gap, true),
          ]),
        );
      }
    });
    return findings;
  },
};
