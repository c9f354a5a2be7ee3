/** Flags `TO BE FILLED IN BY <date>` notes, as errors once the date has passed. */
import type { ChunkRule, Finding } from '../types';
import { proseLines, spanFinding } from './text';
import { keyResultRemovals } from './placeholderFixes';

/** An all-caps promise to fill something in, optionally by a date; any case counts when a date follows. */
const DEADLINE_PATTERN = /\bTO BE (?:FILLED IN|FILLED OUT|COMPLETED|DECIDED|DETERMINED|DEFINED|CONFIRMED|ADDED|WRITTEN)(?: BY (\d{4}-\d{2}-\d{2}))?\b/gi;

/** A section promised for later; overdue promises are errors. */
export const placeholderDeadline: ChunkRule = {
  id: 'placeholder-deadline',
  description: 'A "TO BE FILLED IN BY <date>" note promises text that is not there yet.',
  defaultSeverity: 'warning',
  tags: ['placeholder'],
  doc: 'Templates often say `TO BE FILLED IN BY 2021-10-29` where a section will go. Until the date it is a reminder (a warning); once the date has passed the section is overdue and the note is reported as an error, because readers of the plan now see an unfinished page. Write the section and remove the note.',
  scope: 'chunk',
  planFixes: keyResultRemovals,
  check(chunk, context) {
    const findings: Finding[] = [];
    for (const { line, masked } of proseLines(chunk)) {
      for (const match of masked.matchAll(DEADLINE_PATTERN)) {
        const phrase = match[0];
        const date = match[1];
        if (!date && phrase !== phrase.toUpperCase()) continue;
        const overdue = !!date && date < context.today;
        const message = !date
          ? `"${phrase}": this part of the plan has not been written yet.`
          : overdue
            ? `Overdue since ${date}: this part of the plan was to be written by then.`
            : `Due ${date}: this part of the plan has not been written yet.`;
        const finding = spanFinding(line, match.index + 1, phrase.length, message);
        finding.severity = overdue ? 'error' : 'warning';
        findings.push(finding);
      }
    }
    return findings;
  },
};
