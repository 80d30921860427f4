/**
 * Blue-green rebuild and verify of Redis read models against real Redis (shared server, own
 * key prefix) and real Postgres, with the live projector running.
 */
import * as assert from 'node:assert/strict';
import { hasErrorCode } from '@orderflow/core';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { projections, startProjector, type Projector } from '../../index.ts';
import { orderStatusProjection } from '../../read-models/order-status/projection.ts';
import { seedOrders } from '../../testing/seed.ts';
import { topSellersProjection } from '../../read-models/top-sellers/projection.ts';
import { projectionKeys } from './keys.ts';
import { startRedisProjector, type RedisProjector } from './projector.ts';
import { redisProjections } from '../../read-models/registry.ts';
import { rebuildRedisProjection } from './rebuild.ts';
import {
  differencesFromPostgres,
  keysMatching,
  setUpRedisTest,
  type RedisTestContext,
} from '../../testing/redis-test-support.ts';
import { verifyRedisProjection } from './verify.ts';

interface Ctx {
  ctx: RedisTestContext;
  postgres: Projector;
  projector: RedisProjector;
}
const test = suite<Ctx>('redis blue-green rebuild and verify');

test.before.each(async (context) => {
  const ctx = await setUpRedisTest('redis_rebuild');
  context.ctx = ctx;
  await seedOrders(ctx.store, 80, { skus: 6 });
  context.postgres = await startProjector(ctx.knex, ctx.store, projections);
  context.projector = await startRedisProjector({
    redis: ctx.redis,
    store: ctx.store,
    db: ctx.knex,
    projections: redisProjections,
    keyPrefix: ctx.keyPrefix,
    checkIntervalMs: 100,
  });
  await caughtUp(context);
});
test.after.each(async ({ ctx, postgres, projector }) => {
  await projector.stop();
  await postgres.stop();
  await ctx.close();
});

async function caughtUp({ ctx, postgres, projector }: Ctx): Promise<void> {
  const head = ctx.lastAppended();
  assert.ok(await postgres.waitFor(head, 20_000));
  assert.ok(await projector.waitFor(head, 20_000));
  const models = { redis: ctx.redis, keyPrefix: ctx.keyPrefix };
  await eventually('Redis answers as Postgres', async () => {
    const differences = await differencesFromPostgres(models, ctx.knex);
    if (differences.length) throw new Error(differences.slice(0, 3).join('; '));
    return true;
  });
}

test('a rebuild swaps in a new generation with the same answers and removes the old one', async (c) => {
  const { ctx } = c;
  const keys = projectionKeys(ctx.keyPrefix, orderStatusProjection.name);
  const oldKeys = await keysMatching(ctx.redis, keys.generation(1).pattern);
  assert.ok(oldKeys.length > 80);
  const more = seedOrders(ctx.store, 40, { skus: 6, startAt: 80 });
  const progress: bigint[] = [];
  const first = rebuildRedisProjection(ctx.redis, ctx.store, orderStatusProjection, {
    keyPrefix: ctx.keyPrefix,
    db: ctx.knex,
    batchSize: 50,
    onProgress: (p) => progress.push(p.position),
  });
  const second = await rebuildRedisProjection(ctx.redis, ctx.store, orderStatusProjection, {
    keyPrefix: ctx.keyPrefix,
    db: ctx.knex,
  }).catch((e: unknown) => e);
  assert.ok(
    hasErrorCode(second, 'INVALID_STATE') &&
      second.message === 'a rebuild of order-status is already running',
    String(second),
  );
  const result = await first;
  await more;
  assert.deepEqual([result.previousGeneration, result.generation, result.resumedFrom], [1, 2, 0n]);
  assert.ok(progress.length > 1 && result.events > 0);
  assert.ok(
    result.removedKeys >= oldKeys.length,
    'the old generation, grown by the live projector meanwhile',
  );
  assert.equal(await ctx.redis.get(keys.pointer), '2');
  assert.deepEqual(await keysMatching(ctx.redis, keys.generation(1).pattern), [], 'old generation gone');
  await caughtUp(c);
  await eventually('the projector follows the new generation', () =>
    c.projector.status().every((s) => s.state === 'running'),
  );
  // Events after the swap land in generation 2.
  await seedOrders(ctx.store, 10, { skus: 6, startAt: 120 });
  await caughtUp(c);
  assert.deepEqual(await keysMatching(ctx.redis, keys.generation(1).pattern), []);
  assert.equal(await ctx.redis.get(keys.lock), null, 'lock released');
});

test('an aborted rebuild leaves the live model alone and the next one resumes it', async (c) => {
  const { ctx } = c;
  const keys = projectionKeys(ctx.keyPrefix, topSellersProjection.name);
  const controller = new AbortController();
  let pages = 0;
  await assert.rejects(
    rebuildRedisProjection(ctx.redis, ctx.store, topSellersProjection, {
      keyPrefix: ctx.keyPrefix,
      db: ctx.knex,
      batchSize: 20,
      signal: controller.signal,
      onProgress: () => {
        if (++pages === 2) controller.abort();
      },
    }),
    (e: unknown) => (e as Error).name === 'AbortError',
  );
  assert.equal(await ctx.redis.get(keys.pointer), null, 'generation 1 is still live');
  assert.equal(await ctx.redis.get(keys.lock), null, 'lock released');
  const shadow = await ctx.redis.hget(keys.generation(2).meta, 'checkpoint');
  assert.ok(shadow && BigInt(shadow) > 0n, 'the shadow keeps its checkpoint');
  await caughtUp(c);

  const resumed = await rebuildRedisProjection(ctx.redis, ctx.store, topSellersProjection, {
    keyPrefix: ctx.keyPrefix,
    db: ctx.knex,
    batchSize: 20,
  });
  assert.equal(resumed.resumedFrom, BigInt(shadow));
  assert.equal(resumed.generation, 2);
  await caughtUp(c);
});

test('verify finds no difference, then the one a corrupted key makes', async (c) => {
  const { ctx } = c;
  const options = { keyPrefix: ctx.keyPrefix };
  for (const projection of redisProjections) {
    const report = await verifyRedisProjection(ctx.redis, ctx.store, projection, options);
    assert.deepEqual(report.differences, [], projection.name);
    assert.ok(report.keysCompared > 0);
  }
  const keys = projectionKeys(ctx.keyPrefix, orderStatusProjection.name);
  const [orderId] = (await ctx.knex('orders').where({ status: 'CONFIRMED' }).pluck('order_id')) as string[];
  await ctx.redis.hset(keys.generation(1).key('order', orderId!), 'status', 'CANCELLED');
  const report = await verifyRedisProjection(ctx.redis, ctx.store, orderStatusProjection, options);
  assert.deepEqual(report.differences, [
    { key: `order:${orderId}`, field: 'status', live: 'CANCELLED', rebuilt: 'CONFIRMED' },
  ]);
  assert.deepEqual(await keysMatching(ctx.redis, `${keys.tag}:s*`), [], 'scratch keys deleted');

  const top = projectionKeys(ctx.keyPrefix, topSellersProjection.name).generation(1);
  await ctx.redis.zincrby(top.key('units'), -1, 'SKU-2');
  const sellers = await verifyRedisProjection(ctx.redis, ctx.store, topSellersProjection, options);
  assert.equal(sellers.differences.length, 1);
  assert.deepEqual([sellers.differences[0]!.key, sellers.differences[0]!.field], ['units', 'SKU-2']);
});

test.run();
