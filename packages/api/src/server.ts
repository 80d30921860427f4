import { consumerMigrations } from '@orderflow/consumer';
import { createCachedCommandHandler, systemClock, type Clock } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { connectEsdbEventStore } from '@orderflow/eventstore-esdb';
import {
  createPostgresEventStore,
  createPostgresSnapshotStore,
  ensureEventStoreSchema,
} from '@orderflow/eventstore-postgres';
import {
  projectionMigrations,
  projections,
  runMigrations,
  startProjector,
  type Migration,
  createReadModelQueries,
  createRedisClient,
  redisProjections,
  redisReady,
  startRedisProjector,
  type OrderStatusChange,
  type Projector,
  type RedisProjector,
} from '@orderflow/projections';
import type { Redis } from 'ioredis';
import {
  createOrderFulfillment,
  fulfillmentSender,
  sagaMigrations,
  startProcessManager,
  type CommandSender,
  type ProcessManagerOptions,
  type RunningProcessManager,
} from '@orderflow/sagas';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { kafkaMigrations, startKafkaIntegration } from '@orderflow/kafka';
import { paymentSimulatorMigration, startPaymentSimulator } from '@orderflow/payment-simulator';
import { buildApp } from './app.ts';
import type { ApiLimitsOverrides } from './limits/options.ts';
import { publishOrderStatusChanges } from './graphql/subscriptions.ts';
import { numericPositionsMigration } from './migrations/numeric-positions.ts';
import { apiKeysMigration } from './auth/api-keys.ts';

/**
 * Every knex migration of the system, in order; the subscription runtime's last, as they take
 * over the checkpoint tables the others created.
 */
export const allMigrations: readonly Migration[] = [
  ...projectionMigrations,
  ...sagaMigrations,
  paymentSimulatorMigration,
  numericPositionsMigration,
  ...kafkaMigrations,
  apiKeysMigration,
  ...consumerMigrations,
];

/** Creates the event store's tables and runs the read models' and runtimes' migrations. */
export async function migrate(pool: pg.Pool, db: Knex): Promise<void> {
  await ensureEventStoreSchema(pool);
  await runMigrations(db, allMigrations);
}

/**
 * The event store of this deployment, with the domain's event schemas: EventStoreDB when
 * `eventStoreUrl` is set, else the Postgres adapter on `pool` (schema `eventstore`).
 */
export function openEventStore(
  pool: pg.Pool,
  eventStoreUrl: string | undefined,
  onTransientError: (error: unknown) => void = () => undefined,
): EventStore {
  const options = { onTransientError, schemas: domainSchemaRegistry };
  return eventStoreUrl
    ? connectEsdbEventStore(eventStoreUrl, options)
    : createPostgresEventStore(pool, options);
}

/** The Redis read models of a running Orderflow. */
interface RedisModelsRunning {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly projector: RedisProjector;
  stop(): Promise<void>;
}

