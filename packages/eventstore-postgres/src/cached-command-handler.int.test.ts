/**
 * The cached command handler against a real store: two handlers (two "processes") writing one
 * stream stay correct because a stale cache only costs a conflict and a tail read.
 */
import * as assert from 'node:assert/strict';
import {
  createCachedCommandHandler,
  invalidState,
  newId,
  type Decider,
  type Event,
  type ReadStreamOptions,
  type StreamStore,
} from '@orderflow/core';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, createPostgresSnapshotStore, ensureEventStoreSchema } from './index.ts';

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

/** The counter with a Map in its state (like inventory) and a snapshot codec. */
type Tally = { n: number; by: Map<string, number> };
const tally = (version = 1): Decider<Tally, Take, Taken> => ({
  initialState: () => ({ n: 0, by: new Map() }),
  evolve: (s, e) => {
    s.by.set(e.data.by, (s.by.get(e.data.by) ?? 0) + 1); // in place, as inventory does
    return { n: s.n + 1, by: s.by };
  },
  decide: (command, s) => {
    if (s.n >= command.data.limit) throw invalidState('limit reached');
    return [{ type: 'Taken', data: { by: command.data.by } }];
  },
  snapshot: {
    version,
    encode: (s) => ({ n: s.n, by: [...s.by] }),
    decode: (json) => {
      const { n, by } = json as { n: number; by: [string, number][] };
      return { n, by: new Map(by) };
    },
  },
});

/** Delegates to a real store and counts the events each readStream returned. */
function counting(store: StreamStore) {
  const counted = { eventsRead: 0 };
  const wrapped: StreamStore = {
    appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
    async readStream(stream: string, options?: ReadStreamOptions) {
      const events = await store.readStream(stream, options);
      counted.eventsRead += events.length;
      return events as never;
    },
  };
  return Object.assign(counted, { store: wrapped });
}

test('a refusal decided on a stale cache is decided again on the latest events', async ({ pool }) => {
  // A "minimum" counter: Take refused until another process took first. Handler a caches the
  // stream at 1 event; b appends a second; a must see it before refusing.
  const atLeastTwo: Decider<number, Take, Taken> = {
    ...counter,
    decide: (command, n) => {
      if (n < command.data.limit) throw invalidState('not yet');
      return [{ type: 'Taken', data: { by: command.data.by } }];
    },
  };
  const store = createPostgresEventStore(pool);
  const stream = `min-${newId()}`;
  const a = createCachedCommandHandler(store);
  const b = createCachedCommandHandler(store);
  await a(counter, stream, { type: 'Take', data: { by: 'a', limit: 10 } });
  await b(counter, stream, { type: 'Take', data: { by: 'b', limit: 10 } });
  const result = await a(atLeastTwo, stream, { type: 'Take', data: { by: 'a', limit: 2 } });
  assert.equal(result.state, 3, 'decided on both earlier events');
  await assert.rejects(
    a(atLeastTwo, stream, { type: 'Take', data: { by: 'a', limit: 9 } }),
    (error: { code?: string }) => error.code === 'INVALID_STATE',
    'a refusal on the latest state stands',
  );
});

test('snapshots: a cold handler loads the newest snapshot and reads only the tail', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  const snapshots = createPostgresSnapshotStore(pool);
  const take = (by: string) => ({ type: 'Take' as const, data: { by, limit: 10_000 } });
  const writer = createCachedCommandHandler(store, { snapshots: { store: snapshots, every: 100 } });
  for (let i = 0; i < 250; i++) await writer(tally(), 'tally-1', take(`w${i % 3}`));
  await new Promise((resolve) => setTimeout(resolve, 100)); // snapshot writes are fire-and-forget
  const snapshot = await snapshots.load('tally-1');
  assert.equal(snapshot?.revision, 199n, 'snapshots at 99 and 199; the newest is kept');

  const cold = counting(store);
  const restarted = createCachedCommandHandler(cold.store, { snapshots: { store: snapshots, every: 100 } });
  const result = await restarted(tally(), 'tally-1', take('w0'));
  assert.equal(cold.eventsRead, 50, 'revisions 200..249 only');
  assert.equal(result.state.n, 251);
  assert.deepEqual(Object.fromEntries(result.state.by), { w0: 85, w1: 83, w2: 83 });

  // A new state shape (codec version 2) ignores the old snapshot and folds the whole stream.
  const fresh = counting(store);
  const upgraded = createCachedCommandHandler(fresh.store, { snapshots: { store: snapshots, every: 100 } });
  assert.equal((await upgraded(tally(2), 'tally-1', take('w1'))).state.n, 252);
  assert.equal(fresh.eventsRead, 251);
  await store.close();
});

test('snapshots: an undecodable snapshot is reported and ignored, never used', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  const snapshots = createPostgresSnapshotStore(pool);
  await store.appendToStream('tally-2', [
    { id: crypto.randomUUID(), type: 'Taken', data: { by: 'x' } },
    { id: crypto.randomUUID(), type: 'Taken', data: { by: 'x' } },
  ]);
  await snapshots.save({ stream: 'tally-2', revision: 1n, version: 1, state: 'garbage' });
  const errors: unknown[] = [];
  const broken = tally();
  const strict = {
    ...broken,
    snapshot: {
      ...broken.snapshot!,
      decode: (json: unknown) => {
        if (typeof json !== 'object') throw new TypeError('not a tally snapshot');
        return broken.snapshot!.decode(json);
      },
    },
  };
  const run = createCachedCommandHandler(store, {
    snapshots: { store: snapshots, onError: (e) => errors.push(e) },
  });
  const result = await run(strict, 'tally-2', { type: 'Take', data: { by: 'y', limit: 10 } });
  assert.equal(result.state.n, 3);
  assert.equal(errors.length, 1);
  await store.close();
});

