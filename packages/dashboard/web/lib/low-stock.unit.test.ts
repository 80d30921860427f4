import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { belowThreshold, mergeAlerts } from './low-stock.ts';

const row = (sku: string, low: boolean, available: number, position: string) => ({
  sku,
  low,
  available,
  threshold: 5,
  position,
});

test('a later clear removes a SKU; an earlier row never brings it back', () => {
  let alerts = mergeAlerts(new Map(), [row('MUG', true, 3, '10'), row('CUP', true, 1, '12')]);
  alerts = mergeAlerts(alerts, [row('MUG', false, 9, '20')]);
  alerts = mergeAlerts(alerts, [row('MUG', true, 3, '10')]); // a stale lowStock answer
  assert.deepEqual(
    belowThreshold(alerts).map((a) => [a.sku, a.short]),
    [['CUP', 4]],
  );
  alerts = mergeAlerts(alerts, [row('MUG', true, 2, '30')]);
  assert.deepEqual(
    belowThreshold(alerts).map((a) => [a.sku, a.available]),
    [
      ['CUP', 1],
      ['MUG', 2],
    ],
  );
});

test('positions compare as integers beyond 2^53', () => {
  const alerts = mergeAlerts(new Map(), [row('MUG', true, 1, '9007199254740993')]);
  assert.equal(mergeAlerts(alerts, [row('MUG', false, 9, '9007199254740992')]).get('MUG')!.low, true);
});

test.run();
