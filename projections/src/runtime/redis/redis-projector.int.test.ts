/**
 * The Redis projection runtime against real Redis (the shared server, own key prefix) and real
 * Postgres: the atomic step, the live projector agreeing with the Postgres read models, and
 * parking.
 */
import * as assert from 'node:assert/strict';
import { newId, type RecordedEvent } from '@orderflow/core';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { listParkedEvents, projections, startProjector } from '../../index.ts';
import { orderStatusProjection } from '../../read-models/order-status/projection.ts';
import { seedOrders } from '../../testing/seed.ts';
import { applyRedisStep, type RedisTarget } from './apply-step.ts';
import { applyEventsToRedis } from './batch.ts';
import { projectionKeys } from './keys.ts';
import type { RedisProjection } from './projection.ts';
import { startRedisProjector } from './projector.ts';
import { redisProjections } from '../../read-models/registry.ts';
import {
  differencesFromPostgres,
  setUpRedisTest,
  type RedisTestContext,
} from '../../testing/redis-test-support.ts';
import type { OrderStatusEvent } from '../../read-models/order-status/row.ts';

const test = suite<{ ctx: RedisTestContext }>('redis projection runtime');
test.before.each(async (context) => {
  context.ctx = await setUpRedisTest('redis_runtime');
});
test.after.each(async ({ ctx }) => {
  await ctx.close();
});

const at = (position: bigint) => ({ position, recordedAt: new Date() });

test('the atomic step: a replayed or stale batch changes nothing, nor does a batch for a swapped-out generation', async ({
  ctx,
}) => {
  const { redis } = ctx;
  const keys = projectionKeys(ctx.keyPrefix, 'atomic');
  const target: RedisTarget = { keys, space: keys.generation(1), requireLive: 1, version: 1 };
  const units = target.space.key('units');
  const step = [['ZINCRBY', units, 5, 'MUG'] as const];

  assert.deepEqual(await applyRedisStep(redis, target, 0n, at(10n), step), {
    outcome: 'applied',
    checkpoint: 10n,
  });
  assert.deepEqual(await applyRedisStep(redis, target, 0n, at(10n), step), {
    outcome: 'stale',
    checkpoint: 10n,
  });
  assert.deepEqual(await applyRedisStep(redis, target, 0n, at(20n), step), {
    outcome: 'stale',
    checkpoint: 10n,
  });
  assert.equal(await redis.zscore(units, 'MUG'), '5', 'applied once');

  await redis.set(keys.pointer, '2');
  assert.deepEqual(await applyRedisStep(redis, target, 10n, at(20n), step), {
    outcome: 'not-live',
    generation: 2,
  });
  await redis.del(keys.pointer);

  // A type clash is found before the first write: nothing of the batch is applied.
  await redis.set(target.space.key('clash'), 'a string');
  await assert.rejects(
    applyRedisStep(redis, target, 10n, at(30n), [
      ['HSET', target.space.key('first'), 'f', 'v'],
      ['HSET', target.space.key('clash'), 'f', 'v'],
    ]),
    /WRONGTYPE/,
  );
  assert.equal(await redis.exists(target.space.key('first')), 0);
  assert.equal(await redis.hget(target.space.meta, 'checkpoint'), '10');
});

test('a batch of real events applied twice is applied once', async ({ ctx }) => {
  await seedOrders(ctx.store, 5, { skus: 2 });
  // 5 orders × (OrderCreated, PaymentRequested, OrderConfirmed or OrderCancelled), once visible.
  const events = await eventually('the orders readable', async () => {
    const page = await ctx.store.readAll({ filter: { eventTypes: orderStatusProjection.eventTypes } });
    return page.length === 15 ? page : undefined;
  });
  const keys = projectionKeys(ctx.keyPrefix, orderStatusProjection.name);
  const target: RedisTarget = { keys, space: keys.generation(1), requireLive: 1, version: 1 };
  const park = async (_e: unknown, error: unknown) => assert.fail(`nothing to park: ${String(error)}`);
  const first = await applyEventsToRedis(ctx.redis, orderStatusProjection, target, 0n, events, { park });
  assert.equal(first.outcome, 'applied');
  const before = await ctx.redis.hgetall(
    target.space.key('order', (events[0]!.data as { orderId: string }).orderId),
  );
  const again = await applyEventsToRedis(ctx.redis, orderStatusProjection, target, 0n, events, { park });
  assert.deepEqual(again, { outcome: 'stale', checkpoint: events.at(-1)!.position });
  const after = await ctx.redis.hgetall(
    target.space.key('order', (events[0]!.data as { orderId: string }).orderId),
  );
  assert.deepEqual(after, before);
});

