/**
 * The cached command handler against a real store: two handlers (two "processes") writing one
 * stream stay correct because a stale cache only costs a conflict and a tail read.
 */
import * as assert from 'node:assert/strict';
import { createCachedCommandHandler, invalidState, type Decider, type Event } from '@orderflow/core';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

type Taken = Event<'Taken', { by: string }>;
type Take = { type: 'Take'; data: { by: string; limit: number } };
/** A counter that refuses to go past `limit`: enough to catch a lost update. */
const counter: Decider<number, Take, Taken> = {
  initialState: () => 0,
  evolve: (n) => n + 1,
  decide: (command, n) => {
    if (n >= command.data.limit) throw invalidState('limit reached');
    return [{ type: 'Taken', data: { by: command.data.by } }];
  },
};

const test = suite<{ db: TestDatabase; pool: pg.Pool }>('cached command handler on Postgres');
test.before(async (ctx) => {
  ctx.db = await createTestDatabase('cached_handler');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 10 });
  await ensureEventStoreSchema(ctx.pool);
});
test.after(async ({ db, pool }) => {
  await pool.end();
  await db.drop();
});

test('two handlers with their own caches never exceed the limit on one stream', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  const a = createCachedCommandHandler(store);
  const b = createCachedCommandHandler(store);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) =>
      (i % 2 ? a : b)(
        counter,
        'counter-1',
        { type: 'Take', data: { by: `w${i}`, limit: 40 } },
        { maxAttempts: 100 },
      ),
    ),
  );
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
  assert.equal(ok, 40);
  for (const o of outcomes) {
    if (o.status === 'rejected') assert.equal((o.reason as { code: string }).code, 'INVALID_STATE');
  }
  assert.equal((await store.readStream('counter-1')).length, 40);
  // a stale cache (b has not seen a's last appends) still decides on the whole stream
  await assert.rejects(
    b(counter, 'counter-1', { type: 'Take', data: { by: 'late', limit: 40 } }),
    /limit reached/,
  );
  await store.close();
});

test.run();
