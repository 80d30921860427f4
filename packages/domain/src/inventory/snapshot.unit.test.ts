import * as assert from 'node:assert/strict';
import { foldEvents } from '@orderflow/core';
import { test } from 'uvu';
import { inventoryDecider } from './index.ts';
import { inventorySnapshot } from './snapshot.ts';
import { added, committed, failed, registered, released, reserve, reserved } from './test-fixtures.ts';

const history = [
  registered,
  added(10),
  reserved('o-1', 2),
  reserved('o-2', 3),
  committed('o-1', 2),
  released('o-2', 3),
  reserved('o-3', 4),
  failed('o-4', 99, 'INSUFFICIENT_STOCK', 4),
];

/** Through JSON, as the snapshot store keeps it. */
const roundTrip = (state: unknown) =>
  inventorySnapshot.decode(JSON.parse(JSON.stringify(inventorySnapshot.encode(state as never))));

test('a snapshot restores exactly the folded state, maps included', () => {
  const state = foldEvents(inventoryDecider, history);
  assert.deepEqual(roundTrip(state), state);
  const unregistered = foldEvents(inventoryDecider, [failed('o-9', 1, 'UNKNOWN_PRODUCT', 0)]);
  assert.deepEqual(roundTrip(unregistered), unregistered);
});

test('deciding on a restored state gives what deciding on the folded state gives', () => {
  for (const command of [reserve('o-3', 4), reserve('o-1', 2), reserve('o-5', 4), reserve('o-6', 5)]) {
    const folded = foldEvents(inventoryDecider, history);
    const restored = roundTrip(foldEvents(inventoryDecider, history));
    assert.deepEqual(inventoryDecider.decide(command, restored), inventoryDecider.decide(command, folded));
  }
});

test('the encoded snapshot is a copy: evolving the state afterwards does not change it', () => {
  const state = foldEvents(inventoryDecider, history);
  const encoded = inventorySnapshot.encode(state);
  inventoryDecider.evolve(state, reserved('o-7', 1)); // mutates the maps in place
  assert.deepEqual(encoded, inventorySnapshot.encode(foldEvents(inventoryDecider, history)));
});

test('decode refuses what is not an inventory snapshot', () => {
  for (const bad of [null, 'x', {}, { status: 'registered', settled: [] }])
    assert.throws(() => inventorySnapshot.decode(bad), TypeError);
});

test.run();
