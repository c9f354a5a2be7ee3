/**
 * Times the baselines in a process of their own, so that the heap they leave
 * behind never competes with the language server being measured:
 *
 *   node --import tsx bench/timeBaselines.ts RUNS FILE…
 *
 * prints `{ "remark": [ms…], "markdownlint": [ms…] }`, each sample covering
 * every file once.
 */
import { readFileSync } from 'node:fs';
import { markdownlintCheck, remarkGfmParse } from './baselines';
import { timeSync } from './stats';

const [runs, ...files] = process.argv.slice(2);
const texts = files.map((file) => readFileSync(file, 'utf8'));
for (const text of texts) {
  remarkGfmParse(text.slice(0, 20_000));
  markdownlintCheck(text.slice(0, 20_000));
}
const remark = timeSync(Number(runs), () => texts.forEach(remarkGfmParse));
const markdownlint = timeSync(Number(runs), () => texts.forEach(markdownlintCheck));
process.stdout.write(JSON.stringify({ remark, markdownlint }));
