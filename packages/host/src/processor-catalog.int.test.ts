import * as assert from 'node:assert/strict';
import { createTestDatabase, testRedisUrl, uniqueSuffix, type TestDatabase } from '@orderflow/testing';
import { Redis } from 'ioredis';
import { suite } from 'uvu';
import { openInfrastructure, type Infrastructure } from './infrastructure.ts';
import { migrate } from './migrations.ts';
import { inspectEveryProcessor, processorCatalog } from './processor-catalog.ts';

/** The outside view of every processor (`orderflow projections status`, the API's fallback). */
const test = suite<{ database: TestDatabase; infra: Infrastructure }>('every processor from outside');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('catalog');
  ctx.infra = await openInfrastructure({ databaseUrl: ctx.database.url });
  await migrate(ctx.infra.pool, ctx.infra.db('projector'));
});
test.after.each(async (ctx) => {
  await ctx.infra.close();
  await ctx.database.drop();
});

const SHAPE = { redis: true, kafka: false, simulator: true };

test('an empty log: every processor in catalog order, running at checkpoint 0', async ({ infra }) => {
  const client = new Redis(testRedisUrl());
  try {
    const entries = processorCatalog(SHAPE);
    const views = await inspectEveryProcessor(
      infra.db('api'),
      infra.store,
      { client, keyPrefix: `test-${uniqueSuffix()}` },
      entries,
      { sampleMs: 50 },
    );
    assert.deepEqual(
      views.map((v) => v.name),
      entries.map((e) => e.name),
    );
    assert.ok(views.some((v) => v.kind === 'redis-read-model'));
    assert.equal(
      entries.some((e) => e.kind === 'relay'),
      false,
      'no relay without Kafka',
    );
    for (const v of views) assert.deepEqual([v.name, v.state, v.checkpoint], [v.name, 'running', 0n]);
  } finally {
    await client.quit();
  }
});

test('Redis away: its read models are stopped with the reason, within seconds; the others still report', async ({
  infra,
}) => {
  // Nothing listens on port 1: every command waits for a connection that never comes.
  const client = new Redis({
    port: 1,
    host: '127.0.0.1',
    maxRetriesPerRequest: null,
    retryStrategy: () => 200,
  });
  client.on('error', () => undefined);
  try {
    const started = Date.now();
    const views = await inspectEveryProcessor(
      infra.db('api'),
      infra.store,
      { client, keyPrefix: 'away' },
      processorCatalog(SHAPE),
      { sampleMs: 50 },
    );
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    const redis = views.filter((v) => v.kind === 'redis-read-model');
    assert.ok(redis.length > 0);
    for (const v of redis) {
      assert.equal(v.state, 'stopped');
      assert.match(v.lastError ?? '', /cannot read its checkpoint: Redis did not answer/);
    }
    assert.equal(views.find((v) => v.name === 'order-fulfillment')?.state, 'running');
  } finally {
    client.disconnect();
  }
});

test.run();
