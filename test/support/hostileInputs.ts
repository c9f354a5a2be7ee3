/**
 * Inputs written to break an editor extension: huge plans, giant lines, deep
 * nesting, binary bytes, odd line endings, and rosters that are malformed,
 * huge or built to explode. The server and the CLI must survive every one.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generatePlan, generateRoster } from '../../bench/generatePlan';

/** A file to hand to the server or the CLI, and what it is. */
export interface HostileInput {
  name: string;
  /** The file's bytes (a plan or a roster). */
  bytes: () => Buffer;
  /** Its parse alone takes most of the time bound, so it is tested on its own and left out of the hostile workspace. */
  alone?: true;
}

const MB = 1024 * 1024;

/** A small real plan: hostile content is embedded in plans, so that every feature runs over it. */
export const SEED_PLAN = readFileSync(path.resolve(__dirname, '../fixtures/seeds/000_69fd8793c6f93951.txt'), 'utf8');
const COMPANY_TREE = readFileSync(path.resolve(__dirname, '../fixtures/seeds/003_f6da9e41b6b58373.txt'), 'utf8');

/** A plan heading and status table before `body`, so the file is recognised as a plan. */
function inPlan(body: string): string {
  return [
    '# FY23Q1 OKR Plan',
    '',
    '| #   | Status      | Responsible | Project      |',
    '| --- | ----------- | ----------- | ------------ |',
    '| 1   | In-progress | Warren      | Case reviews |',
    '',
    body,
    '',
    '### 1 Case reviews',
    '',
    '- Workgroup: Warren, Nonso',
    '',
  ].join('\n');
}

const text = (make: () => string) => () => Buffer.from(make(), 'utf8');

/** Every control character but the line endings, and the code points that trip decoders. */
const CONTROL_CHARACTERS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code))
  .filter((c) => c !== '\n' && c !== '\r')
  .concat(['\x7f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u202e']);

/** Hostile plans. */
export const HOSTILE_PLANS: readonly HostileInput[] = [
  { name: 'a 5 MB plan', bytes: text(() => generatePlan({ bytes: 5 * MB }, 5)) },
  { name: 'a single 1 MB line of words', bytes: text(() => inPlan(`- KR: ${'measure '.repeat(Math.ceil(MB / 8))}`)) },
  {
    name: 'a single 1 MB line of links, emphasis and references',
    alone: true,
    bytes: text(() => inPlan(`- KR: ${'[a](https://x.io) **b** _c_ [d][n1] '.repeat(Math.ceil(MB / 36))}\n\n[n1]: https://x.io`)),
  },
  { name: 'a progress arrow, a 1 MB run of spaces, then ??', bytes: text(() => inPlan(`- KR: Ship it =>${' '.repeat(MB)}??`)) },
  { name: '10,000 levels of nested bullet lists', bytes: text(() => inPlan(`${'- '.repeat(10_000)}deep`)) },
  { name: '10,000 levels of nested ordered lists', bytes: text(() => inPlan(`${'1. '.repeat(10_000)}deep`)) },
  { name: '10,000 levels of nested blockquotes', bytes: text(() => inPlan(`${'> '.repeat(10_000)}deep`)) },
  { name: '10,000 levels of alternating blockquotes and lists', bytes: text(() => inPlan(`${'> - '.repeat(5_000)}deep`)) },
  {
    name: 'a 1,000-level staircase of indented lists (1 MB)',
    bytes: text(() => inPlan(Array.from({ length: 1000 }, (_, depth) => `${'  '.repeat(depth)}- KR: level ${depth}`).join('\n'))),
  },
  {
    name: 'NUL and control characters everywhere',
    bytes: text(() => SEED_PLAN.split('').map((c, i) => (i % 7 === 3 ? `${CONTROL_CHARACTERS[i % CONTROL_CHARACTERS.length]}${c}` : c)).join('')),
  },
  {
    name: 'invalid UTF-8 (stray, truncated, overlong and surrogate sequences)',
    bytes: () => {
      const plan = Buffer.from(SEED_PLAN, 'utf8');
      const junk = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xe2, 0x82]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])];
      const parts: Buffer[] = [];
      for (let offset = 0, index = 0; offset < plan.length; offset += 97, index++) parts.push(plan.subarray(offset, offset + 97), junk[index % junk.length]);
      return Buffer.concat(parts);
    },
  },
  { name: 'CRLF line endings', bytes: text(() => SEED_PLAN.replace(/\n/g, '\r\n')) },
  { name: 'mixed CRLF, LF and CR line endings', bytes: text(() => mixLineEndings(COMPANY_TREE)) },
  { name: 'a byte order mark', bytes: text(() => `\ufeff${SEED_PLAN}`) },
  {
    name: 'a 10,000-row status table',
    bytes: text(() => {
      const rows = Array.from({ length: 10_000 }, (_, i) => `| ${i + 1} | ${['Done', 'In-progress', 'Not started', '✅', ''][i % 5]} | ${['Warren', 'Nonso', 'CS leadership', 'TBD'][i % 4]} | Task ${i + 1} |`);
      return ['# FY23Q1 OKR Plan', '', '| # | Status | Responsible | Project |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
    }),
  },
];

/** The same text with its line endings cycling through CRLF, LF and CR. */
export function mixLineEndings(source: string): string {
  const endings = ['\r\n', '\n', '\r'];
  return source
    .split('\n')
    .map((line, index) => line + endings[index % 3])
    .join('');
}

/** Hostile `data/team.yml` rosters. */
export const HOSTILE_ROSTERS: readonly HostileInput[] = [
  { name: 'a team.yml that is not YAML', bytes: text(() => 'warren:\n  name: "Warren Lund\n  role: [unclosed\n\t- tab: indented\n: : :\n') },
  {
    name: 'a team.yml of the wrong shapes',
    bytes: text(() => ['- just', '- a list', ''].join('\n')) ,
  },
  {
    name: 'a team.yml whose records have the wrong types',
    bytes: text(() => ['warren: 42', 'nonso:', '  name: [1, 2]', '  github: {a: b}', 'tamar: null', '"": {name: ""}', '__proto__:', '  name: Polluter', ''].join('\n')),
  },
  {
    name: 'a 10 MB team.yml',
    bytes: text(() => {
      const one = generateRoster();
      const people: string[] = [];
      let size = 0;
      for (let copy = 0; size < 10 * MB; copy++) {
        const chunk = one.replace(/^(\w+):$/gm, `$1_${copy}:`);
        people.push(chunk);
        size += chunk.length;
      }
      return people.join('');
    }),
  },
  {
    name: 'a "billion laughs" alias bomb',
    bytes: text(() =>
      [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
        'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
        'warren:',
        '  name: Warren Lund',
        '  role: *i',
        '',
      ].join('\n'),
    ),
  },
  { name: 'a team.yml with NUL bytes and invalid UTF-8', bytes: () => Buffer.concat([Buffer.from('warren:\n  name: War\0ren\n  role: '), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('\n')]) },
];

/** A hang guard, not a speed check: every answer must come within this time, however slow the machine. */
export const ANSWER_WITHIN_MS = 60_000;

/** A memory guard: no process may grow past this, whatever it is given. */
export const MEMORY_LIMIT_BYTES = 1024 * MB;
