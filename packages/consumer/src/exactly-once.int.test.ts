/**
 * Effects once: a Postgres processor's effects and its checkpoint commit together, so a batch
 * delivered again changes nothing and a process killed between `apply` and the commit leaves
 * nothing behind to be applied twice.
 */
import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { readCheckpoint } from './checkpoints.ts';
import { startConsumer } from './consumer.ts';
import { applyPostgresBatch } from './postgres-batch.ts';
import { startConsumerChild } from './testing/child.ts';
import {
  appendTicks,
  countingProcessor,
  effectCounts,
  consumerSuite,
  type ConsumerTest,
} from './testing/support.ts';

const test = consumerSuite('consumer: effects once', 'consumer_once');

const readTicks = (t: ConsumerTest, count: number) =>
  eventually(`${count} events readable`, async () => {
    const events = await t.store.readAll({ maxCount: 10_000, filter: { eventTypes: ['Ticked'] } });
    return events.length === count ? events : undefined;
  });

test('a batch delivered again, or one overlapping an applied one, changes nothing', async ({ t }) => {
  await appendTicks(t.store, 20);
  const events = await readTicks(t, 20);
  const processor = countingProcessor('redelivered');
  const first = await applyPostgresBatch(t.knex, processor, events.slice(0, 10));
  const again = await applyPostgresBatch(t.knex, processor, events.slice(0, 10));
  const overlapping = await applyPostgresBatch(t.knex, processor, events.slice(5));
  assert.deepEqual(
    [first.applied, again.applied, overlapping.applied],
    [10, 0, 10],
    'only the events after the checkpoint are applied',
  );
  const counts = await effectCounts(t.knex, 'redelivered');
  assert.equal(counts.size, 20);
  assert.ok(
    [...counts.values()].every((n) => n === 1),
    'each event applied once',
  );
  assert.equal((await readCheckpoint(t.knex, 'redelivered'))?.position, events.at(-1)!.position);
});

test('a process killed between apply and commit applied nothing, and its successor applies each event once', async ({
  t,
}) => {
  await appendTicks(t.store, 200);
  const events = await readTicks(t, 200);
  const crashing = startConsumerChild(t.db.url, {
    PROCESSORS: 'counter',
    CRASH_IN_BATCH: '3',
    BATCH_SIZE: '10',
  });
  assert.deepEqual(await crashing.exited, { code: null, signal: 'SIGKILL' });
  assert.match(crashing.output(), /crash in batch 3/);
  const afterCrash = await effectCounts(t.knex, 'counter');
  assert.equal(afterCrash.size, 20, 'two batches committed; the third, written but not committed, is gone');
  assert.equal((await readCheckpoint(t.knex, 'counter'))?.position, events[19]!.position);

  const consumer = await startConsumer({
    db: t.knex,
    store: t.store,
    processors: [countingProcessor('counter')],
  });
  try {
    assert.ok(await consumer.waitFor(events.at(-1)!.position, 20_000, 'counter'));
    const counts = await effectCounts(t.knex, 'counter');
    assert.equal(counts.size, 200);
    assert.deepEqual(
      [...counts.values()].filter((n) => n !== 1),
      [],
      'no event applied twice',
    );
  } finally {
    await consumer.stop();
  }
});

test.run();
