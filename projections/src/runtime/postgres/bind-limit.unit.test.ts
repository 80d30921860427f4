import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { bindChunks, MAX_BIND_PARAMETERS } from './bind-limit.ts';

test('chunks keep rows × columns within the bind limit, in order, all rows once', () => {
  const rows = Array.from({ length: 40_000 }, (_, i) => ({ hour: 'h', sku: `S${i}`, units: i, orders: 1 }));
  const chunks = bindChunks(rows);
  assert.ok(chunks.every((c) => c.length * 4 <= MAX_BIND_PARAMETERS - 100));
  assert.deepEqual(chunks.flat(), rows);
  assert.equal(chunks.length, 3);
});

test('few rows are one chunk; none are none', () => {
  assert.deepEqual(bindChunks([{ a: 1 }, { a: 2 }]), [[{ a: 1 }, { a: 2 }]]);
  assert.deepEqual(bindChunks([]), []);
});

test.run();
