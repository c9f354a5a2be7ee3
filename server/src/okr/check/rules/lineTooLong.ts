/** Says where a line is too long to be read as Markdown, so the author knows why part of it does not count. */
import type { ChunkRule, Finding } from '../types';
import { MAX_LINE_LENGTH } from '../../parse/limits';
import { spanFinding } from './text';

/** Lines longer than the parser reads. */
export const lineTooLong: ChunkRule = {
  id: 'line-too-long',
  description: `A line is longer than ${MAX_LINE_LENGTH.toLocaleString('en')} characters; only its start is read as Markdown.`,
  defaultSeverity: 'information',
  tags: ['limits'],
  doc: `To stay responsive on any file, the parser reads only the first ${MAX_LINE_LENGTH.toLocaleString('en')} characters of a line as Markdown; the rest is kept as it is but does not count in the plan (no key results, names or placeholders are found there). Such a line is almost always pasted data or a file that is not a plan. Break it into shorter lines or list items.`,
  scope: 'chunk',
  check(chunk) {
    const findings: Finding[] = [];
    chunk.lines.forEach((text, index) => {
      if (text.length <= MAX_LINE_LENGTH || !/\S/.test(text)) return;
      findings.push(
        spanFinding(index + 1, MAX_LINE_LENGTH + 1, text.length - MAX_LINE_LENGTH, `This line has ${text.length.toLocaleString('en')} characters; only the first ${MAX_LINE_LENGTH.toLocaleString('en')} are read as Markdown.`),
      );
    });
    return findings;
  },
};
