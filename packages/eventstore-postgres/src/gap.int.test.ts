/**
 * Postgres-specific checks of what the contract can only probe statistically: a transaction that
 * took its position first but commits last must not be skipped or reordered, and wake-ups cross
 * processes through LISTEN/NOTIFY.
 */
import * as assert from 'node:assert/strict';
import { newId, type RecordedEvent } from '@orderflow/core';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; pool: pg.Pool }>('postgres event store: commit order and wake-ups');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_gap');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 10 });
  await ensureEventStoreSchema(ctx.pool);
});
test.after(async ({ db, pool }) => {
  await pool.end();
  await db.drop();
});

test('an append that commits after a later one is delivered first, never skipped', async ({ pool }) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ onEvents: async (events) => void seen.push(...events) });

  // Transaction A appends first (takes the lower transaction id, through the same function as
  // every append) and stays open.
  const slow = await pool.connect();
  await slow.query('BEGIN');
  const slowId = newId();
  await slow.query(
    `SELECT * FROM eventstore.append_events(ARRAY['slow-1'], ARRAY['no_stream'], ARRAY[1],
       ARRAY[$1::uuid], ARRAY['Slow'], ARRAY['{}'::jsonb], ARRAY['{"schemaVersion":1}'::jsonb], ARRAY[1], 'orderflow_events_eventstore')`,
    [slowId],
  );
  // B appends and commits while A is open: B's position is higher than A's.
  const fastId = newId();
  await store.appendToStream('fast-1', [{ id: fastId, type: 'Fast', data: {} }]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(seen.length, 0, 'B must wait behind the open transaction A');

  await slow.query('COMMIT');
  slow.release();
  await store.appendToStream('wake-1', [{ id: newId(), type: 'Wake', data: {} }]);
  await eventually('both events', () => seen.length >= 3);
  assert.deepEqual(seen.map((e) => e.id).slice(0, 2), [slowId, fastId]);
  assert.ok(seen[0]!.position < seen[1]!.position);
  await subscription.stop();
  await store.close();
});

test('a subscriber in another process (own pool) is woken through NOTIFY', async ({ db }) => {
  const writerPool = new pg.Pool({ connectionString: db.url, max: 2 });
  const readerPool = new pg.Pool({ connectionString: db.url, max: 2 });
  const writer = createPostgresEventStore(writerPool, { pollIntervalMs: 60_000 });
  const reader = createPostgresEventStore(readerPool, { pollIntervalMs: 60_000 });
  const head = await reader.headPosition();
  const seen: RecordedEvent[] = [];
  const subscription = reader.subscribeToAll({
    after: head,
    onEvents: async (events) => void seen.push(...events),
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const id = newId();
  await writer.appendToStream(`cross-${newId()}`, [{ id, type: 'Cross', data: {} }]);
  await eventually('cross-process delivery', () => seen.some((e) => e.id === id), { timeoutMs: 5_000 });
  await subscription.stop();
  await Promise.all([writer.close(), reader.close()]);
  await Promise.all([writerPool.end(), readerPool.end()]);
});

test.run();
