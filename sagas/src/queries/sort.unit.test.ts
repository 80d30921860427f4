import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { decodeSortCursor, encodeSortCursor, resolveSort } from './sort.ts';
import { encodeCursor } from './cursor.ts';

test('cursors carry the keyset of their order, and only fit a list in that order', () => {
  const created = encodeSortCursor('created_at', { seq: '42', micros: '1796591612076123' });
  assert.deepEqual(decodeSortCursor('created_at', created), { seq: '42', micros: '1796591612076123' });
  assert.throws(() => decodeSortCursor('updated_at', created), /in this order/);
  assert.throws(() => decodeSortCursor('seq', created), /in this order/);
  // Arrival order keeps the cursors of encodeCursor, so links made before still page on.
  assert.deepEqual(decodeSortCursor('seq', encodeCursor(7)), { seq: '7', micros: null });
  assert.throws(() => decodeSortCursor('created_at', 'bm9wZQ'), /not a cursor/);
});

test('the order defaults to arrival, newest first; anything else is refused', () => {
  assert.deepEqual(resolveSort({}), { orderBy: 'seq', direction: 'desc' });
  assert.deepEqual(resolveSort({ orderBy: 'updated_at', direction: 'asc' }), {
    orderBy: 'updated_at',
    direction: 'asc',
  });
  assert.throws(() => resolveSort({ orderBy: 'state' as never }), /orderBy must be one of/);
  assert.throws(() => resolveSort({ direction: 'up' as never }), /direction must be asc or desc/);
});

test.run();
