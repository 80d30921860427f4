/**
 * The read horizon waits only for transactions that append (issue 11): a long transaction that
 * writes elsewhere — a read model's table in the same database, anything in another database on
 * the server — no longer holds subscribers back, while an appending transaction still does (see
 * gap.int.test.ts).
 */
import * as assert from 'node:assert/strict';
import { newId, type RecordedEvent } from '@orderflow/core';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; other: TestDatabase; pool: pg.Pool }>(
  'postgres event store: a horizon held back by appends only',
);

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_horizon');
  ctx.other = await createTestDatabase('es_horizon_other');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 10 });
  await ensureEventStoreSchema(ctx.pool);
  await ctx.pool.query('CREATE TABLE read_model (id int PRIMARY KEY, note text)');
});
test.after(async ({ db, other, pool }) => {
  await pool.end();
  await Promise.all([db.drop(), other.drop()]);
});

/** Opens a transaction on `client` that has written a row (so it holds a transaction id). */
async function holdWritingTransaction(client: pg.ClientBase, sql: string): Promise<void> {
  await client.query('BEGIN');
  await client.query(sql);
  const { rows } = await client.query<{ xid: string | null }>(
    'SELECT pg_current_xact_id_if_assigned()::text AS xid',
  );
  assert.ok(rows[0]?.xid, 'the blocking transaction has a transaction id');
}

test('writing transactions in another database and on a read-model table do not hold back delivery', async ({
  pool,
  other,
}) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const delivered = new Map<string, number>();
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({
    after: await store.headPosition(),
    onEvents: async (events) => {
      for (const e of events) delivered.set(e.id, performance.now());
      seen.push(...events);
    },
  });

  const otherDatabase = new pg.Client({ connectionString: other.url });
  await otherDatabase.connect();
  await otherDatabase.query('CREATE TABLE elsewhere (id int)');
  await holdWritingTransaction(otherDatabase, 'INSERT INTO elsewhere VALUES (1)');
  const readModel = await pool.connect();
  await holdWritingTransaction(readModel, `INSERT INTO read_model VALUES (1, 'a long projector batch')`);

  // For 10 s, while both stay open, append every 500 ms and measure each delivery.
  const delays: number[] = [];
  const appended: string[] = [];
  const until = performance.now() + 10_000;
  try {
    while (performance.now() < until) {
      const id = newId();
      const at = performance.now();
      await store.appendToStream(`horizon-${newId()}`, [{ id, type: 'Probe', data: {} }]);
      appended.push(id);
      await eventually('delivery while the other transactions are open', () => delivered.has(id), {
        timeoutMs: 2_000,
        intervalMs: 1,
      });
      delays.push(delivered.get(id)! - at);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await readModel.query('ROLLBACK');
    readModel.release();
    await otherDatabase.query('ROLLBACK');
    await otherDatabase.end();
    await subscription.stop();
    await store.close();
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `  horizon: ${delays.length} appends delivered while held, median ${median.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
  );
  assert.ok(delays.length >= 15, 'appended throughout the 10 s');
  assert.ok(median < 100, `median delivery ${median} ms`);
  // Every append delivered once, in append order (each waited for the previous one).
  assert.deepEqual(
    seen.map((e) => e.id),
    appended,
  );
});

test('an appending transaction still holds the horizon, and headPosition stays below it', async ({
  pool,
}) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const before = await store.headPosition();
  const slow = await pool.connect();
  await slow.query('BEGIN');
  await slow.query(
    `SELECT * FROM eventstore.append_events(ARRAY['held-1'], ARRAY['no_stream'], ARRAY[1],
       ARRAY[$1::uuid], ARRAY['Held'], ARRAY['{}'::jsonb], ARRAY['{"schemaVersion":1}'::jsonb], ARRAY[1], 'orderflow_events_eventstore')`,
    [newId()],
  );
  try {
    await store.appendToStream(`after-${newId()}`, [{ id: newId(), type: 'After', data: {} }]);
    assert.equal(await store.headPosition(), before, 'nothing readable above the open append');
    assert.deepEqual(await store.readAll({ after: before }), []);
  } finally {
    await slow.query('COMMIT');
    slow.release();
  }
  const after = await store.readAll({ after: before });
  assert.deepEqual(
    after.map((e) => e.type),
    ['Held', 'After'],
  );
  await store.close();
});

test('an append inside a transaction that already wrote is refused (its position could be missed)', async ({
  pool,
}) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO read_model VALUES (2, 'written first')`);
    await assert.rejects(
      client.query(
        `SELECT * FROM eventstore.append_events(ARRAY['late-1'], ARRAY['any'], ARRAY[1],
           ARRAY[$1::uuid], ARRAY['Late'], ARRAY['{}'::jsonb], ARRAY['{"schemaVersion":1}'::jsonb], ARRAY[1], 'orderflow_events_eventstore')`,
        [newId()],
      ),
      (error: { code?: string }) => error.code === '25001',
    );
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

test.run();
