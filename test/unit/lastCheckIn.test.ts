/**
 * "last check-in 12 days ago, by Ana": whole calendar days in UTC, with
 * today given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysAgo, describeLastCheckIn } from '../../server/src/okr/history/lastCheckIn';
import { daysSince } from '../../server/src/okr/model/period';

const today = new Date('2026-12-01T09:00:00Z');

test('counts whole calendar days to today, whatever the hour or offset', () => {
  assert.equal(daysSince('2026-11-19T23:59:00Z', today), 12);
  assert.equal(daysSince('2026-11-30T08:00:00+02:00', today), 1);
  assert.equal(daysSince('2026-12-01T08:59:00Z', today), 0);
  assert.equal(daysSince('2026-12-03T10:00:00Z', today), 0, 'a date after today is today');
  assert.equal(daysSince('not a date', today), 0);
});

test('says when and by whom in words', () => {
  assert.equal(describeLastCheckIn({ date: '2026-11-19T10:00:00Z', author: 'Ana' }, today), 'last check-in 12 days ago, by Ana');
  assert.equal(describeLastCheckIn({ date: '2026-11-30T10:00:00Z', author: 'Bo' }, today), 'last check-in yesterday, by Bo');
  assert.equal(describeLastCheckIn({ date: '2026-12-01T07:00:00Z', author: 'Bo' }, today), 'last check-in today, by Bo');
});

test('says how long ago a check-in was, as the Check-ins view describes each', () => {
  assert.equal(daysAgo('2026-11-19T10:00:00Z', today), '12 days ago');
  assert.equal(daysAgo('2026-11-30T23:30:00Z', today), 'yesterday');
  assert.equal(daysAgo('2026-12-01T00:00:00Z', today), 'today');
});
