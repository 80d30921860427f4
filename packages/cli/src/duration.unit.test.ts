import * as assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { test } from 'uvu';
import { parseDurationSeconds } from './duration.ts';

test('durations as an operator types them, in seconds', () => {
  assert.equal(parseDurationSeconds('30s'), 30);
  assert.equal(parseDurationSeconds('10m'), 600);
  assert.equal(parseDurationSeconds('2h'), 7200);
  assert.equal(parseDurationSeconds('1.5h'), 5400);
  assert.equal(parseDurationSeconds('1d'), 86_400);
  assert.equal(parseDurationSeconds('600'), 600, 'a bare number is seconds');
  assert.equal(parseDurationSeconds(' 0m '), 0);
});

test('anything else is a usage error', () => {
  for (const bad of ['', 'ten minutes', '10 parsecs', '-5m', 'm10', 'Infinity'])
    assert.throws(() => parseDurationSeconds(bad), InvalidArgumentError, bad);
});

test.run();
