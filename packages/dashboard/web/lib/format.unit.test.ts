import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, formatMoney } from './format.ts';

const test = suite('format');

test('durations pick a unit a person reads at a glance', () => {
  assert.is(formatDuration(null), '–');
  assert.is(formatDuration(850.4), '850 ms');
  assert.is(formatDuration(12_340), '12.3 s');
  assert.is(formatDuration(245_000), '4 min 5 s');
  assert.is(formatDuration(3 * 3600_000 + 20 * 60_000), '3 h 20 min');
  assert.is(formatDuration(2 * 86400_000 + 4 * 3600_000), '2 d 4 h');
});

test('money is integer minor units in the currency given', () => {
  assert.is(formatMoney(1250, 'GBP'), '£12.50');
  assert.is(formatMoney(500, 'JPY'), 'JP¥500');
});

test.run();
