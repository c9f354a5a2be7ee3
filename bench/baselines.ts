/**
 * The two baselines every figure is compared with: a full parse with
 * remark-parse + remark-gfm (what a naive server would do on each keystroke)
 * and markdownlint with its default rules (what a Markdown linter costs).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint } from 'markdownlint/sync';

const processor = unified().use(remarkParse).use(remarkGfm);

/** Parses a whole document into mdast with GFM. */
export function remarkGfmParse(text: string): void {
  processor.parse(text);
}

/** Lints one document with markdownlint's default rules; returns how many problems it found. */
export function markdownlintCheck(text: string): number {
  return lint({ strings: { plan: text } }).plan.length;
}