/** Delegates to a real store and records each call (`read <stream>`, `append <stream> <expected>`). */
function recording(store: StreamStore) {
  const calls: string[] = [];
  const wrapped: StreamStore = {
    appendToStream(stream, events, options) {
      calls.push(`append ${stream} ${String(options?.expectedRevision ?? 'any')}`);
      return store.appendToStream(stream, events, options);
    },
    readStream(stream, options) {
      calls.push(`read ${stream}`);
      return store.readStream(stream, options);
    },
  };
  return { calls, store: wrapped };
}

test('a stream that is not cached is assumed new: creating it is one append, no read', async ({ pool }) => {
  const store = createPostgresEventStore(pool);
  const spy = recording(store);
  const run = createCachedCommandHandler(spy.store);
  const take = (by: string) => ({ type: 'Take' as const, data: { by, limit: 2 } });
  await run(counter, 'fresh-1', take('a'));
  assert.deepEqual(spy.calls, ['append fresh-1 no_stream']);
  // An existing stream this handler has not cached: the assumption costs one refused append,
  // then the stream is read and the command decided on its real state.
  await store.appendToStream('fresh-2', [{ id: newId(), type: 'Taken', data: { by: 'other' } }]);
  await store.appendToStream('fresh-2', [{ id: newId(), type: 'Taken', data: { by: 'other' } }]);
  spy.calls.length = 0;
  await assert.rejects(run(counter, 'fresh-2', take('b')), /limit reached/);
  assert.deepEqual(spy.calls, ['append fresh-2 no_stream', 'read fresh-2']);
  assert.equal((await store.readStream('fresh-2')).length, 2);
  await store.close();
});

/** Registered → then Reserve is Reserved once per order; on an unregistered stream, Failed. */
type Slot = { registered: boolean; reserved: Set<string> };
type SlotEvent = Event<'Registered' | 'Reserved' | 'Failed', { order?: string }>;
type Reserve = { type: 'Reserve'; data: { order: string }; metadata?: { commandId?: string } };
const slot: Decider<Slot, Reserve, SlotEvent> = {
  initialState: () => ({ registered: false, reserved: new Set() }),
  evolve: (s, e) =>
    e.type === 'Registered'
      ? { ...s, registered: true }
      : e.type === 'Reserved'
        ? { ...s, reserved: new Set([...s.reserved, e.data.order!]) }
        : s,
  decide: (c, s) => {
    if (!s.registered) return [{ type: 'Failed', data: { order: c.data.order } }];
    return s.reserved.has(c.data.order) ? [] : [{ type: 'Reserved', data: { order: c.data.order } }];
  },
};

test('a retried command on a cold cache is never mistaken for its guess on an empty stream', async ({
  pool,
}) => {
  const store = createPostgresEventStore(pool);
  await store.appendToStream('slot-1', [{ id: newId(), type: 'Registered', data: {} }]);
  const command: Reserve = { type: 'Reserve', data: { order: 'o-1' }, metadata: { commandId: newId() } };
  // The first process sent it (its real events got the command's ids), then died.
  await createCachedCommandHandler(store)(slot, 'slot-1', command);
  // The next process retries it with a cold cache: its guess (Failed, on an empty stream) must
  // neither be appended nor taken for the earlier append, and its state must be the real one.
  const retried = await createCachedCommandHandler(store)(slot, 'slot-1', command);
  assert.deepEqual(retried.events, []);
  assert.equal(retried.state.registered, true);
  assert.deepEqual([...retried.state.reserved], ['o-1']);
  assert.deepEqual(
    (await store.readStream('slot-1')).map((e) => e.type),
    ['Registered', 'Reserved'],
  );
  await store.close();
});

test('no_stream on a stream this handler has cached fails with WRONG_EXPECTED_VERSION and appends nothing', async ({
  pool,
}) => {
  const store = createPostgresEventStore(pool);
  const run = createCachedCommandHandler(store);
  const stream = `created-${newId()}`;
  const take = (by: string) => ({ type: 'Take' as const, data: { by, limit: 10 } });
  await run(counter, stream, take('first'), { expectedRevision: 'no_stream' });
  // The same handler (cached state) and another (no cache, the store refuses): the same code.
  for (const handler of [run, createCachedCommandHandler(store)])
    await assert.rejects(
      handler(counter, stream, take('again'), { expectedRevision: 'no_stream' }),
      (error: { code: string }) => error.code === 'WRONG_EXPECTED_VERSION',
    );
  const events = await store.readStream(stream);
  assert.deepEqual(
    events.map((e) => (e.data as { by: string }).by),
    ['first'],
  );
  // Without no_stream the cached handler goes on deciding as usual.
  await run(counter, stream, take('third'));
  assert.equal((await store.readStream(stream)).length, 2);
});

test.run();
