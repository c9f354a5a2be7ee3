/** Flags list items indented under a parent item but too little to nest in CommonMark. */
import type { ChunkRule, Edit, Finding } from '../types';
import { isVerbatim, parseListItem, spanFinding, type ListItemLine } from './text';

/** An item as the author meant it: where its marker and its content start. */
interface OpenItem {
  indent: number;
  contentIndent: number;
}

/** An ATX heading, its indentation captured. */
const HEADING = /^ {0,3}(?=#{1,6}(?:[ \t]|$))/;

/** Items meant as children that CommonMark reads as siblings. */
export const listNesting: ChunkRule = {
  id: 'list-nesting',
  description: 'A list item is indented under its parent, but too little to nest, so it renders as a sibling.',
  defaultSeverity: 'warning',
  tags: ['lists', 'structure'],
  doc: 'In CommonMark a nested item must start at or after the column where its parent\'s text starts: three spaces under `1. `, two under `- `. An item indented less than that, such as `  1. VP Eng KR: …` under `1. VP Eng: …`, becomes a sibling of its parent, so a key result shows up as an objective and the outline is wrong. The quick fix indents the item (and its continuation lines) to the parent\'s text column.',
  scope: 'chunk',
  check(chunk) {
    const findings: Finding[] = [];
    const open: OpenItem[] = [];
    let previousBlank = false;
    chunk.lines.forEach((text, index) => {
      const line = index + 1;
      const blank = /^[ \t]*$/.test(text);
      const afterBlank = previousBlank;
      previousBlank = blank;
      // Any line back at the margin after a blank line ends the list: code, a quote or a paragraph.
      if (afterBlank && /^\S/.test(text)) open.length = 0;
      if (isVerbatim(chunk, line)) return;
      // A heading cannot continue an item's text: it ends every item whose text starts right of it.
      const heading = HEADING.exec(text);
      if (heading) {
        while (open.length > 0 && open[open.length - 1].contentIndent > heading[0].length) open.pop();
        return;
      }
      // Tabs in the indentation leave its width unclear, and quotes have their own.
      if (/^ *\t/.test(text) || /^\s*>/.test(text)) return;
      const item = blank ? null : parseListItem(text);
      if (!item) return;
      while (open.length > 0 && item.indent <= open[open.length - 1].indent) open.pop();
      // A tab before the item's text leaves where the text starts unclear: the item ends those before it, but is not judged.
      if (/^ *\S+ *\t/.test(text)) return;
      const parent = open[open.length - 1];
      if (parent && item.indent < parent.contentIndent) {
        findings.push(misNested(chunk.lines, index, item, parent));
        open.push({ indent: item.indent, contentIndent: item.contentIndent });
        return;
      }
      open.push({ indent: item.indent, contentIndent: item.contentIndent });
    });
    return findings;
  },
};

/** Items whose subtree is longer than this get no fix: shifting it would be one huge edit per item. */
const MAX_FIX_LINES = 200;

/** The finding for a mis-nested item, with a fix that shifts it, its continuation lines and its children right. */
function misNested(lines: readonly string[], index: number, item: ListItemLine, parent: OpenItem): Finding {
  const shift = parent.contentIndent - item.indent;
  const padding = ' '.repeat(shift);
  const edits: Edit[] = [];
  for (let next = index; next < lines.length && edits.length <= MAX_FIX_LINES; next++) {
    const text = lines[next];
    if (next > index && (text.trim() === '' || indentOf(text) <= item.indent)) break;
    edits.push({ line: next + 1, column: 1, endLine: next + 1, endColumn: 1, newText: padding });
  }
  const message = `This item is indented ${item.indent} space${item.indent === 1 ? '' : 's'}, so it is not nested under the item above (its text starts at column ${parent.contentIndent + 1}); indent it by ${parent.contentIndent} spaces to nest it.`;
  const fixes = edits.length > MAX_FIX_LINES ? [] : [{ title: `Indent the item by ${parent.contentIndent} spaces to nest it`, edits, safe: true }];
  return spanFinding(index + 1, item.indent + 1, item.marker.length, message, fixes);
}

/** Leading spaces of a line. */
function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}
