/**
 * Set-up shared by the Redis int tests (not exported from the package): a fresh database with
 * the event store and read-model tables, a Postgres event store, and a Redis client with its
 * own key prefix, whose keys are deleted at the end.
 */
import { consumerMigrations } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, testRedisUrl, uniqueSuffix, type TestDatabase } from '@orderflow/testing';
import type { Redis } from 'ioredis';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { projectionMigrations, runMigrations } from '../index.ts';
import { getOrderStatus, getOrderStatusFromPostgres } from '../read-models/order-status/queries.ts';
import {
  getStockAvailability,
  getStockAvailabilityFromPostgres,
} from '../read-models/stock-availability/queries.ts';
import { topSellers, topSellersFromPostgres } from '../read-models/top-sellers/queries.ts';
import { createRedisClient, redisReady } from '../runtime/redis/client.ts';
import type { RedisModels } from '../runtime/redis/query.ts';

export interface RedisTestContext {
  readonly db: TestDatabase;
  readonly pool: pg.Pool;
  readonly knex: Knex;
  /** The Postgres event store, remembering the position of the last append made through it. */
  readonly store: EventStore;
  /**
   * Position of the last event appended through `store`. Wait for this rather than for
   * `headPosition()`, which stops below the gap-safe horizon and can lag behind appends that
   * have committed (while another transaction, e.g. a projector's, is open).
   */
  lastAppended(): bigint;
  readonly redis: Redis;
  readonly keyPrefix: string;
  close(): Promise<void>;
}

export async function setUpRedisTest(name: string, redisUrl = testRedisUrl()): Promise<RedisTestContext> {
  const db = await createTestDatabase(name);
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 8 } });
  await ensureEventStoreSchema(pool);
  await runMigrations(knex, [...projectionMigrations, ...consumerMigrations]);
  const postgresStore = createPostgresEventStore(pool, { pollIntervalMs: 200 });
  let last = 0n;
  const store: EventStore = {
    async appendToStream(stream, events, options) {
      const result = await postgresStore.appendToStream(stream, events, options);
      if (result.position > last) last = result.position;
      return result;
    },
    readStream: (stream, options) => postgresStore.readStream(stream, options),
    readAll: (options) => postgresStore.readAll(options),
    subscribeToAll: (options) => postgresStore.subscribeToAll(options),
    headPosition: () => postgresStore.headPosition(),
    close: () => postgresStore.close(),
  };
  const redis = createRedisClient(redisUrl);
  await redisReady(redis);
  const keyPrefix = `test-${uniqueSuffix()}`;
  return {
    db,
    pool,
    knex,
    store,
    lastAppended: () => last,
    redis,
    keyPrefix,
    async close() {
      await deleteKeys(redis, `{of:${keyPrefix}:*`).catch(() => undefined);
      redis.disconnect();
      await store.close();
      await knex.destroy();
      await pool.end();
      await db.drop();
    },
  };
}

/** Deletes the keys matching `pattern` (SCAN + UNLINK); returns how many there were. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

/** The keys matching `pattern`, sorted. */
export async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out.sort();
}

/**
 * Every answer of the three Redis read models that differs from its Postgres twin (all orders,
 * all SKUs, the top 100 sellers), as readable lines; empty when Redis and Postgres agree.
 */
export async function differencesFromPostgres(models: RedisModels, knex: Knex): Promise<string[]> {
  const out: string[] = [];
  const orders = (await knex('orders').pluck('order_id')) as string[];
  for (const id of orders) {
    const [redis, postgres] = [await getOrderStatus(models, id), await getOrderStatusFromPostgres(knex, id)];
    if (JSON.stringify(redis) !== JSON.stringify(postgres))
      out.push(`order ${id}: redis ${JSON.stringify(redis)} postgres ${JSON.stringify(postgres)}`);
  }
  const skus = (await knex('products').pluck('sku')) as string[];
  for (const sku of skus) {
    const redis = await getStockAvailability(models, sku);
    const postgres = await getStockAvailabilityFromPostgres(knex, sku);
    if (JSON.stringify(redis) !== JSON.stringify(postgres))
      out.push(`sku ${sku}: redis ${JSON.stringify(redis)} postgres ${JSON.stringify(postgres)}`);
  }
  const [redis, postgres] = [await topSellers(models, 100), await topSellersFromPostgres(knex, 100)];
  if (JSON.stringify(redis) !== JSON.stringify(postgres))
    out.push(`top sellers: redis ${JSON.stringify(redis)} postgres ${JSON.stringify(postgres)}`);
  return out;
}
