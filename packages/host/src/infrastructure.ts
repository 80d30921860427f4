import { createCachedCommandHandler, loggerOptions, type CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresSnapshotStore } from '@orderflow/eventstore-postgres';
import { createRedisClient, redisReady } from '@orderflow/projections';
import type { Redis } from 'ioredis';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { openEventStore } from './event-store.ts';
import { collectPools, knexPoolSample, pgPoolSample, type PoolSample } from './metrics/collectors.ts';
import { measuredCommandRunner, measuredEventStore } from './metrics/instrument.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import type { RoleName } from './roles/role-name.ts';

/** Options of {@link openInfrastructure}. */
export interface InfrastructureOptions {
  readonly databaseUrl: string;
  /** EventStoreDB connection string; unset → the Postgres event store in `databaseUrl`. */
  readonly eventStoreUrl?: string;
  /** Redis of the Redis read models and the shared rate-limit counters; unset → none. */
  readonly redis?: { readonly url: string; readonly keyPrefix?: string };
  /** The process' logger; default pino at level `warn` on stderr. */
  readonly logger?: Logger;
  /** The process' metrics registry (`startHost` makes one per host); default a fresh one. */
  readonly metrics?: Metrics;
  /**
   * `statement_timeout` of the API's pool, ms (config API_STATEMENT_TIMEOUT_MS): a read query
   * running longer fails with Postgres' 57014 instead of holding its connection. 0 = none.
   * Default 5000.
   */
  readonly apiStatementTimeoutMs?: number;
}

/** Connections per pool: the API's reads get the most; each other role its own few. */
const POOL_SIZES: Record<RoleName, number> = {
  api: 10,
  projector: 6,
  saga: 6,
  relay: 3,
  simulator: 3,
  // Alerts are rare: one batch transaction, the delivery claims and the outcome updates.
  webhooks: 2,
};

/**
 * What every role of one process shares: the event store (on its own pool, so appends and
 * `$all` reads of every role group-commit together), the command handler over it, a knex per
 * role on its own connection pool (the API's queries cannot take the projectors' or the saga
 * worker's connections), Redis when configured, and the logger.
 */
export interface Infrastructure {
  readonly databaseUrl: string;
  /** The event store's pool (also the snapshot store's). */
  readonly pool: pg.Pool;
  readonly store: EventStore;
  /** Cached command handler (snapshots in Postgres) over `store`, each command measured. */
  readonly run: CommandRunner;
  /** The same handler and cache as `run`, unmeasured (for callers that measure around it). */
  readonly unmeasuredRun: CommandRunner;
  readonly redis: { readonly client: Redis; readonly keyPrefix: string } | null;
  readonly logger: Logger;
  /** This process' metrics: appends and commands of `store` and `run` are measured; pools sampled. */
  readonly metrics: Metrics;
  /** The knex of `role`, made on first use with its own pool; the API's has the statement timeout. */
  db(role: RoleName): Knex;
  /** Closes the event store, Redis and every pool. */
  close(): Promise<void>;
}

/**
 * Opens the shared infrastructure of a host process. Connects lazily: nothing fails here when
 * Postgres is down (the roles retry). Waits up to 2 s for Redis, then goes on without it (the
 * Redis projector retries; queries fall back to Postgres).
 */
export async function openInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const logger = options.logger ?? pino(loggerOptions('warn'), pino.destination(2));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 24 });
  // An idle pooled connection that the server closes (restart, failover) is an 'error' event
  // on the pool; unhandled, it would end the process. The pool replaces it.
  pool.on('error', (error) => logger.warn({ err: error }, 'postgres: idle connection lost'));
  const metrics = options.metrics ?? createMetrics();
  const store = measuredEventStore(
    openEventStore(pool, options.eventStoreUrl, (err) => logger.warn({ err }, 'event store (retrying)')),
    metrics,
  );
  const cached = createCachedCommandHandler(store, {
    snapshots: {
      store: createPostgresSnapshotStore(pool),
      onError: (err) => logger.warn({ err }, 'snapshot not saved'),
    },
  });
  const run = measuredCommandRunner(cached, metrics);
  const statementTimeout = options.apiStatementTimeoutMs ?? 5000;
  const knexes = new Map<RoleName, Knex>();
  const db = (role: RoleName): Knex => {
    let knex = knexes.get(role);
    if (!knex) {
      knex = knexFactory({
        client: 'pg',
        connection: {
          connectionString: options.databaseUrl,
          application_name: `orderflow-${role}`,
          ...(role === 'api' && statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
        },
        pool: { min: 0, max: POOL_SIZES[role] },
      });
      knexes.set(role, knex);
    }
    return knex;
  };
  collectPools(
    metrics,
    () =>
      new Map<string, PoolSample>([
        ['eventstore', pgPoolSample(pool)],
        ...[...knexes].map(([role, knex]) => [role, knexPoolSample(knex)] as const),
      ]),
  );
  let redis: Infrastructure['redis'] = null;
  if (options.redis) {
    const client = createRedisClient(options.redis.url);
    await redisReady(client, 2000).catch((err: unknown) => logger.warn({ err }, 'redis not reachable yet'));
    redis = { client, keyPrefix: options.redis.keyPrefix ?? 'orderflow' };
  }
  return {
    databaseUrl: options.databaseUrl,
    pool,
    store,
    run,
    unmeasuredRun: cached,
    redis,
    logger,
    metrics,
    db,
    async close() {
      await store.close();
      if (redis) await redis.client.quit().catch(() => redis!.client.disconnect());
      await Promise.allSettled([pool.end(), ...[...knexes.values()].map((k) => k.destroy())]);
    },
  };
}
