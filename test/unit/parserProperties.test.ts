/**
 * parsePlan must survive anything an author can type or open: it never
 * throws, every position it reports lies inside the document, and hostile
 * shapes (a megabyte on one line, ten thousand nesting levels, control bytes)
 * come back in bounded time. The per-test timeout is a hang guard, not a
 * speed measurement; speed is measured by `npm run bench`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlan } from '../../server/src/okr/parse/parser';
import { splitLines } from '../../server/src/okr/parse/markdown';
import { allObjectives, type Plan, type TextSpan } from '../../server/src/okr/model/plan';

/** Every (line, column, endColumn) the plan reports. */
function positions(plan: Plan): Array<{ what: string; line: number; column?: number; endColumn?: number }> {
  const found: Array<{ what: string; line: number; column?: number; endColumn?: number }> = [];
  for (const objective of allObjectives(plan.objectives)) {
    found.push({ what: `objective ${objective.title}`, line: objective.line, column: objective.column }, { what: 'objective end', line: objective.endLine });
    for (const kr of objective.keyResults) found.push({ what: `key result ${kr.text}`, line: kr.line, column: kr.column, endColumn: kr.endColumn });
  }
  for (const task of plan.tasks) {
    found.push({ what: `task ${task.id}`, line: task.line });
    if (task.detailsLine !== null) found.push({ what: 'details line', line: task.detailsLine });
    for (const cell of Object.values(task.cells) as Array<TextSpan | null>) if (cell) found.push({ what: `cell ${cell.text}`, ...cell });
  }
  for (const details of plan.details) {
    found.push({ what: `details ${details.id}`, line: details.line }, { what: 'details end', line: details.endLine });
    for (const field of details.fields) found.push({ what: `field ${field.name}`, ...field });
  }
  for (const reference of plan.references) found.push({ what: `reference ${reference.label}`, ...reference });
  for (const definition of plan.definitions) found.push({ what: `definition ${definition.identifier}`, line: definition.line });
  return found;
}

function assertInside(text: string, plan: Plan): void {
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  for (const { what, line, column, endColumn } of positions(plan)) {
    assert.ok(Number.isInteger(line) && line >= 1 && line <= lines.length, `${what}: line ${line} of ${lines.length}`);
    const length = lines[line - 1].length;
    if (column !== undefined) assert.ok(column >= 1 && column <= length + 1, `${what}: column ${column} on a line of ${length}`);
    if (endColumn !== undefined) assert.ok(endColumn >= (column ?? 1) && endColumn <= length + 1, `${what}: end column ${endColumn} on a line of ${length}`);
  }
}

/** Text built from the characters and words that plans are made of, so the parser's paths are all reached. */
const planLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\n\n', '\r\n', '\r', ' ', '  ', '   ', '\t', '# ', '### ', '1. ', '- ', '* ', '> ', '|', ' | ', '---', '```', '~~~', '**', '_', '\\', '[', ']', '(', ')', '<', '>', '<!--', '=>'),
      fc.constantFrom('KR:', 'CEO KR:', 'OBJECTIVE:', 'Key Result 1:', 'Sales:', 'Workgroup:', 'TBD', 'X%', '✅', 'ðŸš«', '[_N<sub>1</sub>_][n1]', '[n1]: http://x', '| # | Status | Responsible | Project |', '|---|---|---|---|'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

test('parsePlan never throws and reports only positions inside the document', () => {
  fc.assert(
    fc.property(planLike, (text) => {
      assertInside(text, parsePlan(text));
    }),
    { seed: 20241125, numRuns: 1500 },
  );
});

const hostile: Record<string, () => string> = {
  'a 1 MB line': () => `# FY24Q1 OKRs\n\n- KR: ${'word '.repeat(200_000)}\n`,
  '10,000 nested list levels': () => `# FY24Q1 OKRs\n\n${'- '.repeat(10_000)}KR: deep\n`,
  '10,000 nested ordered list levels': () => `${'1. '.repeat(10_000)}**CEO: deep**\n`,
  '10,000 nested blockquotes': () => `${'>'.repeat(10_000)} KR: deep\n`,
  '2,000 lines of growing blockquote depth, up to 200': () => Array.from({ length: 2_000 }, (_, i) => `${'> '.repeat(Math.min(i, 200))}KR: ${i}`).join('\n'),
  '100,000 brackets': () => `KR: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
  'NUL and control bytes': () => `# FY24Q1 OKRs\n\n\u0000**CEO: \u0001Grow\u0007**\n\n- KR: 5\u0000% \u001b[31m\n| # | Status |\u0000\n`,
  'a BOM and CRLF': () => '\uFEFF# FY24Q1 OKRs\r\n\r\n**OBJECTIVE: Grow**\r\n\r\n- KR: 10 deals\r\n',
  'lone surrogates': () => `# FY24Q1 OKRs\n\n- KR: \uD800 broken \uDFFF\n`,
};

for (const [name, make] of Object.entries(hostile)) {
  test(`parsePlan survives ${name}`, { timeout: 60_000 }, () => {
    const text = make();
    assertInside(text, parsePlan(text));
  });
}

test('hostile lines keep the plan around them intact', () => {
  const text = `# FY24Q1 OKRs\n\n**OBJECTIVE: Survive**\n\n- KR: 99% uptime\n\n${'>'.repeat(10_000)} noise\n\n- KR: 5 incidents at most\n`;
  const plan = parsePlan(text);
  assert.deepEqual(plan.objectives.map((objective) => [objective.title, objective.keyResults.map((kr) => kr.text)]), [['Survive', ['99% uptime', '5 incidents at most']]]);
});
