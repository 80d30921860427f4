/**
 * The adapter's own logic over an in-memory fake client (see fake-client.ts): read-back of
 * append positions, retried appends, conflicts, paging of `$all`, `after` exclusivity, system
 * events, filtered reads, head position, upcasting. The contract suite covers the server.
 */
import * as assert from 'node:assert/strict';
import { createEventSchemaRegistry, hasErrorCode, newId, type NewEvent } from '@orderflow/core';
import { test } from 'uvu';
import { createEsdbEventStore } from './esdb-event-store.ts';
import { FakeClient } from './fake-client.ts';

const ev = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => ({ id: newId(), type, data });

async function rejectsWith(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(hasErrorCode(error), `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  return error.details;
}

test('an append returns the last event position as read back, not the reply position', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  const result = await store.appendToStream('thing-1', [ev('A', { n: 1 }), ev('B', { n: 2 })], {
    expectedRevision: 'no_stream',
  });
  const read = await store.readStream('thing-1');
  assert.equal(result.nextExpectedRevision, 1n);
  assert.equal(result.position, read[1]!.position);
  assert.ok(read[0]!.position < read[1]!.position);
  assert.deepEqual(
    read.map((e) => [e.type, e.data, e.revision, e.metadata.schemaVersion]),
    [
      ['A', { n: 1 }, 0n, 1],
      ['B', { n: 2 }, 1n, 1],
    ],
  );
});

test('a retried append returns the original result; the same ids with another event conflict', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  const batch = [ev(), ev()];
  const first = await store.appendToStream('thing-1', batch, { expectedRevision: 'no_stream' });
  await store.appendToStream('thing-2', [ev()]);
  assert.deepEqual(await store.appendToStream('thing-1', batch, { expectedRevision: 'no_stream' }), first);
  assert.deepEqual(await store.appendToStream('thing-1', batch), first);
  await rejectsWith(
    store.appendToStream('thing-1', [batch[0]!, ev()], { expectedRevision: 'no_stream' }),
    'WRONG_EXPECTED_VERSION',
  );
});

test('conflicts carry expected and actual, also with throwOnAppendFailure: false', async () => {
  for (const throwOnAppendFailure of [true, false]) {
    const fake = new FakeClient();
    fake.throwOnAppendFailure = throwOnAppendFailure;
    const store = createEsdbEventStore(fake.client);
    assert.deepEqual(
      await rejectsWith(
        store.appendToStream('thing-9', [ev()], { expectedRevision: 7n }),
        'WRONG_EXPECTED_VERSION',
      ),
      { stream: 'thing-9', expected: '7', actual: 'no_stream' },
    );
    await store.appendToStream('thing-9', [ev(), ev(), ev()]);
    assert.deepEqual(
      await rejectsWith(
        store.appendToStream('thing-9', [ev()], { expectedRevision: 0n }),
        'WRONG_EXPECTED_VERSION',
      ),
      { stream: 'thing-9', expected: '0', actual: '2' },
    );
  }
});

test('bad input is VALIDATION_FAILED and nothing reaches the client', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  await rejectsWith(store.appendToStream('nodash', [ev()]), 'VALIDATION_FAILED');
  await rejectsWith(store.appendToStream('thing-1', [{ ...ev(), id: 'x' }]), 'VALIDATION_FAILED');
  await rejectsWith(store.readAll({ after: -1n }), 'VALIDATION_FAILED');
  await rejectsWith(store.readStream('thing-1', { maxCount: -1 }), 'VALIDATION_FAILED');
  assert.throws(() => store.subscribeToAll({ after: 1n << 130n, onEvents: async () => {} }));
  assert.deepEqual(fake.calls, { append: 0, readStream: 0, readAll: 0, subscribe: 0 });
});

test('readStream: backwards from the end by default, maxCount 0, STREAM_NOT_FOUND', async () => {
  const store = createEsdbEventStore(new FakeClient().client);
  await store.appendToStream(
    'thing-1',
    [0, 1, 2, 3].map((i) => ev('N', { i })),
  );
  const data = (events: { data: unknown }[]) => events.map((e) => (e.data as { i: number }).i);
  assert.deepEqual(data(await store.readStream('thing-1', { direction: 'backwards', maxCount: 2 })), [3, 2]);
  assert.deepEqual(
    data(await store.readStream('thing-1', { direction: 'backwards', fromRevision: 1n })),
    [1, 0],
  );
  assert.deepEqual(await store.readStream('thing-1', { maxCount: 0 }), []);
  await rejectsWith(store.readStream('thing-2', { maxCount: 0 }), 'STREAM_NOT_FOUND');
  await rejectsWith(store.readStream('thing-2'), 'STREAM_NOT_FOUND');
});

test('servers without stream-read positions: reads give 0n, appends the reply position', async () => {
  const fake = new FakeClient();
  fake.streamPositions = false;
  const store = createEsdbEventStore(fake.client);
  const result = await store.appendToStream('thing-1', [ev()]);
  assert.ok(result.position > 0n);
  assert.equal((await store.readStream('thing-1'))[0]!.position, 0n);
});

test('readAll: position order, `after` exclusive, maxCount, system events skipped across pages', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  await store.appendToStream('alpha-1', [ev('X', { k: 1 }), ev('Y', { k: 2 })]);
  for (let i = 0; i < 250; i++) fake.appendSystemEvent();
  await store.appendToStream('beta-1', [ev('X', { k: 3 })]);
  await store.appendToStream('alpha-1', [ev('Z', { k: 4 })]);
  fake.appendSystemEvent('$settings', '$settings');
  const all = await store.readAll();
  assert.deepEqual(
    all.map((e) => e.data),
    [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }],
  );
  assert.deepEqual(
    (await store.readAll({ after: all[1]!.position })).map((e) => e.data),
    [{ k: 3 }, { k: 4 }],
  );
  assert.deepEqual(
    (await store.readAll({ after: all[0]!.position, maxCount: 2 })).map((e) => e.data),
    [{ k: 2 }, { k: 3 }],
  );
  assert.deepEqual(await store.readAll({ after: all[3]!.position }), []);
  assert.deepEqual(await store.readAll({ maxCount: 0 }), []);
  assert.equal(await store.headPosition(), all[3]!.position, 'head skips trailing system events');
});

test('readAll pages: an event at a page boundary is returned once', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  for (let i = 0; i < 99; i++) fake.appendSystemEvent(); // the first page of 100 ends on event 0
  for (let i = 0; i < 10; i++) await store.appendToStream('thing-1', [ev('N', { i })]);
  const read = await store.readAll({ maxCount: 5 });
  assert.deepEqual(
    read.map((e) => (e.data as { i: number }).i),
    [0, 1, 2, 3, 4],
  );
});

test('filtered readAll runs server-side through a filtered subscription and stops when caught up', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  await store.appendToStream('alpha-1', [ev('X', { k: 1 }), ev('Y', { k: 2 })]);
  await store.appendToStream('beta-1', [ev('X', { k: 3 })]);
  fake.appendSystemEvent();
  await store.appendToStream('alpha-1', [ev('XY', { k: 4 })]);
  const data = (events: { data: unknown }[]) => events.map((e) => e.data);
  assert.deepEqual(data(await store.readAll({ filter: { eventTypes: ['X'] } })), [{ k: 1 }, { k: 3 }]);
  assert.deepEqual(data(await store.readAll({ filter: { streamPrefixes: ['beta-'] } })), [{ k: 3 }]);
  assert.deepEqual(
    data(await store.readAll({ filter: { streamPrefixes: ['alpha-'], eventTypes: ['Y', 'XY'] } })),
    [{ k: 2 }, { k: 4 }],
  );
  const all = await store.readAll();
  assert.deepEqual(
    data(await store.readAll({ after: all[0]!.position, maxCount: 1, filter: { eventTypes: ['X'] } })),
    [{ k: 3 }],
  );
  assert.deepEqual(await store.readAll({ filter: { eventTypes: [] } }), []);
  assert.equal(fake.calls.subscribe, 5);
});

test('headPosition: 0n when empty or only system events, else the last event behind them', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  assert.equal(await store.headPosition(), 0n);
  for (let i = 0; i < 70; i++) fake.appendSystemEvent();
  assert.equal(await store.headPosition(), 0n);
  const { position } = await store.appendToStream('thing-1', [ev()]);
  for (let i = 0; i < 70; i++) fake.appendSystemEvent();
  assert.equal(await store.headPosition(), position, 'found behind three pages of system events');
});

test('schemas: stamped on append, upcast on readStream and readAll', async () => {
  const fake = new FakeClient();
  const older = createEsdbEventStore(fake.client);
  await older.appendToStream('priced-1', [ev('PriceSet', { price: '2.55' })]);
  const schemas = createEventSchemaRegistry({
    PriceSet: { version: 2, upcasters: { 1: (data) => ({ pence: Math.round(Number(data.price) * 100) }) } },
  });
  const current = createEsdbEventStore(fake.client, { schemas });
  await current.appendToStream('priced-1', [ev('PriceSet', { pence: 300 })]);
  const shape = (events: { data: unknown; metadata: { schemaVersion: number } }[]) =>
    events.map((e) => [e.data, e.metadata.schemaVersion]);
  const expected = [
    [{ pence: 255 }, 2],
    [{ pence: 300 }, 2],
  ];
  assert.deepEqual(shape(await current.readStream('priced-1')), expected);
  assert.deepEqual(shape(await current.readAll()), expected);
  assert.deepEqual(
    (await older.readStream('priced-1')).map((e) => e.metadata.schemaVersion),
    [1, 2],
  );
});

test('a subscription delivers history, then stops on close()', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  await store.appendToStream('thing-1', [ev('A', { i: 0 }), ev('B', { i: 1 })]);
  fake.appendSystemEvent();
  const seen: unknown[] = [];
  let caughtUpAt = -1n;
  const subscription = store.subscribeToAll({
    onEvents: async (events) => void seen.push(...events.map((e) => e.data)),
    onCaughtUp: (position) => (caughtUpAt = position),
  });
  while (caughtUpAt < 0n) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(seen, [{ i: 0 }, { i: 1 }]);
  assert.equal(caughtUpAt, subscription.position);
  await store.close();
  await subscription.done;
});

test.run();
