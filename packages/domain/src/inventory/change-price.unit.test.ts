import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { foldEvents } from '@orderflow/core';
import { deciderSpecification } from '@orderflow/core/testing';
import { inventoryDecider, type ChangePrice, type PriceChanged } from './index.ts';
import { added, registered, reserve, reserved, sku } from './test-fixtures.ts';

const spec = deciderSpecification(inventoryDecider);

const changePrice = (unitPrice: unknown): ChangePrice =>
  ({ type: 'ChangePrice', data: { sku, unitPrice } }) as ChangePrice;
const priceChanged = (unitPrice: number, previousUnitPrice: number): PriceChanged => ({
  type: 'PriceChanged',
  data: { sku, unitPrice, previousUnitPrice, currency: 'EUR' },
});

test('a price change records the new and the previous price in the product currency', () => {
  spec
    .given([registered, added(10)])
    .when(changePrice(1400))
    .then([priceChanged(1400, 1250)]);
});

test('the next change starts from the changed price', () => {
  spec
    .given([registered, priceChanged(1400, 1250)])
    .when(changePrice(990))
    .then([priceChanged(990, 1400)]);
});

test('setting the current price again changes nothing', () => {
  spec.given([registered]).when(changePrice(1250)).then([]);
});

test('the price of an unregistered product cannot change: NOT_FOUND', () => {
  spec.given([]).when(changePrice(1400)).thenThrows('NOT_FOUND');
});

test('a price is a positive safe integer of minor units', () => {
  for (const bad of [0, -1, 12.5, '1400', Number.MAX_SAFE_INTEGER + 1, null])
    spec.given([registered]).when(changePrice(bad)).thenThrows('VALIDATION_FAILED');
});

test('the state carries the new price and keeps the stock', () => {
  const state = foldEvents(inventoryDecider, [
    registered,
    added(10),
    reserved('o-1', 3),
    priceChanged(1400, 1250),
  ]);
  assert.equal(state.status, 'registered');
  if (state.status !== 'registered') return;
  assert.equal(state.unitPrice, 1400);
  assert.equal(state.onHand, 10);
  assert.equal(state.reserved, 3);
  // and reservations go on as before
  spec
    .given([registered, added(10), priceChanged(1400, 1250)])
    .when(reserve('o-2', 4))
    .then([reserved('o-2', 4)]);
});

test.run();
