import * as assert from 'node:assert/strict';
import { redisProjections } from '@orderflow/projections';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

/** With Redis: the Redis read models are processors too, and rebuild from GraphQL like the others. */
const test = suite<{ h: Harness }>('processors and rebuilds of the Redis read models through GraphQL');

test.before(async (ctx) => {
  ctx.h = await startHarness({ redis: true });
});
test.after(async ({ h }) => h.close());

test('the Redis read models are listed, and one rebuilds to DONE with the same answers', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'RED-1', stock: 20 });
  for (const key of ['r-1', 'r-2']) {
    const { placeOrder } = await h.ok(PLACE, {
      input: { customerId: 'c-r', lines: [{ sku: 'RED-1', quantity: 2, unitPrice: 250 }] },
      key,
    });
    await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  }
  const rows = await eventually('the Redis read models caught up', async () => {
    const { processors } = await h.ok<{
      processors: Array<{ name: string; kind: string; lagEvents: number; rebuildable: boolean }>;
    }>(`{ processors { name kind lagEvents rebuildable } }`);
    const redis = processors.filter((p) => p.kind === 'REDIS_READ_MODEL');
    return redis.length > 0 && redis.every((p) => p.lagEvents === 0) ? redis : undefined;
  });
  assert.deepEqual(
    rows.map((r) => [r.name, r.rebuildable]),
    redisProjections.map((p) => [p.name, true]),
  );
  const before = await eventually('top-sellers has both orders', async () => {
    const { topSellers } = await h.ok(`{ topSellers { sku units } }`);
    return topSellers[0]?.units === 4 ? topSellers : undefined;
  });
  const { rebuildProjection: job } = await h.ok(
    `mutation { rebuildProjection(projection: "top-sellers") { id store state } }`,
  );
  assert.equal(job.store, 'redis');
  const done = await eventually('the Redis rebuild done', async () => {
    const { rebuild } = await h.ok(`query($id: ID!) { rebuild(id: $id) { state events percent error } }`, {
      id: job.id,
    });
    return rebuild.state === 'RUNNING' ? undefined : rebuild;
  });
  assert.deepEqual([done.state, done.error, done.percent], ['DONE', null, 100]);
  assert.ok(done.events > 0);
  assert.deepEqual((await h.ok(`{ topSellers { sku units } }`)).topSellers, before);
  assert.deepEqual(before, [{ sku: 'RED-1', units: 4 }]);
});

test.run();
