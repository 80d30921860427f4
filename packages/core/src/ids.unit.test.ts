import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { deterministicId, isUuid } from './index.ts';

// Ids already stored (event ids, command ids) must never change: this value was produced by the
// first implementation and pins the bytes (namespace, NUL-joined parts, version and variant bits).
test('a name-based id is stable across implementations', () => {
  assert.equal(
    deterministicId('order-fulfillment', 'order-1', 'ReserveStock'),
    '18019b5d-b4bf-5ba1-b11d-0f1499bc404f',
  );
});

test('a name-based id is a version 5, RFC variant UUID, and the parts are kept apart', () => {
  const id = deterministicId('a', 'bc');
  assert.ok(isUuid(id));
  assert.equal(id[14], '5');
  assert.ok('89ab'.includes(id[19]!));
  assert.notEqual(id, deterministicId('ab', 'c'));
  assert.equal(id, deterministicId('a', 'bc'));
});

test.run();
