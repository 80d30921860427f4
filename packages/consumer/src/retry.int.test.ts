/**
 * A processor never stops: a database outage is waited out with backoff, forever; a handler
 * that keeps failing on an event gets it parked; an event no upcaster can read yet is retried
 * until a deploy can read it. Each change of state is reported once.
 */
import * as assert from 'node:assert/strict';
import { newId, OrderflowError, type EventSchemaRegistry, type RecordedEvent } from '@orderflow/core';
import { eventually, testServerUrl } from '@orderflow/testing';
import pg from 'pg';
import { startConsumer } from './consumer.ts';
import { listParkedEvents } from './parked.ts';
import type { StateChange } from './status.ts';
import {
  appendTicks,
  connect,
  countingProcessor,
  effectCounts,
  consumerSuite,
  type ConsumerTest,
} from './testing/support.ts';

const test = consumerSuite('consumer: retries and parking', 'consumer_retry');

const fast = { retry: { baseDelayMs: 20, maxDelayMs: 200 }, lockRetryMs: 200, checkIntervalMs: 100 };
const transitions = (changes: readonly StateChange[], processor: string) =>
  changes.filter((c) => c.processor === processor).map((c) => `${c.from}→${c.to}`);
const exactlyOnce = async (t: ConsumerTest, processor: string, ids: readonly string[]) => {
  const counts = await effectCounts(t.knex, processor);
  assert.deepEqual(
    ids.filter((id) => counts.get(id) !== 1),
    [],
    `${processor}: every event applied exactly once`,
  );
  assert.equal(counts.size, ids.length);
};

