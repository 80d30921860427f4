/**
 * The Postgres adapter's EventSearchCapability on a real database: search by order id (its
 * stream and events naming it), by correlation id, by type, AND-ed, in position order, after a
 * cursor, bounded; an append still in progress is not returned (the read horizon).
 */
import * as assert from 'node:assert/strict';
import { hasErrorCode, newId, type NewEvent } from '@orderflow/core';
import { canSearchEvents } from '@orderflow/eventstore';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; pool: pg.Pool }>('postgres event store: searchEvents');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_search');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 4 });
  await ensureEventStoreSchema(ctx.pool);
});
test.after(async ({ db, pool }) => {
  await pool.end();
  await db.drop();
});

const ev = (type: string, data: Record<string, unknown>, correlationId: string): NewEvent => ({
  id: newId(),
  type,
  data,
  metadata: { correlationId },
});

test('order id, correlation id and types are AND-ed, in position order, after a cursor', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  assert.ok(canSearchEvents(store));
  await store.appendToStream('order-a', [ev('OrderCreated', { orderId: 'a' }, 'a')]);
  await store.appendToStream('inventory-x', [ev('StockReserved', { sku: 'x', orderId: 'a' }, 'a')]);
  await store.appendToStream('inventory-x', [ev('StockReserved', { sku: 'x', orderId: 'b' }, 'b')]);
  await store.appendToStream('coupon-c', [ev('CouponRedeemed', { code: 'c' }, 'a')]);
  await store.appendToStream('order-a', [ev('OrderConfirmed', { orderId: 'a' }, 'a')]);
  // An order id that only another order's stream name starts with does not match.
  await store.appendToStream('order-ab', [ev('OrderCreated', { orderId: 'ab' }, 'ab')]);

  const describe = (events: Awaited<ReturnType<typeof store.searchEvents>>) =>
    events.map((e) => `${e.streamName}:${e.type}`);
  const byOrder = await store.searchEvents({ orderId: 'a', maxCount: 100 });
  assert.deepEqual(describe(byOrder), [
    'order-a:OrderCreated',
    'inventory-x:StockReserved',
    'order-a:OrderConfirmed',
  ]);
  assert.deepEqual(describe(await store.searchEvents({ correlationId: 'a', maxCount: 100 })), [
    'order-a:OrderCreated',
    'inventory-x:StockReserved',
    'coupon-c:CouponRedeemed',
    'order-a:OrderConfirmed',
  ]);
  assert.deepEqual(
    describe(await store.searchEvents({ orderId: 'a', eventTypes: ['StockReserved'], maxCount: 100 })),
    ['inventory-x:StockReserved'],
  );
  assert.deepEqual(
    describe(await store.searchEvents({ orderId: 'a', correlationId: 'b', maxCount: 100 })),
    [],
  );
  assert.deepEqual(
    describe(await store.searchEvents({ orderId: 'a', after: byOrder[0]!.position, maxCount: 1 })),
    ['inventory-x:StockReserved'],
  );
  assert.equal(byOrder[0]!.metadata.recordedAt instanceof Date, true);
  const refused = await store.searchEvents({ orderId: 'a', maxCount: -1 }).catch((e: unknown) => e);
  assert.ok(hasErrorCode(refused, 'VALIDATION_FAILED'));
});

test('an append still in progress is not returned, nor anything after it', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  const before = await store.headPosition();
  const client = await pool.connect();
  try {
    // A transaction of the append function's kind, left open: its events are below the horizon
    // only once it commits.
    await client.query('BEGIN');
    await client.query(`SET LOCAL application_name = 'orderflow-append'`);
    await client.query('SELECT pg_current_xact_id()');
    await store.appendToStream('order-h', [ev('OrderCreated', { orderId: 'h' }, 'h')]);
    assert.deepEqual(await store.searchEvents({ orderId: 'h', after: before, maxCount: 10 }), []);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
  const after = await store.searchEvents({ orderId: 'h', after: before, maxCount: 10 });
  assert.deepEqual(
    after.map((e) => e.type),
    ['OrderCreated'],
  );
});

test.run();
