/**
 * Renaming a teammate keeps each place in its own form (first name, full
 * name, handle) and rewrites the roster entry's values, quotes kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRosterYaml } from '../../server/src/okr/model/roster';
import { bareName, nameForm, newNameProblem, newWrittenName, renamedNames, rosterEntryEdits, rosterFieldAt } from '../../server/src/okr/model/teammateRename';

const rosterText = ['# The team', 'nonso_obi:', '  name: Nonso Obi', '  role: Lead', '  github: "@nonso"', 'warren_diaz:', "  name: 'Warren Diaz'", '  github: wdiaz', ''].join('\n');
const [nonso, warren] = parseRosterYaml(rosterText, '/h/data/team.yml').teammates;

test('a written name is read as first name, full name or handle, with a leading @ and a trailing note set aside', () => {
  assert.deepEqual(bareName('@nonso (backup)'), { text: 'nonso', offset: 1 });
  assert.equal(nameForm(nonso, 'Nonso'), 'first');
  assert.equal(nameForm(nonso, 'nonso obi'), 'full');
  assert.equal(nameForm(warren, '@wdiaz'), 'handle');
  assert.equal(nameForm(warren, 'Warrenn'), null);
  assert.equal(nameForm(nonso, '@nonso'), 'handle', 'a handle that equals the first name, written as a handle');
  assert.equal(nameForm(nonso, 'Nonso'), 'first');
});

test('a new first name changes full names too; a new full name changes the first; a new handle only handles', () => {
  assert.deepEqual(renamedNames(nonso, 'first', 'Nnamdi'), { name: 'Nnamdi Obi', firstName: 'Nnamdi', github: 'nonso' });
  assert.deepEqual(renamedNames(nonso, 'full', ' Nonso  Adeyemi '), { name: 'Nonso Adeyemi', firstName: 'Nonso', github: 'nonso' });
  assert.deepEqual(renamedNames(warren, 'handle', '@wdiaz2'), { name: 'Warren Diaz', firstName: 'Warren', github: 'wdiaz2' });
  const names = renamedNames(nonso, 'first', 'Nnamdi');
  assert.equal(newWrittenName('full', names), 'Nnamdi Obi');
  assert.equal(newWrittenName('first', names), 'Nnamdi');
});

test('a new name that would read as two names or a field is refused with a reason', () => {
  assert.equal(newNameProblem('Ann Lee'), null);
  assert.match(newNameProblem('Ann, Lee') ?? '', /separate names/);
  assert.match(newNameProblem('Tom and Jerry') ?? '', /"and"/);
  assert.match(newNameProblem('  ') ?? '', /empty/);
});

test('the roster entry gets its new name and handle, quotes and @ kept, other entries untouched', () => {
  const lines = rosterText.split('\n');
  assert.deepEqual(rosterEntryEdits(lines, nonso, renamedNames(nonso, 'handle', 'nobi')), [{ text: '@nonso', line: 5, column: 12, endColumn: 18, newText: '@nobi' }]);
  assert.deepEqual(rosterEntryEdits(lines, warren, renamedNames(warren, 'first', 'Wren')), [{ text: 'Warren Diaz', line: 7, column: 10, endColumn: 21, newText: 'Wren Diaz' }]);
  assert.deepEqual(rosterEntryEdits(lines, nonso, renamedNames(nonso, 'first', 'Nonso')), [], 'an unchanged name needs no edit');
});

test('a rename in the roster starts on a name: or github: value, nowhere else', () => {
  const lines = rosterText.split('\n');
  assert.deepEqual(rosterFieldAt(lines, 2, 10), { text: 'Nonso Obi', line: 3, column: 9, endColumn: 18, form: 'full' });
  assert.equal(rosterFieldAt(lines, 4, 12)?.form, 'handle');
  assert.equal(rosterFieldAt(lines, 3, 10), null, 'a role is no name');
  assert.equal(rosterFieldAt(lines, 1, 3), null, 'nor is a slug');
});
