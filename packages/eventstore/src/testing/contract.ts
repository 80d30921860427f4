/**
 * The event-store contract: every adapter runs this suite against a real server.
 *
 *   eventStoreContract('postgres', async () => ({ store, teardown }));
 *
 * `factory` must return a store over an empty, private log (its own database or schema) whose
 * fallback poll interval is long (≥ 30 s), so that the live-delivery test can only pass through
 * the adapter's wake-up mechanism.
 */
import * as assert from 'node:assert/strict';
import {
  createEventSchemaRegistry,
  hasErrorCode,
  newId,
  type EventSchemaRegistry,
  type NewEvent,
  type RecordedEvent,
} from '@orderflow/core';
import { suite } from 'uvu';
import type { EventStore } from '../event-store.ts';

export interface ContractFixture {
  readonly store: EventStore;
  /**
   * Opens another store over the same log with these options (the next release reading what an
   * older one wrote). `teardown` closes it.
   */
  reopen(options: { schemas?: EventSchemaRegistry }): Promise<EventStore>;
  teardown(): Promise<void>;
}

const ev = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => ({ id: newId(), type, data });
const stream = (category = 'thing') => `${category}-${newId()}`;

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(hasErrorCode(error), `expected ${code}, got ${String(error)}`);
    assert.equal(error.code, code);
    return error.details;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