test('the live projector agrees with the Postgres read models and reports its status', async ({ ctx }) => {
  await seedOrders(ctx.store, 60, { skus: 7 });
  const postgres = await startProjector(ctx.knex, ctx.store, projections);
  const redis = await startRedisProjector({
    redis: ctx.redis,
    store: ctx.store,
    db: ctx.knex,
    projections: redisProjections,
    keyPrefix: ctx.keyPrefix,
    batchSize: 50,
  });
  try {
    await seedOrders(ctx.store, 40, { skus: 7, startAt: 60 });
    const head = ctx.lastAppended();
    assert.ok(await postgres.waitFor(head, 20_000));
    assert.ok(await redis.waitFor(head, 20_000));
    const models = { redis: ctx.redis, keyPrefix: ctx.keyPrefix };
    await eventually(
      'redis ready',
      async () => (await differencesFromPostgres(models, ctx.knex)).length === 0,
    );
    assert.deepEqual(await differencesFromPostgres(models, ctx.knex), []);
    const status = await eventually('status caught up', () => {
      const s = redis.status();
      return s.every((p) => p.state === 'running' && p.lagPositions === 0n) ? s : undefined;
    });
    assert.deepEqual(
      status.map((s) => [s.name, s.store, s.version, s.parked, s.lastError]),
      redisProjections.map((p) => [p.name, 'redis', 1, 0, null]),
    );
    assert.ok(status.every((s) => s.checkpoint > 0n && s.eventsPerSecond > 0));
    assert.ok(redisProjections.every((p) => redis.isFresh(p.name)));
    assert.equal(((await ctx.knex('orders').pluck('order_id')) as string[]).length, 100);
  } finally {
    await redis.stop();
  }
  assert.deepEqual(
    redis.status().map((s) => s.state),
    ['stopped', 'stopped', 'stopped'],
  );
  const stoppedAt = redis.status().map((s) => s.checkpoint);

  // A new projector resumes from the checkpoints kept in Redis.
  await seedOrders(ctx.store, 10, { skus: 7, startAt: 100 });
  const resumed = await startRedisProjector({
    redis: ctx.redis,
    store: ctx.store,
    db: ctx.knex,
    projections: redisProjections,
    keyPrefix: ctx.keyPrefix,
  });
  try {
    const head = ctx.lastAppended();
    assert.ok(await postgres.waitFor(head, 20_000));
    assert.ok(await resumed.waitFor(head, 20_000));
    const models = { redis: ctx.redis, keyPrefix: ctx.keyPrefix };
    assert.deepEqual(await differencesFromPostgres(models, ctx.knex), []);
    // 10 orders: 10 OrderCreated + 10 PaymentRequested + 10 confirmations or cancellations.
    const applied = resumed.status()[0]!.eventsPerSecond * 10;
    assert.equal(applied, 30, 'only the new order events were applied');
    assert.ok(resumed.status().every((s, i) => s.checkpoint > stoppedAt[i]!));
  } finally {
    await resumed.stop();
    await postgres.stop();
  }
});

test('an event whose plan keeps failing is parked with its error and the projection goes on', async ({
  ctx,
}) => {
  const poisoned = newId();
  const isPoison = (e: RecordedEvent<OrderStatusEvent>) =>
    e.type === 'OrderConfirmed' && e.data.orderId === poisoned;
  const flaky: RedisProjection<OrderStatusEvent> = {
    ...orderStatusProjection,
    name: 'flaky-status',
    async plan(events, read, keys) {
      if (events.some(isPoison)) throw new TypeError('cannot confirm the poisoned order');
      return orderStatusProjection.plan(events, read, keys);
    },
  };
  const errors: unknown[] = [];
  const projector = await startRedisProjector({
    redis: ctx.redis,
    store: ctx.store,
    db: ctx.knex,
    projections: [flaky],
    keyPrefix: ctx.keyPrefix,
    onError: (_name, error) => errors.push(error),
  });
  try {
    const healthy = newId();
    const created = (orderId: string) => ({
      id: newId(),
      type: 'OrderCreated',
      data: {
        orderId,
        customerId: 'c',
        lines: [],
        subtotal: 0,
        discount: 0,
        coupons: [],
        total: 0,
        priceSource: 'catalog',
        currency: 'EUR',
        placedAt: '2025-01-31T12:00:00Z',
        receivedAt: '2025-01-31T12:00:00Z',
      },
    });
    const confirmed = (orderId: string) => ({
      id: newId(),
      type: 'OrderConfirmed',
      data: { orderId, confirmedAt: '2025-01-31T12:01:00Z' },
    });
    await ctx.store.appendToStream(`order-${poisoned}`, [created(poisoned), confirmed(poisoned)]);
    await ctx.store.appendToStream(`order-${healthy}`, [created(healthy), confirmed(healthy)]);
    assert.ok(await projector.waitFor(ctx.lastAppended(), 10_000));

    const space = projectionKeys(ctx.keyPrefix, 'flaky-status').generation(1);
    assert.deepEqual(await ctx.redis.hgetall(space.key('order', healthy)), { status: 'CONFIRMED' });
    assert.deepEqual(await ctx.redis.hgetall(space.key('order', poisoned)), { status: 'PENDING' });
    const parked = await listParkedEvents(ctx.knex, 'flaky-status');
    assert.deepEqual(
      parked.map((p) => [p.eventType, p.streamName, p.attempts]),
      [['OrderConfirmed', `order-${poisoned}`, 3]],
    );
    assert.match(parked[0]!.error, /cannot confirm the poisoned order/);
    const [status] = projector.status();
    assert.equal(status!.parked, 1);
    assert.match(status!.lastError ?? '', /parked OrderConfirmed/);
    assert.equal(status!.checkpoint, ctx.lastAppended());
    assert.equal(errors.length, 1);
  } finally {
    await projector.stop();
  }
});

test.run();