/** Starts the Redis projector when Redis is configured; null otherwise. */
async function startRedisModels(
  db: Knex,
  store: EventStore,
  config: OrderflowOptions['redis'],
  log: (message: string, error: unknown) => void,
): Promise<RedisModelsRunning | null> {
  if (!config) return null;
  const keyPrefix = config.keyPrefix ?? 'orderflow';
  const redis = createRedisClient(config.url);
  // Start with Redis connected when it is up; when it is not, the projector keeps retrying
  // and the queries answer from Postgres meanwhile.
  await redisReady(redis, 2000).catch((error: unknown) => log('redis not reachable yet:', error));
  const projector = await startRedisProjector({
    redis,
    store,
    db,
    projections: redisProjections,
    keyPrefix,
    onError: (name, error) => log(`redis projection ${name}:`, error),
  });
  return {
    redis,
    keyPrefix,
    projector,
    async stop() {
      await projector.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Options of {@link startOrderflow}. */
export interface OrderflowOptions {
  readonly databaseUrl: string;
  /**
   * EventStoreDB connection string: the event store is EventStoreDB instead of the Postgres
   * adapter (read models, saga state and snapshots stay in Postgres).
   */
  readonly eventStoreUrl?: string;
  /** Payment simulator settings; `false` runs no simulator (payments answered elsewhere). */
  readonly paymentSimulator?: { approvalRate: number; latencyMs: number } | false;
  readonly graphiql?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: Clock;
  /** Longest wait of a query's `minPosition`, ms. Default 5000. */
  readonly minPositionTimeoutMs?: number;
  /**
   * Redis read models (order status, stock availability, top sellers) under `keyPrefix`;
   * without it those queries are answered from Postgres.
   */
  readonly redis?: { url: string; keyPrefix?: string };
  /** Payment timeout of order fulfillment, ms (config PAYMENT_TIMEOUT_MS). Default 15 minutes. */
  readonly paymentTimeoutMs?: number;
  /**
   * Process-manager tuning (timer poll interval, retry policy, sweep interval, …) and
   * `wrapSender`, which wraps the command sender (tests inject transient failures with it).
   */
  readonly processManager?: ProcessManagerOptions & { wrapSender?: (send: CommandSender) => CommandSender };
  /**
   * Kafka (config KAFKA_BROKERS): publish integration events and take payments through Kafka —
   * requests out on payments.requests, provider callbacks in from payments.callbacks — instead
   * of the in-process payment simulator, which then does not run. `topicPrefix` goes in front of
   * every topic and consumer group name (tests).
   */
  readonly kafka?: { brokers: readonly string[]; topicPrefix?: string; clientId?: string };
  /**
   * The first admin API key (config ORDERFLOW_ADMIN_KEY); more keys, admin or customer, live in
   * the `api_keys` table (`orderflow keys create`). Without it only table keys work.
   */
  readonly adminKey?: string | null;
  /** NODE_ENV=production (config): introspection needs an admin key. Default false. */
  readonly production?: boolean;
  /**
   * Limits against hostile clients (config BODY_LIMIT_BYTES, GRAPHQL_*, RATE_LIMIT_*, WS_*; README
   * "Limits"). With `redis`, the rate-limit counters live there, under its key prefix.
   */
  readonly limits?: ApiLimitsOverrides;
}

/** A running Orderflow: API (not yet listening), projector, process manager, simulator. */
export interface Orderflow {
  readonly app: FastifyInstance;
  readonly db: Knex;
  readonly store: EventStore;
  readonly projector: Projector;
  readonly fulfillment: RunningProcessManager;
  stop(): Promise<void>;
}

/**
 * The composition root: connects to Postgres, migrates, and starts every role in this process.
 * Call `app.listen()` to serve; `stop()` closes everything in reverse order.
 */
export async function startOrderflow(options: OrderflowOptions): Promise<Orderflow> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 24 });
  const db = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 12 } });
  const log = (message: string, error: unknown) => console.error(message, error);
  // An idle pooled connection that the server closes (restart, failover, shutdown) is an
  // 'error' event on the pool; unhandled, it would end the process. The pool replaces it.
  pool.on('error', (error) => log('postgres: idle connection lost:', error.message));
  try {
    await migrate(pool, db);
  } catch (error) {
    await Promise.allSettled([pool.end(), db.destroy()]);
    throw error;
  }
  const store = openEventStore(pool, options.eventStoreUrl, (e) => log('event store (retrying):', e));
  const run = createCachedCommandHandler(store, {
    snapshots: { store: createPostgresSnapshotStore(pool), onError: (e) => log('snapshot not saved:', e) },
  });
  // The app's pubsub exists once the app is built; changes applied before that have no subscriber.
  let publish: (changes: readonly OrderStatusChange[]) => void = () => undefined;
  const projector = await startProjector(db, store, projections, {
    onApplied: (name, _events, changes) => {
      if (name === 'order-details') publish(changes as readonly OrderStatusChange[]);
    },
  });
  const redisModels = await startRedisModels(db, store, options.redis, log);
  const { wrapSender, ...pmOptions } = options.processManager ?? {};
  const send = fulfillmentSender(run);
  const fulfillment = await startProcessManager(
    db,
    store,
    createOrderFulfillment({ paymentTimeoutMs: options.paymentTimeoutMs }),
    wrapSender ? wrapSender(send) : send,
    {
      onError: () => undefined,
      onStateChange: (change) => change.to === 'retrying' && log('process manager (retrying):', change.error),
      clock: options.clock,
      ...pmOptions,
    },
  );
  const kafka = options.kafka
    ? await startKafkaIntegration({
        db,
        store,
        run,
        ...options.kafka,
        onError: (e) => log('kafka relay:', e),
      })
    : null;
  const simulator =
    options.paymentSimulator === false || kafka
      ? null
      : await startPaymentSimulator(
          db,
          store,
          options.paymentSimulator ?? { approvalRate: 0.95, latencyMs: 20 },
        );
  const app = await buildApp({
    db,
    store,
    run,
    clock: options.clock ?? systemClock,
    graphiql: options.graphiql ?? false,
    logger: options.logger ?? false,
    readModels: {
      waitFor: (position, timeoutMs, projection) =>
        redisModels?.projector.status().some((s) => s.name === projection)
          ? redisModels.projector.waitFor(position, timeoutMs, projection)
          : projector.waitFor(position, timeoutMs, projection),
      status: async () => [...(await projector.status()), ...(redisModels?.projector.status() ?? [])],
      queries: createReadModelQueries({
        redis: redisModels && { redis: redisModels.redis, keyPrefix: redisModels.keyPrefix },
        db,
        isFresh: (name) => redisModels?.projector.isFresh(name) ?? false,
      }),
      redisServes: (name) => redisModels?.projector.isFresh(name) ?? false,
    },
    minPositionTimeoutMs: options.minPositionTimeoutMs,
    adminKey: options.adminKey,
    wakeSagas: () => fulfillment.wake(),
    production: options.production,
    limits: options.limits,
    rateLimitStore: redisModels && { redis: redisModels.redis, keyPrefix: redisModels.keyPrefix },
  });
  publish = (changes) => publishOrderStatusChanges(app.graphql.pubsub, changes);

  return {
    app,
    db,
    store,
    projector,
    fulfillment,
    async stop() {
      await app.close();
      await kafka?.stop();
      await simulator?.stop();
      await fulfillment.stop();
      await projector.stop();
      await redisModels?.stop();
      await store.close();
      await Promise.allSettled([pool.end(), db.destroy()]);
    },
  };
}
