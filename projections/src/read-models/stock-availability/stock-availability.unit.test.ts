import * as assert from 'node:assert/strict';
import type { Event, RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import { hashValue } from '../../runtime/redis/values.ts';
import { recordedEvent, redisProjectionSpecification } from '../../testing/redis-specification.ts';
import { evolveProductRow, type ProductRow } from '../stock-levels/row.ts';
import { stockAvailabilityProjection } from './projection.ts';
import { evolveStockAvailability, type StockAvailability, type StockAvailabilityEvent } from './row.ts';

const spec = redisProjectionSpecification(stockAvailabilityProjection);
const registered = (sku: string): Event => ({
  type: 'ProductRegistered',
  data: { sku, name: `Product ${sku}`, unitPrice: 1250, currency: 'EUR' },
});
const stock = (type: string, sku: string, quantity: number): Event => ({
  type,
  data: { sku, quantity, orderId: 'o-1' },
});
const stockOf = (onHand: number, reserved: number, available: number) =>
  hashValue({ onHand: String(onHand), reserved: String(reserved), available: String(available) });

test('a registered product starts with nothing', async () => {
  await spec
    .given([])
    .when([registered('MUG')])
    .then({ 'sku:MUG': stockOf(0, 0, 0) });
});

test('restocks add on hand; reservations hold units; available = on hand − reserved', async () => {
  await spec
    .given([registered('MUG'), stock('StockAdded', 'MUG', 10)])
    .when([
      stock('StockReserved', 'MUG', 3),
      stock('StockReserved', 'MUG', 2),
      stock('StockReleased', 'MUG', 2),
    ])
    .then({ 'sku:MUG': stockOf(10, 3, 7) });
});

test('a commit takes the units out of on hand and reserved', async () => {
  await spec
    .given([registered('MUG'), stock('StockAdded', 'MUG', 10), stock('StockReserved', 'MUG', 4)])
    .when([stock('StockCommitted', 'MUG', 4)])
    .then({ 'sku:MUG': stockOf(6, 0, 6) });
});

test('available never goes below zero', async () => {
  await spec
    .given([registered('MUG'), stock('StockAdded', 'MUG', 1)])
    .when([stock('StockReserved', 'MUG', 3)])
    .then({ 'sku:MUG': stockOf(1, 3, 0) });
});

test('stock events before registration are ignored', async () => {
  await spec
    .given([stock('StockAdded', 'TEA', 5)])
    .when([registered('TEA'), stock('StockAdded', 'TEA', 2)])
    .then({ 'sku:TEA': stockOf(2, 0, 2) });
});

test('agrees with evolveProductRow (stock-levels) on random histories', () => {
  let seed = 42;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const types = ['ProductRegistered', 'StockAdded', 'StockReserved', 'StockReleased', 'StockCommitted'];
  for (let run = 0; run < 500; run++) {
    let row: ProductRow | null = null;
    let entry: StockAvailability | null = null;
    for (let i = 0; i < 12; i++) {
      const type = types[random(types.length)]!;
      const event = recordedEvent(
        type === 'ProductRegistered' ? registered('X') : stock(type, 'X', random(6)),
      ) as RecordedEvent<StockAvailabilityEvent>;
      row = evolveProductRow(row, event);
      entry = evolveStockAvailability(entry, event);
      const expected = row && {
        sku: row.sku,
        onHand: row.onHand,
        reserved: row.reserved,
        available: Math.max(0, row.onHand - row.reserved),
      };
      assert.deepEqual(entry, expected);
    }
  }
});

test.run();
