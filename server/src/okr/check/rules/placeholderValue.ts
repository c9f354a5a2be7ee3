/** Flags numbers that were never filled in: `X%`, `$X`, `$N`, `X days`, `XXX`, `ZZZ`, a bare `X`. */
import type { ChunkRule } from '../types';
import { VALUE_PATTERN, placeholderFindings } from './text';
import { keyResultRemovals, redactions } from './placeholderFixes';

/** Placeholder values where a key result needs a number. */
export const placeholderValue: ChunkRule = {
  id: 'placeholder-value',
  description: 'A placeholder such as X%, $X, $N, X days, XXX or ZZZ stands where a number belongs.',
  defaultSeverity: 'warning',
  tags: ['placeholder', 'key-result'],
  doc: 'A key result is only measurable once its number is written: `X%`, `$X`, `$N`, `X days`, `XXX`, `ZZZ` or a bare `X` ("Lower build times to X") say that the number was never decided. Write the number, or, when the value is confidential, turn it into a redacted reference such as `[_N<sub>3</sub>_][n3]` whose definition links to where the value lives. Redacted references are recognised and never reported by this rule.',
  scope: 'chunk',
  planFixes(doc, diagnostics) {
    redactions(doc, diagnostics);
    keyResultRemovals(doc, diagnostics);
  },
  check: (chunk) =>
    placeholderFindings(chunk, VALUE_PATTERN, (value) => `"${value}" is a placeholder value: write the number, or redact it as a confidential reference.`),
};
