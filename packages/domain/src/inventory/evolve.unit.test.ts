import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { foldEvents } from '@orderflow/core';
import { availableStock, inventoryDecider, inventoryStream, type InventoryEvent } from './index.ts';
import { added, committed, failed, registered, released, reserved } from './test-fixtures.ts';

test('evolve tracks on-hand, reserved, open and settled reservations', () => {
  const state = foldEvents(inventoryDecider, [
    registered,
    added(10),
    reserved('o1', 3),
    reserved('o2', 2),
    reserved('o3', 1),
    committed('o1', 3),
    released('o2', 2),
    failed('o4', 50, 'INSUFFICIENT_STOCK', 4),
  ]);
  assert.equal(state.status, 'registered');
  if (state.status !== 'registered') return;
  assert.equal(state.onHand, 7);
  assert.equal(state.reserved, 1);
  assert.equal(availableStock(state), 6);
  assert.deepEqual([...state.open], [['o3', 1]]);
  assert.deepEqual(
    [...state.settled],
    [
      ['o1', 'committed'],
      ['o2', 'released'],
      ['o4', 'reserved-failed'],
    ],
  );
});

test('an unregistered SKU remembers failed reservations and keeps them after registration', () => {
  const before = foldEvents(inventoryDecider, [failed('o1', 1, 'UNKNOWN_PRODUCT', 0)]);
  assert.equal(before.status, 'unregistered');
  assert.equal(availableStock(before), 0);
  const after = foldEvents(inventoryDecider, [failed('o1', 1, 'UNKNOWN_PRODUCT', 0), registered]);
  assert.equal(after.settled.get('o1'), 'reserved-failed');
});

test('evolve ignores events that do not apply', () => {
  const state = foldEvents(inventoryDecider, [added(5), reserved('o1', 1), registered, registered]);
  assert.equal(state.status, 'registered');
  if (state.status === 'registered') assert.equal(state.onHand, 0);
});

test('initialState returns fresh maps each time', () => {
  const a = inventoryDecider.initialState();
  const b = inventoryDecider.initialState();
  assert.notEqual(a.settled, b.settled);
});

test('folding 100,000 reservations and commits on one SKU keeps the counts exact', () => {
  const n = 100_000;
  const events: InventoryEvent[] = [registered, added(n + 500)];
  for (let i = 0; i < n; i++) {
    events.push(reserved(`o${i}`, 1));
    events.push(committed(`o${i}`, 1));
  }
  // A few reservations left open at the end.
  for (let i = n; i < n + 5; i++) events.push(reserved(`o${i}`, 10));

  const state = foldEvents(inventoryDecider, events);
  assert.equal(state.status, 'registered');
  if (state.status !== 'registered') return;
  assert.equal(state.onHand, 500);
  assert.equal(state.reserved, 50);
  assert.equal(availableStock(state), 450);
  assert.equal(state.open.size, 5);
  assert.equal(state.settled.size, n);
});

test('inventoryStream names the stream inventory-<sku>', () => {
  assert.equal(inventoryStream('MUG-BLUE'), 'inventory-MUG-BLUE');
});

test.run();
