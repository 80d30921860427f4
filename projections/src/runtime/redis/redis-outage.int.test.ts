/**
 * A Redis outage with a real, private `redis-server` that is killed and restarted empty: the
 * queries keep answering from Postgres without an error, the projector reports `retrying`,
 * and when Redis is back it rebuilds the lost models and Redis answers as Postgres again.
 */
import * as assert from 'node:assert/strict';
import { eventually, startRedisServer, type RedisServer } from '@orderflow/testing';
import { suite } from 'uvu';
import { listParkedEvents, projections, startProjector } from '../../index.ts';
import { getOrderStatus, getOrderStatusFromPostgres } from '../../read-models/order-status/queries.ts';
import { getStockAvailabilityFromPostgres } from '../../read-models/stock-availability/queries.ts';
import { seedOrders } from '../../testing/seed.ts';
import { topSellersFromPostgres } from '../../read-models/top-sellers/queries.ts';
import { isRedisOutage } from './errors.ts';
import { startRedisProjector } from './projector.ts';
import { createReadModelQueries } from '../../read-models/queries.ts';
import { redisProjections } from '../../read-models/registry.ts';
import {
  differencesFromPostgres,
  setUpRedisTest,
  type RedisTestContext,
} from '../../testing/redis-test-support.ts';

const test = suite<{ ctx: RedisTestContext; server: RedisServer }>('redis outage');
test.before(async (context) => {
  context.server = await startRedisServer();
  context.ctx = await setUpRedisTest('redis_outage', context.server.url);
});
test.after(async ({ ctx, server }) => {
  await ctx.close();
  await server.stop();
});

test('queries fall back to Postgres while Redis is down; the models catch up when it returns', async ({
  ctx,
  server,
}) => {
  const postgres = await startProjector(ctx.knex, ctx.store, projections);
  const outages: unknown[] = [];
  const projector = await startRedisProjector({
    redis: ctx.redis,
    store: ctx.store,
    db: ctx.knex,
    projections: redisProjections,
    keyPrefix: ctx.keyPrefix,
    checkIntervalMs: 100,
    onError: (_name, error) => outages.push(error),
  });
  const models = { redis: ctx.redis, keyPrefix: ctx.keyPrefix };
  const fallbacks: string[] = [];
  const queries = createReadModelQueries({
    redis: models,
    db: ctx.knex,
    isFresh: (name) => projector.isFresh(name) || (fallbacks.push(`${name} not fresh`), false),
    onFallback: (name) => fallbacks.push(name),
  });
  const caughtUp = async () => {
    const head = ctx.lastAppended();
    assert.ok(await postgres.waitFor(head, 20_000));
    assert.ok(await projector.waitFor(head, 30_000));
  };
  const answers = async () => {
    const orders = (await ctx.knex('orders').orderBy('order_id').pluck('order_id')) as string[];
    return {
      orders: await Promise.all(orders.map((id) => queries.orderStatus(id))),
      skus: await Promise.all(
        ['SKU-0', 'SKU-1', 'SKU-2', 'NOPE'].map((sku) => queries.stockAvailability(sku)),
      ),
      top: await queries.topSellers(10),
    };
  };
  const postgresAnswers = async () => {
    const orders = (await ctx.knex('orders').orderBy('order_id').pluck('order_id')) as string[];
    return {
      orders: await Promise.all(orders.map((id) => getOrderStatusFromPostgres(ctx.knex, id))),
      skus: await Promise.all(
        ['SKU-0', 'SKU-1', 'SKU-2', 'NOPE'].map((sku) => getStockAvailabilityFromPostgres(ctx.knex, sku)),
      ),
      top: await topSellersFromPostgres(ctx.knex, 10),
    };
  };
  try {
    await seedOrders(ctx.store, 40, { skus: 5 });
    await caughtUp();
    await eventually(
      'Redis serves',
      async () => (await differencesFromPostgres(models, ctx.knex)).length === 0,
    );
    assert.ok(redisProjections.every((p) => projector.isFresh(p.name)));
    fallbacks.length = 0;
    assert.deepEqual(await answers(), await postgresAnswers());
    assert.deepEqual(fallbacks, [], 'answered from Redis');

    // Kill Redis in the middle of a burst of orders, while batches are being applied.
    const burst = seedOrders(ctx.store, 20, { skus: 5, startAt: 40, appendSize: 2 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await server.stop();
    await burst;
    assert.ok(await postgres.waitFor(ctx.lastAppended(), 20_000));
    // Straight after the crash, before the projector noticed: still answers, from Postgres.
    assert.deepEqual(await answers(), await postgresAnswers());
    const [someOrder] = (await ctx.knex('orders').pluck('order_id')) as string[];
    await assert.rejects(getOrderStatus(models, someOrder!), (e: unknown) =>
      isRedisOutage((e as Error).cause),
    );
    const down = await eventually('status retrying', () => {
      const status = projector.status();
      return status.every((s) => s.state === 'retrying') ? status : undefined;
    });
    assert.ok(down.every((s) => s.lastError !== null));
    assert.ok(outages.length >= 3 && outages.every(isRedisOutage), 'one report per projection and outage');

    // Orders keep coming while Redis is away: the answers follow Postgres.
    await seedOrders(ctx.store, 20, { skus: 5, startAt: 60 });
    assert.ok(await postgres.waitFor(ctx.lastAppended(), 20_000));
    const during = await answers();
    assert.equal(during.orders.length, 80);
    assert.deepEqual(during, await postgresAnswers());

    await server.restart(); // empty: nothing was persisted
    await caughtUp();
    await eventually(
      'Redis rebuilt and serving again',
      async () => {
        const differences = await differencesFromPostgres(models, ctx.knex);
        if (differences.length) throw new Error(differences.slice(0, 3).join('; '));
        return projector.status().every((s) => s.state === 'running') || undefined;
      },
      { timeoutMs: 20_000 },
    );
    fallbacks.length = 0;
    assert.deepEqual(await answers(), await postgresAnswers());
    assert.deepEqual(fallbacks, [], 'answered from Redis again');
    assert.ok(projector.status().every((s) => s.lastError === null && s.checkpoint > 0n));
    assert.deepEqual(await listParkedEvents(ctx.knex), [], 'an outage parks nothing');
  } finally {
    await projector.stop();
    await postgres.stop();
  }
});

test.run();
