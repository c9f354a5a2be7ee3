/**
 * How much of a line the Markdown parser reads: limits that keep it fast on
 * hostile text, shared with the rule that tells the author where they apply.
 */

/** Containers nested deeper than this are read as indentation: no plan nests so deep. */
export const MAX_CONTAINER_DEPTH = 32;
/** A list item or quote marker indented further than this is read as text: it would nest a staircase of containers. */
export const MAX_MARKER_INDENT = 48;
/** Only this much of a line is read as Markdown; the rest is kept as blank text. */
export const MAX_LINE_LENGTH = 10_000;
/** Lines with more inline markup characters than this are read as plain text. */
export const MAX_MARKUP_PER_LINE = 1000;
