/**
 * Scores in the editor: the CodeLens above each scored objective, and the
 * hover on objective and key result lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../server/src/okr/parse/parser';
import { Roster } from '../../server/src/okr/model/roster';
import { defaultStatusSet } from '../../server/src/okr/model/statuses';
import { computeCodeLenses } from '../../server/src/lsp/features/codeLens';
import { computeHover } from '../../server/src/lsp/features/hover';

const TEXT = [
  '# Team OKRs Q1 2024',
  '',
  '## Objective: Ship the new search',
  '',
  '- KR: Index every repository => 80%',
  '- KR: Answer in under 200 ms => 40%',
  '- KR: Publish the docs => WIP',
  '',
  '## Objective: Grow the team',
  '',
  '- KR: Hire two engineers',
  '',
].join('\n');

describe('scores in the editor', () => {
  const doc = parseDocument(TEXT);
  const context = { roster: Roster.combine([], [], []), statuses: defaultStatusSet };

  it('puts a lens with the rolled-up score and band on each scored objective, and none on an unscored one', () => {
    const lenses = computeCodeLenses(doc);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 2);
    assert.equal(lenses[0].command?.title, '🟡 Score 0.6 (yellow), average of 2 of 3 scored');
  });

  it('explains the score on objective and key result lines', () => {
    const hover = (line: number): string => JSON.stringify(computeHover(doc, context, { line, character: 8 })?.contents ?? null);
    assert.match(hover(2), /Objective score.*0\.6 \(yellow\), average of 2 of 3 scored/);
    assert.match(hover(4), /Key result score.*0\.8 \(green\), from its progress note/);
    assert.match(hover(6), /Key result score.*none/);
    assert.match(hover(8), /no score: none of its 1 key results/);
    assert.equal(hover(1), 'null');
  });

  it('says on the title and objective lines when the plan was last checked in, where that is known', () => {
    const hover = (line: number, last: string | null): string => JSON.stringify(computeHover(doc, context, { line, character: 2 }, [], last)?.contents ?? null);
    assert.match(hover(0, 'last check-in 12 days ago, by Ana'), /read as a plan because.*\\n\\nLast check-in 12 days ago, by Ana\./);
    assert.match(hover(2, 'last check-in 12 days ago, by Ana'), /Objective score.*scored\.\\n\\nLast check-in 12 days ago, by Ana\./);
    assert.doesNotMatch(hover(4, 'last check-in 12 days ago, by Ana'), /check-in/, 'not on key results');
    assert.doesNotMatch(hover(2, null), /check-in/);
    assert.match(hover(2, 'last check-in today, by Bo'), /Last check-in today, by Bo\./);
  });
});