test('a database outage is waited out, again and again, without stopping or applying anything twice', async (ctx) => {
  const { t } = ctx;
  const changes: StateChange[] = [];
  const consumer = await startConsumer({
    ...fast,
    db: t.knex,
    store: t.store,
    batchSize: 20,
    processors: [countingProcessor('a'), countingProcessor('b')],
    onStateChange: (c) => changes.push(c),
  });
  ctx.cleanups.push(() => consumer.stop());
  // The writer has connections of its own, which the outage ends too: it retries each append
  // with the same event id, which the store deduplicates.
  const writer = connect(t.db.url);
  const ids: string[] = [];
  let writing = true;
  const writes = (async () => {
    for (let i = 0; writing || i < 300; i++) {
      const id = newId();
      ids.push(id);
      for (;;) {
        try {
          await writer.store.appendToStream(`tick-${i % 5}`, [{ id, type: 'Ticked', data: { i } }]);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      if (i >= 300) writing = false;
    }
  })();
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    for (let outage = 0; outage < 3; outage++) {
      await eventually(
        'progress before the next outage',
        async () => (await effectCounts(t.knex, 'a')).size > outage * 60,
      );
      const { rows } = await admin.query(
        'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1',
        [t.db.name],
      );
      assert.ok(rows[0].n > 0, 'connections were terminated');
    }
  } finally {
    await admin.end();
  }
  await writes;
  await writer.close();
  await eventually(
    'both processors caught up',
    async () =>
      (await effectCounts(t.knex, 'a')).size === ids.length &&
      (await effectCounts(t.knex, 'b')).size === ids.length,
    { timeoutMs: 30_000 },
  );
  await exactlyOnce(t, 'a', ids);
  await exactlyOnce(t, 'b', ids);
  assert.ok(
    changes.some((c) => c.to === 'retrying' || c.to === 'standby'),
    `the outage showed: ${transitions(changes, 'a')}`,
  );
  assert.ok(!changes.some((c) => c.to === 'stopped'), 'never stopped');
  await eventually('running again', () => consumer.status().every((s) => s.state === 'running'));
});

test('a handler that keeps failing on one event: retried, then the event is parked and the processor goes on', async (ctx) => {
  const { t } = ctx;
  const parked: string[] = [];
  const consumer = await startConsumer({
    ...fast,
    db: t.knex,
    store: t.store,
    processors: [
      countingProcessor('picky', (events) => {
        if (events.some((e) => (e.data as { i: number }).i === 7))
          throw new TypeError('cannot handle tick 7');
      }),
    ],
    onParked: (_name, event) => parked.push(event.id),
  });
  ctx.cleanups.push(() => consumer.stop());
  const { ids, last } = await appendTicks(t.store, 20, { concurrency: 1 });
  assert.ok(await consumer.waitFor(last, 10_000));
  const counts = await effectCounts(t.knex, 'picky');
  assert.equal(counts.size, 19, 'every event but the poisoned one');
  const [event] = await listParkedEvents(t.knex, 'picky');
  assert.equal(event!.eventId, ids[7]);
  assert.deepEqual([event!.eventType, event!.attempts], ['Ticked', 3]);
  assert.match(event!.error, /TypeError: cannot handle tick 7/);
  assert.deepEqual(parked, [ids[7]]);
  const [status] = consumer.status();
  assert.equal(status!.parked, 1);
  assert.equal(status!.state, 'running');
  assert.ok(status!.checkpoint >= last, 'the checkpoint moved past the parked event');
  assert.match(status!.lastError ?? '', /^parked Ticked/);
});

test('an event no upcaster can read is retried with backoff, shown, and applied once a deploy can read it', async (ctx) => {
  const { t } = ctx;
  let deployed = false;
  let refusals = 0;
  const schemas: EventSchemaRegistry = {
    currentVersion: () => 1,
    upcast<E extends RecordedEvent>(event: E): E {
      if (event.type !== 'Tocked' || deployed) return event;
      refusals++;
      throw new OrderflowError('UNKNOWN_EVENT_SCHEMA', `cannot read Tocked at ${event.position}`);
    },
  };
  const reader = connect(t.db.url, schemas);
  const changes: StateChange[] = [];
  const consumer = await startConsumer({
    ...fast,
    db: reader.knex,
    store: reader.store,
    processors: [countingProcessor('reader', undefined, ['Ticked', 'Tocked'])],
    onStateChange: (c) => changes.push(c),
  });
  try {
    await appendTicks(t.store, 3, { concurrency: 1 });
    await t.store.appendToStream('tock-1', [{ id: newId(), type: 'Tocked', data: {} }]);
    const { last } = await appendTicks(t.store, 3, { concurrency: 1 });
    const stuck = await eventually('retrying on the unreadable event', () => {
      const [s] = consumer.status();
      return s!.state === 'retrying' && refusals >= 3 ? s : undefined;
    });
    assert.match(stuck!.lastError ?? '', /UNKNOWN_EVENT_SCHEMA|cannot read Tocked/);
    assert.equal((await effectCounts(t.knex, 'reader')).size, 3, 'the events before it were applied');

    deployed = true;
    assert.ok(await consumer.waitFor(last, 10_000));
    assert.equal((await effectCounts(t.knex, 'reader')).size, 7);
    await eventually('running', () => consumer.status()[0]!.state === 'running');
    assert.equal(
      transitions(changes, 'reader').filter((c) => c.endsWith('→retrying')).length,
      1,
      `retrying reported once for ${refusals} refusals`,
    );
    assert.equal(consumer.status()[0]!.lastError, null, 'recovered');
  } finally {
    await consumer.stop();
    await reader.close();
  }
});

test('each change of state is reported once: start, a run of failures, recovery, stop', async (ctx) => {
  const { t } = ctx;
  let failures = 5;
  const changes: StateChange[] = [];
  const consumer = await startConsumer({
    ...fast,
    db: t.knex,
    store: t.store,
    processors: [
      countingProcessor('flaky', () => {
        if (failures-- > 0) throw Object.assign(new Error('connection failure'), { code: '08006' }); // an outage
      }),
    ],
    onStateChange: (c) => changes.push(c),
  });
  await eventually('running', () => consumer.status()[0]!.state === 'running');
  const { last } = await appendTicks(t.store, 1);
  assert.ok(await consumer.waitFor(last, 10_000));
  await eventually('running again', () => consumer.status()[0]!.state === 'running');
  assert.equal(failures, -1, 'five failed tries, then one that succeeded');
  await consumer.stop();
  assert.deepEqual(transitions(changes, 'flaky'), [
    'starting→catching-up',
    'catching-up→running',
    'running→retrying',
    'retrying→catching-up',
    'catching-up→running',
    'running→stopped',
  ]);
  const retrying = changes.find((c) => c.to === 'retrying')!;
  assert.equal((retrying.error as { code?: string }).code, '08006');
  assert.equal((await effectCounts(t.knex, 'flaky')).size, 1);
});

test.run();
