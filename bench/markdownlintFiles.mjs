// Lints the files named on the command line with markdownlint's default
// rules, as a separate process, so its throughput compares fairly with `okr check`.
import { lint } from 'markdownlint/sync';

const results = lint({ files: process.argv.slice(2) });
let problems = 0;
for (const file of Object.keys(results)) problems += results[file].length;
process.stdout.write(`${problems}\n`);
