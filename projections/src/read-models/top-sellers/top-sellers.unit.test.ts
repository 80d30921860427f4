import * as assert from 'node:assert/strict';
import type { Event, RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import { setValue, zsetValue } from '../../runtime/redis/values.ts';
import { recordedEvent, redisProjectionSpecification } from '../../testing/redis-specification.ts';
import { evolveProductRow, type ProductRow } from '../stock-levels/row.ts';
import { topSellersProjection } from './projection.ts';
import { evolveSeller, scoreOfUnits, unitsOfScore, type TopSeller, type TopSellersEvent } from './row.ts';

const spec = redisProjectionSpecification(topSellersProjection);
const registered = (sku: string): Event => ({
  type: 'ProductRegistered',
  data: { sku, name: sku, unitPrice: 100, currency: 'EUR' },
});
const committed = (sku: string, quantity: number): Event => ({
  type: 'StockCommitted',
  data: { sku, orderId: 'o-1', quantity },
});

test('units sold add up per SKU, scored −units', async () => {
  await spec
    .given([registered('MUG'), registered('TEA'), committed('MUG', 2)])
    .when([committed('TEA', 1), committed('MUG', 3)])
    .then({
      registered: setValue(['MUG', 'TEA']),
      units: zsetValue([
        ['MUG', -5],
        ['TEA', -1],
      ]),
    });
});

test('a SKU that sold nothing is not ranked', async () => {
  await spec
    .given([registered('MUG')])
    .when([registered('TEA'), committed('MUG', 1)])
    .then({ registered: setValue(['MUG', 'TEA']), units: zsetValue([['MUG', -1]]) });
});

test('commits of an unregistered SKU are ignored, as stock-levels ignores them', async () => {
  await spec
    .given([committed('GHOST', 4)])
    .when([registered('GHOST'), committed('GHOST', 1)])
    .then({ registered: setValue(['GHOST']), units: zsetValue([['GHOST', -1]]) });
});

test('scores round-trip to units', () => {
  for (const units of [0, 1, 7, 123456]) assert.equal(unitsOfScore(scoreOfUnits(units)), units);
});

test('agrees with the sold units of evolveProductRow (stock-levels)', () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let run = 0; run < 300; run++) {
    let row: ProductRow | null = null;
    let entry: TopSeller | null = null;
    for (let i = 0; i < 10; i++) {
      const event = recordedEvent(
        random(4) === 0 ? registered('X') : committed('X', 1 + random(5)),
      ) as RecordedEvent<TopSellersEvent>;
      row = evolveProductRow(row, event);
      entry = evolveSeller(entry, event);
      assert.deepEqual(entry, row && { sku: row.sku, units: row.sold });
    }
  }
});

test.run();
