/**
 * A connection terminated while it is checked out of the store's pool (`pg_terminate_backend`, a
 * Postgres restart) fails the statement in flight and nothing else: the terminated connection
 * must not go back to the pool as healthy (the next append would get it and die with it), and
 * node-postgres' 'error' event on a checked-out client must have a listener, else it ends the
 * process.
 */
import * as assert from 'node:assert/strict';
import { newId } from '@orderflow/core';
import { createTestDatabase, eventually, testServerUrl, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; pool: pg.Pool }>('postgres event store: lost connections');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_conn_loss');
  // One connection: the append waiting for the pool gets the terminated one if it is released healthy.
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 1 });
  ctx.pool.on('error', () => undefined);
  await ensureEventStoreSchema(ctx.pool);
});
test.after(async ({ db, pool }) => {
  await pool.end();
  await db.drop();
});

test('an append whose connection is terminated fails; the next append and the process go on', async ({
  db,
  pool,
}) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  await store.appendToStream('held-1', [{ id: newId(), type: 'Created', data: {} }]);
  // Hold the stream's row so that the next append waits on it.
  const blocker = new pg.Client({ connectionString: db.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query(`SELECT * FROM eventstore.streams WHERE stream_name = 'held-1' FOR UPDATE`);
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  const settle = (p: Promise<unknown>) =>
    p.then(
      () => 'appended',
      (error: Error) => error.message,
    );
  try {
    const held = settle(store.appendToStream('held-1', [{ id: newId(), type: 'Changed', data: {} }]));
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      const pid = await eventually('the append waiting on the row lock', async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
          [db.name],
        );
        return rows[0]?.pid;
      });
      // Queued behind the held append, for the pool's only connection.
      const next = settle(store.appendToStream('other-1', [{ id: newId(), type: 'Created', data: {} }]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      assert.match(await held, /terminat/i);
      await blocker.query('ROLLBACK');
      assert.equal(await next, 'appended');
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(uncaught, []);
    const after = await store.appendToStream('held-1', [{ id: newId(), type: 'Changed', data: {} }]);
    assert.equal(after.nextExpectedRevision, 1n);
  } finally {
    process.off('uncaughtException', onUncaught);
    await blocker.end().catch(() => undefined);
    await store.close();
  }
});

test('a client held from the store’s pool whose connection dies between statements does not end the process', async ({
  pool,
}) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  const held = await pool.connect();
  try {
    const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(uncaught.map(String), []);
    await assert.rejects(held.query('SELECT 1'));
  } finally {
    held.release(true);
    process.off('uncaughtException', onUncaught);
    await store.close();
  }
  const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(rows[0]!.one, 1);
});

test.run();
