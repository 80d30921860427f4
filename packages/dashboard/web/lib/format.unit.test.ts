import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAxisTimes, formatDuration, formatHour, formatMoney, formatTime } from './format.ts';

const test = suite('format');
const UTC_GB = { locale: 'en-GB', timeZone: 'UTC' };
const AT = '2026-12-06T21:06:30.125Z';
/** ICU versions differ in the space they put before AM/PM (U+0020 or U+202F): compare with plain spaces. */
const plain = (text: string) => text.replace(/\s/gu, ' ');

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

test('times are written the locale’s way, to the millisecond, never as raw ISO', () => {
  assert.is(formatTime(AT, UTC_GB), '6 Dec 2026, 21:06:30.125');
  assert.is(plain(formatTime(AT, { locale: 'en-US', timeZone: 'UTC' })), 'Dec 6, 2026, 09:06:30.125 PM');
  assert.is(formatTime(AT, { locale: 'de-DE', timeZone: 'UTC' }), '6. Dez. 2026, 21:06:30,125');
  assert.is(formatTime(Date.parse(AT), UTC_GB), '6 Dec 2026, 21:06:30.125', 'ms since the epoch too');
  assert.is(formatTime(AT, { locale: 'en-GB', timeZone: 'Asia/Tokyo' }), '7 Dec 2026, 06:06:30.125');
  assert.is(formatTime(null), '–');
  assert.is(formatTime('not a time'), '–');
});

test('report hours in the locale', () => {
  assert.is(formatHour('2026-12-06T09:00:00Z', UTC_GB), '09:00');
  assert.is(plain(formatHour('2026-12-06T09:00:00Z', { locale: 'en-US', timeZone: 'UTC' })), '09:00 AM');
});

test('chart axes use the same formats: seconds, minutes or days by tick spacing', () => {
  const t = Date.parse(AT) / 1000;
  assert.equal(formatAxisTimes([t, t + 10], 10, UTC_GB), ['21:06:30', '21:06:40']);
  assert.equal(formatAxisTimes([t], 3600, UTC_GB), ['21:06']);
  assert.equal(formatAxisTimes([t], 3600, { locale: 'en-US', timeZone: 'UTC' }).map(plain), ['09:06 PM']);
  assert.equal(formatAxisTimes([t, t + 86_400], 86_400, UTC_GB), ['6 Dec', '7 Dec']);
  assert.equal(formatAxisTimes([t], 86_400, { locale: 'de-DE', timeZone: 'UTC' }), ['6. Dez.']);
});

test.run();
