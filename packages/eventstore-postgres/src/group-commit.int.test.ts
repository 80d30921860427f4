/**
 * Group commit (issue 11): concurrent appends share one transaction, and each keeps its own
 * expected-revision check and idempotency — a conflict fails only its own append.
 */
import * as assert from 'node:assert/strict';
import { hasErrorCode, newId, type AppendResult } from '@orderflow/core';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { POSITION_SHIFT } from './position.ts';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; pool: pg.Pool }>('postgres event store: group commit');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_group');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 10 });
  await ensureEventStoreSchema(ctx.pool);
});
test.after(async ({ db, pool }) => {
  await pool.end();
  await db.drop();
});

const event = (type = 'Happened') => ({ id: newId(), type, data: { n: 1 } });
const transactionOf = (result: AppendResult) => result.position >> POSITION_SHIFT;
const settled = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

test('appends made together commit in one transaction', async ({ pool }) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => store.appendToStream(`together-${i}`, [event(), event()])),
  );
  assert.ok(new Set(results.map(transactionOf)).size <= 2, 'at most one transaction per batch in flight');
  assert.ok(results.every((r) => r.nextExpectedRevision === 1n));
  assert.equal(new Set(results.map((r) => r.position)).size, 200, 'each append has its own last position');
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM eventstore.events WHERE stream_name LIKE 'together-%'`,
  );
  assert.equal(rows[0].n, 400);
  await store.close();
});

test('in one batch, a failed expectation fails only its own append', async ({ pool }) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  await store.appendToStream('mixed-exists', [event()]);
  const retried = [event()];
  const first = await store.appendToStream('mixed-retry', retried);
  const outcomes = await settled([
    store.appendToStream('mixed-new', [event()], { expectedRevision: 'no_stream' }),
    store.appendToStream('mixed-exists', [event()], { expectedRevision: 'no_stream' }),
    store.appendToStream('mixed-exists-2', [event()], { expectedRevision: 5n }),
    store.appendToStream('mixed-retry', retried, { expectedRevision: 'no_stream' }),
    store.appendToStream('mixed-any', [event(), event(), event()], { expectedRevision: 'any' }),
    store.appendToStream('mixed-missing', [event()], { expectedRevision: 'stream_exists' }),
  ]);
  const [created, exists, wrongRevision, retry, any, missing] = outcomes as [
    PromiseSettledResult<AppendResult>,
    ...PromiseSettledResult<AppendResult>[],
  ] as PromiseSettledResult<AppendResult>[];
  assert.equal(created?.status, 'fulfilled');
  assert.equal(any?.status === 'fulfilled' && any.value.nextExpectedRevision, 2n);
  for (const [name, outcome, actual] of [
    ['no_stream on an existing stream', exists, '0'],
    ['an exact revision of a missing stream', wrongRevision, 'no_stream'],
    ['stream_exists of a missing stream', missing, 'no_stream'],
  ] as const) {
    assert.equal(outcome?.status, 'rejected', name);
    const reason = (outcome as PromiseRejectedResult).reason;
    assert.ok(hasErrorCode(reason, 'WRONG_EXPECTED_VERSION'), name);
    assert.equal(reason.details.actual, actual, name);
  }
  assert.deepEqual(
    retry,
    { status: 'fulfilled', value: first },
    'a retried append returns the original result',
  );
  const { rows } = await pool.query(
    `SELECT stream_name, count(*)::int AS n FROM eventstore.events WHERE stream_name LIKE 'mixed-%' GROUP BY 1 ORDER BY 1`,
  );
  assert.deepEqual(
    rows.map((r) => [r.stream_name, r.n]),
    [
      ['mixed-any', 3],
      ['mixed-exists', 1],
      ['mixed-new', 1],
      ['mixed-retry', 1],
    ],
  );
  await store.close();
});

test('appends to one stream made together go one after the other, in order', async ({ pool }) => {
  const store = createPostgresEventStore(pool, { pollIntervalMs: 60_000 });
  const [a, b, c] = await Promise.all([
    store.appendToStream('ordered-1', [event('A')], { expectedRevision: 'no_stream' }),
    store.appendToStream('ordered-1', [event('B')], { expectedRevision: 0n }),
    store.appendToStream('ordered-1', [event('C')], { expectedRevision: 1n }),
  ]);
  assert.deepEqual(
    [a, b, c].map((r) => r.nextExpectedRevision),
    [0n, 1n, 2n],
  );
  const events = await store.readStream('ordered-1');
  assert.deepEqual(
    events.map((e) => e.type),
    ['A', 'B', 'C'],
  );
  await store.close();
});

test('two processes racing on the same streams: one append wins per revision, none deadlocks', async ({
  db,
}) => {
  const pools = [0, 1].map(() => new pg.Pool({ connectionString: db.url, max: 6 }));
  const stores = pools.map((p) => createPostgresEventStore(p, { pollIntervalMs: 60_000 }));
  const streams = Array.from({ length: 20 }, (_, i) => `race-${i}`);
  const wins = new Map<string, number>();
  for (let revision = -1n; revision < 9n; revision++) {
    const attempts = stores.flatMap((store, s) =>
      // Each process writes the streams in another order, which would deadlock per-row locking.
      (s === 0 ? streams : [...streams].reverse()).map((stream) =>
        store
          .appendToStream(stream, [event()], { expectedRevision: revision < 0n ? 'no_stream' : revision })
          .then(() => wins.set(stream, (wins.get(stream) ?? 0) + 1))
          .catch((error: unknown) => {
            if (!hasErrorCode(error, 'WRONG_EXPECTED_VERSION')) throw error;
          }),
      ),
    );
    await Promise.all(attempts);
  }
  for (const stream of streams) assert.equal(wins.get(stream), 10, `${stream}: one win per revision`);
  const { rows } = await pools[0]!.query(
    `SELECT count(*)::int AS n, count(DISTINCT (stream_name, revision))::int AS d FROM eventstore.events WHERE stream_name LIKE 'race-%'`,
  );
  assert.deepEqual(rows[0], { n: 200, d: 200 });
  await Promise.all(stores.map((s) => s.close()));
  await Promise.all(pools.map((p) => p.end()));
});

test('the same events appended by two processes at once are stored once; both get the result', async ({
  db,
}) => {
  const pools = [0, 1].map(() => new pg.Pool({ connectionString: db.url, max: 4 }));
  const stores = pools.map((p) => createPostgresEventStore(p, { pollIntervalMs: 60_000 }));
  for (let round = 0; round < 20; round++) {
    const stream = `twice-${round}`;
    const events = [event(), event()];
    const others = Array.from({ length: 5 }, (_, i) => [`twice-${round}-other-${i}`, [event()]] as const);
    const [x, y] = await Promise.all(
      stores.map((store) =>
        Promise.all([
          store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
          ...others.map(([s, e]) => store.appendToStream(s, e, { expectedRevision: 'any' })),
        ]),
      ),
    );
    assert.deepEqual(x![0], y![0], `round ${round}: the same result for the retried append`);
  }
  const { rows } = await pools[0]!.query(
    `SELECT count(*)::int AS n FROM eventstore.events WHERE stream_name LIKE 'twice-%' AND stream_name NOT LIKE '%-other-%'`,
  );
  assert.equal(rows[0].n, 40);
  await Promise.all(stores.map((s) => s.close()));
  await Promise.all(pools.map((p) => p.end()));
});

test.run();