/** Collects deliveries of a subscription until `until` holds. */
function collect(
  store: EventStore,
  options: { after?: bigint; filter?: { eventTypes?: string[]; streamPrefixes?: string[] } } = {},
) {
  const seen: RecordedEvent[] = [];
  let waiters: Array<() => void> = [];
  const subscription = store.subscribeToAll({
    ...options,
    onEvents: async (events) => {
      seen.push(...events);
      waiters.forEach((w) => w());
      waiters = [];
    },
  });
  return {
    seen,
    subscription,
    async until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`subscription saw ${seen.length} events; condition not met in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

/**
 * Registers and runs the contract suite for one adapter. `factory` is called before each test;
 * `options.after` runs once when the suite ends (close shared pools, drop the database).
 */
export function eventStoreContract(
  adapter: string,
  factory: () => Promise<ContractFixture>,
  options: { after?: () => Promise<void> } = {},
): void {
  const test = suite<{ fx: ContractFixture; store: EventStore }>(`event store contract: ${adapter}`);
  if (options.after) test.after(options.after);
  test.before.each(async (ctx) => {
    ctx.fx = await factory();
    ctx.store = ctx.fx.store;
  });
  test.after.each(async (ctx) => {
    await ctx.fx.teardown();
  });

  test('appends to a new stream with no_stream and reads it back with metadata', async ({ store }) => {
    const s = stream();
    const events = [
      ev('A', { n: 1 }),
      {
        ...ev('B', { n: 2 }),
        metadata: { correlationId: 'c-1', causationId: 'k-1', idempotencyKey: 'idem' },
      },
    ];
    const result = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
    assert.equal(result.nextExpectedRevision, 1n);
    assert.ok(result.position > 0n);
    const read = await store.readStream(s);
    assert.deepEqual(
      read.map((e) => [e.id, e.type, e.data, e.revision, e.streamName]),
      [
        [events[0]!.id, 'A', { n: 1 }, 0n, s],
        [events[1]!.id, 'B', { n: 2 }, 1n, s],
      ],
    );
    assert.equal(read[1]!.position, result.position);
    assert.ok(read[0]!.position < read[1]!.position);
    assert.equal(read[1]!.metadata.correlationId, 'c-1');
    assert.equal(read[1]!.metadata.causationId, 'k-1');
    assert.equal(read[1]!.metadata.idempotencyKey, 'idem');
    assert.equal(read[0]!.metadata.schemaVersion, 1);
    assert.ok(read[0]!.metadata.recordedAt instanceof Date);
  });

  test('expected revisions: exact, any, stream_exists, no_stream', async ({ store }) => {
    const s = stream();
    await rejectsWith(
      store.appendToStream(s, [ev()], { expectedRevision: 'stream_exists' }),
      'WRONG_EXPECTED_VERSION',
    );
    await rejectsWith(store.appendToStream(s, [ev()], { expectedRevision: 0n }), 'WRONG_EXPECTED_VERSION');
    assert.equal(
      (await store.appendToStream(s, [ev()], { expectedRevision: 'any' })).nextExpectedRevision,
      0n,
    );
    assert.equal(
      (await store.appendToStream(s, [ev(), ev()], { expectedRevision: 0n })).nextExpectedRevision,
      2n,
    );
    assert.equal(
      (await store.appendToStream(s, [ev()], { expectedRevision: 'stream_exists' })).nextExpectedRevision,
      3n,
    );
    assert.equal((await store.appendToStream(s, [ev()])).nextExpectedRevision, 4n);
    const details = await rejectsWith(
      store.appendToStream(s, [ev()], { expectedRevision: 2n }),
      'WRONG_EXPECTED_VERSION',
    );
    assert.equal(details.expected, '2');
    assert.equal(details.actual, '4');
    const noStream = await rejectsWith(
      store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' }),
      'WRONG_EXPECTED_VERSION',
    );
    assert.equal(noStream.expected, 'no_stream');
    const missing = await rejectsWith(
      store.appendToStream(stream(), [ev()], { expectedRevision: 7n }),
      'WRONG_EXPECTED_VERSION',
    );
    assert.equal(missing.actual, 'no_stream');
    assert.equal((await store.readStream(s)).length, 5, 'failed appends wrote nothing');
  });

  test('concurrent appends at one expected revision: exactly one wins', async ({ store }) => {
    const s = stream();
    await store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' });
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          store.appendToStream(s, [ev(), ev()], { expectedRevision: BigInt(round * 2) }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: ${won.length} winners`);
      for (const o of outcomes)
        if (o.status === 'rejected') assert.ok(hasErrorCode(o.reason, 'WRONG_EXPECTED_VERSION'));
    }
    const revisions = (await store.readStream(s)).map((e) => e.revision);
    assert.deepEqual(
      revisions,
      Array.from({ length: 11 }, (_, i) => BigInt(i)),
    );
  });

  test('concurrent no_stream creates: exactly one wins', async ({ store }) => {
    const s = stream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, () => store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' })),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    assert.equal((await store.readStream(s)).length, 1);
  });

  test('an append retried with the same event ids is idempotent', async ({ store }) => {
    const s = stream();
    const batch = [ev(), ev()];
    const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
    const again = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
    assert.deepEqual(again, first);
    const anyAgain = await store.appendToStream(s, batch, { expectedRevision: 'any' });
    assert.deepEqual(anyAgain, first);
    assert.equal((await store.readStream(s)).length, 2);
    // the same ids with one new event is not the same append
    await rejectsWith(
      store.appendToStream(s, [batch[0]!, ev()], { expectedRevision: 'no_stream' }),
      'WRONG_EXPECTED_VERSION',
    );
  });

  test('readStream: directions, fromRevision, maxCount, STREAM_NOT_FOUND', async ({ store }) => {
    const s = stream();
    await store.appendToStream(
      s,
      Array.from({ length: 10 }, (_, i) => ev('N', { i })),
    );
    const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);
    assert.deepEqual(data(await store.readStream(s, { fromRevision: 3n, maxCount: 4 })), [3, 4, 5, 6]);
    assert.deepEqual(data(await store.readStream(s, { direction: 'backwards', maxCount: 3 })), [9, 8, 7]);
    assert.deepEqual(
      data(await store.readStream(s, { direction: 'backwards', fromRevision: 2n })),
      [2, 1, 0],
    );
    assert.deepEqual(await store.readStream(s, { fromRevision: 10n }), []);
    await rejectsWith(store.readStream(stream()), 'STREAM_NOT_FOUND');
  });

  test('readAll: position order, after, maxCount, filters by type and stream prefix', async ({ store }) => {
    const a = stream('alpha');
    const b = stream('beta');
    await store.appendToStream(a, [ev('X', { k: 1 }), ev('Y', { k: 2 })]);
    await store.appendToStream(b, [ev('X', { k: 3 })]);
    await store.appendToStream(a, [ev('Z', { k: 4 })]);
    const all = await store.readAll();
    assert.deepEqual(
      all.map((e) => e.data),
      [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }],
    );
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.position > all[i - 1]!.position);
    assert.deepEqual(
      (await store.readAll({ after: all[1]!.position })).map((e) => e.data),
      [{ k: 3 }, { k: 4 }],
    );
    assert.deepEqual((await store.readAll({ maxCount: 2 })).length, 2);
    assert.deepEqual(
      (await store.readAll({ filter: { eventTypes: ['X'] } })).map((e) => e.data),
      [{ k: 1 }, { k: 3 }],
    );
    assert.deepEqual(
      (await store.readAll({ filter: { streamPrefixes: ['beta-'] } })).map((e) => e.data),
      [{ k: 3 }],
    );
    assert.equal(await store.headPosition(), all[3]!.position);
  });

  test('bad input is rejected with VALIDATION_FAILED and writes nothing', async ({ store }) => {
    await rejectsWith(store.appendToStream('nodash', [ev()]), 'VALIDATION_FAILED');
    await rejectsWith(store.appendToStream(stream(), []), 'VALIDATION_FAILED');
    await rejectsWith(
      store.appendToStream(stream(), [{ id: 'not-a-uuid', type: 'A', data: {} }]),
      'VALIDATION_FAILED',
    );
    const dup = ev();
    await rejectsWith(store.appendToStream(stream(), [dup, dup]), 'VALIDATION_FAILED');
    await rejectsWith(store.appendToStream(stream(), [{ ...ev(), type: '' }]), 'VALIDATION_FAILED');
    assert.equal((await store.readAll()).length, 0);
  });

  test('catch-up subscription: history, then live, then resumes from a checkpoint', async ({ store }) => {
    const s = stream();
    await store.appendToStream(s, [ev('H', { i: 0 }), ev('H', { i: 1 })]);
    const first = collect(store);
    await first.until(() => first.seen.length === 2);
    await store.appendToStream(s, [ev('L', { i: 2 })]);
    await first.until(() => first.seen.length === 3);
    await first.subscription.stop();
    assert.deepEqual(
      first.seen.map((e) => e.data),
      [{ i: 0 }, { i: 1 }, { i: 2 }],
    );
    await store.appendToStream(s, [ev('L', { i: 3 })]);
    const resumed = collect(store, { after: first.seen[2]!.position });
    await resumed.until(() => resumed.seen.length === 1);
    assert.deepEqual(resumed.seen[0]!.data, { i: 3 });
    await resumed.subscription.stop();
  });

  test('filtered subscription delivers only matching events', async ({ store }) => {
    const sub = collect(store, { filter: { eventTypes: ['Wanted'] } });
    await store.appendToStream(stream(), [ev('Other'), ev('Wanted', { n: 1 }), ev('Other')]);
    await store.appendToStream(stream(), [ev('Wanted', { n: 2 })]);
    await sub.until(() => sub.seen.length === 2);
    assert.deepEqual(
      sub.seen.map((e) => e.data),
      [{ n: 1 }, { n: 2 }],
    );
    await sub.subscription.stop();
  });

  test('live events are delivered by wake-up, not by the slow fallback poll', async ({ store }) => {
    const sub = collect(store);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let it catch up and go idle
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      await store.appendToStream(stream(), [ev()]);
      await sub.until(() => sub.seen.length === i + 1, 5_000);
      latencies.push(Date.now() - started);
    }
    await sub.subscription.stop();
    // The factory's poll interval is ≥ 30 s: delivery within 5 s proves the wake-up path.
    assert.equal(latencies.length, 5);
  });

  test('gap safety: many concurrent appenders, one subscriber sees each event once, in position order', async ({
    store,
  }) => {
    const sub = collect(store);
    const writers = 16;
    const appendsPerWriter = 40;
    const appended: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < appendsPerWriter; i++) {
          const events = [ev('G', { w, i }), ev('G', { w, i, second: true })];
          await store.appendToStream(stream('gap'), events, { expectedRevision: 'no_stream' });
          appended.push(...events.map((e) => e.id));
        }
      }),
    );
    const total = writers * appendsPerWriter * 2;
    await sub.until(() => sub.seen.length >= total, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sub.subscription.stop();
    assert.equal(sub.seen.length, total, 'no event delivered twice');
    assert.deepEqual(new Set(sub.seen.map((e) => e.id)), new Set(appended), 'every event delivered');
    for (let i = 1; i < sub.seen.length; i++) {
      assert.ok(sub.seen[i]!.position > sub.seen[i - 1]!.position, `position order broken at ${i}`);
    }
    assert.deepEqual(
      sub.seen.map((e) => e.id),
      (await readEverything(store)).map((e) => e.id),
      'same order as readAll',
    );
  });

  test('upcasting: v1 events of an older release read as v2 by readStream, readAll and a subscription', async ({
    fx,
    store: olderRelease,
  }) => {
    // Release 1 stored prices as decimal strings of pounds; release 2 stores integer pence.
    const schemas = createEventSchemaRegistry({
      PriceSet: {
        version: 2,
        upcasters: { 1: (data) => ({ sku: data.sku, pence: Math.round(Number(data.price) * 100) }) },
      },
      Noted: { version: 1 },
    });
    const s = stream('priced');
    await olderRelease.appendToStream(s, [
      ev('PriceSet', { sku: 'A', price: '2.55' }),
      ev('Noted', { n: 1 }),
    ]);
    const current = await fx.reopen({ schemas });
    await current.appendToStream(s, [ev('PriceSet', { sku: 'A', pence: 300 })]);

    const expected = [
      ['PriceSet', { sku: 'A', pence: 255 }, 2],
      ['Noted', { n: 1 }, 1],
      ['PriceSet', { sku: 'A', pence: 300 }, 2],
    ];
    const shape = (events: RecordedEvent[]) => events.map((e) => [e.type, e.data, e.metadata.schemaVersion]);
    assert.deepEqual(shape(await current.readStream(s)), expected, 'readStream');
    assert.deepEqual(shape(await current.readAll()), expected, 'readAll');
    assert.deepEqual(
      shape(await current.readAll({ filter: { eventTypes: ['PriceSet'] } })),
      [expected[0], expected[2]],
      'filtered readAll',
    );
    const sub = collect(current);
    await sub.until(() => sub.seen.length === 3);
    await sub.subscription.stop();
    assert.deepEqual(shape(sub.seen), expected, 'subscription');
    assert.deepEqual(
      (await olderRelease.readStream(s)).map((e) => e.metadata.schemaVersion),
      [1, 1, 2],
      'the log itself is not rewritten',
    );
  });

  test('an event of an unknown type or version is a typed error with its stream, revision and position', async ({
    fx,
    store: newerRelease,
  }) => {
    const schemas = createEventSchemaRegistry({ Known: { version: 1 } });
    const s = stream();
    await newerRelease.appendToStream(s, [
      ev('Known', { i: 0 }),
      { ...ev('Known', { i: 1 }), metadata: { schemaVersion: 7 } },
    ]);
    const unknownType = stream();
    await newerRelease.appendToStream(unknownType, [ev('FromTheFuture')]);
    const current = await fx.reopen({ schemas });
    const written = await newerRelease.readStream(s);

    const details = await rejectsWith(current.readStream(s), 'UNKNOWN_EVENT_SCHEMA');
    assert.deepEqual(details, {
      stream: s,
      revision: '1',
      position: written[1]!.position.toString(),
      type: 'Known',
      schemaVersion: 7,
    });
    await rejectsWith(current.readAll(), 'UNKNOWN_EVENT_SCHEMA');
    assert.equal(
      (await rejectsWith(current.readStream(unknownType), 'UNKNOWN_EVENT_SCHEMA')).type,
      'FromTheFuture',
    );

    let failure: unknown;
    const delivered: RecordedEvent[] = [];
    const subscription = current.subscribeToAll({
      onEvents: async (events) => void delivered.push(...events),
      onError: (error) => (failure = error),
    });
    await subscription.done;
    assert.ok(hasErrorCode(failure, 'UNKNOWN_EVENT_SCHEMA'), `subscription error: ${String(failure)}`);
    assert.equal(failure.details.revision, '1');
    assert.deepEqual(
      delivered.map((e) => e.data),
      [{ i: 0 }],
      'the events before the unreadable one are delivered, so a checkpoint can stop right before it',
    );
    assert.equal(subscription.position, written[0]!.position);
  });

  test.run();
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: out.at(-1)?.position ?? 0n, maxCount: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
  }
}
