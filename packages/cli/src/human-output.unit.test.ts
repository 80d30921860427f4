import * as assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { test } from 'uvu';
import { colourStatus, humanDuration, plainStyle, renderTable, terminalStyle } from './human-output.ts';

// The escape character that starts every ANSI colour code: what "no colour" must never contain.
const ESCAPE = '\u001b';
const tty = { isTTY: true };

test('colour only on a TTY, and never with NO_COLOR or TERM=dumb', () => {
  assert.deepEqual(terminalStyle(tty, {}), { colour: true });
  assert.deepEqual(terminalStyle({ isTTY: false }, {}), { colour: false });
  assert.deepEqual(terminalStyle({}, {}), { colour: false }, 'a pipe has no isTTY');
  assert.deepEqual(terminalStyle(tty, { NO_COLOR: '1' }), { colour: false });
  // no-color.org: an empty NO_COLOR does not count.
  assert.deepEqual(terminalStyle(tty, { NO_COLOR: '' }), { colour: true });
  assert.deepEqual(terminalStyle(tty, { TERM: 'dumb' }), { colour: false });
});

test('status words are coloured by meaning on a colour terminal', () => {
  const colour = terminalStyle(tty, {});
  assert.equal(colourStatus('parked', colour), '\u001b[31mparked\u001b[39m');
  assert.equal(colourStatus('completed', colour), '\u001b[32mcompleted\u001b[39m');
  assert.equal(colourStatus('catching-up', colour), '\u001b[33mcatching-up\u001b[39m');
  assert.equal(colourStatus('parked', colour, '3'), '\u001b[31m3\u001b[39m');
  assert.equal(colourStatus('whatever', colour), 'whatever');
});

test('NO_COLOR and a pipe give tables without any escape code', () => {
  for (const style of [
    terminalStyle(tty, { NO_COLOR: '1' }),
    terminalStyle({ isTTY: false }, {}),
    plainStyle,
  ]) {
    const lines = renderTable(['id', 'status'], [['s-1', colourStatus('parked', style)]], style);
    assert.deepEqual(lines, ['ID   STATUS', 's-1  parked']);
    for (const line of lines) assert.ok(!line.includes(ESCAPE), JSON.stringify(line));
  }
});

test('tables align columns two spaces apart, with no borders or trailing spaces', () => {
  const lines = renderTable(
    ['projection', 'lag', 'error'],
    [
      ['order-details', '0 events', ''],
      ['daily-sales', '12 events', 'boom'],
    ],
    plainStyle,
  );
  assert.deepEqual(lines, [
    'PROJECTION     LAG        ERROR',
    'order-details  0 events',
    'daily-sales    12 events  boom',
  ]);
  assert.deepEqual(renderTable(['id'], [], plainStyle), [], 'no rows, no lines');
});

test('colour codes do not shift the columns', () => {
  const style = terminalStyle(tty, {});
  const lines = renderTable(
    ['status', 'n'],
    [
      [colourStatus('parked', style), 1],
      ['x', 2],
    ],
    style,
  );
  assert.ok(lines[1]!.includes(ESCAPE), 'coloured');
  assert.deepEqual(lines.map(stripVTControlCharacters), ['STATUS  N', 'parked  1', 'x       2']);
});

test('durations read as a person says them, two units at most', () => {
  assert.equal(humanDuration(512_022), '8m 32s');
  assert.equal(humanDuration(850.4), '850ms');
  assert.equal(humanDuration(12_340), '12s');
  assert.equal(humanDuration(3 * 3600_000 + 20 * 60_000 + 5000), '3h 20m');
  assert.equal(humanDuration(2 * 86400_000 + 4 * 3600_000), '2d 4h');
  assert.equal(humanDuration(-5), '0ms', 'clock skew is not negative time');
  assert.equal(humanDuration(null), '-');
  assert.equal(humanDuration(Number.NaN), '-');
});

test.run();
