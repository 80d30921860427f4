/**
 * One process at a time per processor: consumers with separate pools (as separate processes
 * have) on one database share the work through advisory locks, apply every event exactly once,
 * and hand a processor over within seconds when its holder dies or loses its lock connection.
 */
import * as assert from 'node:assert/strict';
import { eventually, testServerUrl } from '@orderflow/testing';
import pg from 'pg';
import { startConsumer, type Consumer } from './consumer.ts';
import type { StateChange } from './status.ts';
import { startConsumerChild } from './testing/child.ts';
import {
  appendTicks,
  connect,
  countingProcessor,
  effectCounts,
  consumerSuite,
  type Connections,
  type ConsumerTest,
  type ConsumerTestContext,
} from './testing/support.ts';

type Ctx = ConsumerTestContext;
const test = consumerSuite('consumer: one process at a time', 'consumer_lock');

const PROCESSORS = ['p1', 'p2', 'p3'];
const fast = { retry: { baseDelayMs: 20, maxDelayMs: 200 }, lockRetryMs: 200, checkIntervalMs: 100 };

/** A consumer of the counting processors on connections of its own, stopped after the test. */
async function consumerOn(
  ctx: Ctx,
  changes: StateChange[] = [],
): Promise<{ consumer: Consumer; c: Connections; stop(): Promise<void> }> {
  const c = connect(ctx.t.db.url);
  const consumer = await startConsumer({
    ...fast,
    db: c.knex,
    store: c.store,
    batchSize: 25,
    processors: PROCESSORS.map((name) => countingProcessor(name)),
    onStateChange: (change) => changes.push(change),
  });
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= consumer.stop().then(() => c.close()));
  ctx.cleanups.push(stop);
  return { consumer, c, stop };
}

async function assertExactlyOnce(t: ConsumerTest, ids: readonly string[]): Promise<void> {
  for (const processor of PROCESSORS) {
    await eventually(
      `${processor} applied everything`,
      async () => (await effectCounts(t.knex, processor)).size === ids.length,
      { timeoutMs: 30_000 },
    );
    const counts = await effectCounts(t.knex, processor);
    assert.deepEqual(
      ids.filter((id) => counts.get(id) !== 1),
      [],
      `${processor}: each event applied exactly once`,
    );
  }
}

test('two consumers on one database under load apply every event exactly once per processor', async (ctx) => {
  const [a, b] = await Promise.all([consumerOn(ctx), consumerOn(ctx)]);
  const leaders = (consumer: Consumer) =>
    consumer
      .status()
      .filter((s) => s.state === 'running' || s.state === 'catching-up')
      .map((s) => s.name);
  await eventually('every processor held by one of them', () => {
    const held = [...leaders(a.consumer), ...leaders(b.consumer)].sort();
    return held.join() === PROCESSORS.join();
  });
  const writes = appendTicks(ctx.t.store, 900, { concurrency: 8 });
  // Under load, stop the first one and start it again: its processors change hands mid-stream.
  await eventually('some applied', async () => (await effectCounts(ctx.t.knex, 'p1')).size > 100);
  await a.stop();
  const again = await consumerOn(ctx);
  const { ids, last } = await writes;
  await assertExactlyOnce(ctx.t, ids);
  assert.ok(
    await b.consumer.waitFor(last, 10_000),
    'the consumer holding none waits on the stored checkpoints',
  );
  for (const name of PROCESSORS) {
    const states = () =>
      [again.consumer, b.consumer].map((c) => c.status().find((s) => s.name === name)!.state);
    await eventually(`${name} runs in one consumer and stands by in the other`, () =>
      states().sort().join() === 'running,standby' ? true : undefined,
    ).catch(() => assert.fail(`${name}: ${states()}`));
  }
});

test('killing the lock holder hands its processors over within 5 s, effects still exactly once', async (ctx) => {
  const holder = startConsumerChild(ctx.t.db.url, { PROCESSORS: PROCESSORS.join(','), BATCH_SIZE: '10' });
  ctx.cleanups.push(() => holder.kill());
  for (const name of PROCESSORS) await holder.waitFor(new RegExp(`state ${name} running`));
  const changes: StateChange[] = [];
  const { consumer } = await consumerOn(ctx, changes);
  assert.deepEqual(
    consumer.status().map((s) => s.state),
    ['standby', 'standby', 'standby'],
  );
  const writes = appendTicks(ctx.t.store, 600, { concurrency: 4 });
  await eventually('the holder applies', async () => (await effectCounts(ctx.t.knex, 'p1')).size > 50);
  const killedAt = Date.now();
  await holder.kill();
  const tookOver = await eventually(
    'taken over',
    () => {
      const started = PROCESSORS.map((name) =>
        changes.find((c) => c.processor === name && c.from === 'standby')?.at.getTime(),
      );
      return started.every((at) => at !== undefined) ? Math.max(...(started as number[])) : undefined;
    },
    { timeoutMs: 10_000 },
  );
  assert.ok(tookOver - killedAt < 5000, `took over after ${tookOver - killedAt} ms`);
  const { ids } = await writes;
  await assertExactlyOnce(ctx.t, ids);
});

test('losing the lock connection stops applying at once (standby) until the lock is held again', async (ctx) => {
  const changesA: StateChange[] = [];
  const a = await consumerOn(ctx, changesA);
  await eventually('a runs everything', () => a.consumer.status().every((s) => s.state === 'running'));
  const b = await consumerOn(ctx);
  assert.ok(b.consumer.status().every((s) => s.state === 'standby'));
  const writes = appendTicks(ctx.t.store, 400, { concurrency: 4 });
  await eventually('a applies', async () => (await effectCounts(ctx.t.knex, 'p1')).size > 50);

  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'orderflow-processor-locks'
          AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
      [ctx.t.db.name],
    );
    assert.equal(rows[0].n, 1, "a's lock connection, the only one holding locks");
  } finally {
    await admin.end();
  }
  await eventually('a stood by', () =>
    PROCESSORS.every((name) => changesA.some((c) => c.processor === name && c.to === 'standby')),
  );
  const { ids } = await writes;
  await assertExactlyOnce(ctx.t, ids);
  for (const name of PROCESSORS) {
    const states = () => [a.consumer, b.consumer].map((c) => c.status().find((s) => s.name === name)!.state);
    await eventually(`${name} held again by one`, () =>
      states().sort().join() === 'running,standby' ? true : undefined,
    ).catch(() => assert.fail(`${name}: ${states()}`));
  }
});

test.run();
