/**
 * Text from plans and rosters shown in hovers and completion documentation is
 * escaped here, so a name or status is shown as written, never as markup.
 */

/** Escapes Markdown punctuation (and HTML angle brackets) in plain text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (character) => `\\${character}`);
}
