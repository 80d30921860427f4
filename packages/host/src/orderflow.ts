import type { Clock } from '@orderflow/core';
import type { ApiLimitsOverrides } from '@orderflow/api';
import type { EventStore } from '@orderflow/eventstore';
import type { Projector } from '@orderflow/projections';
import type { CommandSender, ProcessManagerOptions, RunningProcessManager } from '@orderflow/sagas';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import { startHost } from './host.ts';
import { migrate } from './migrations.ts';
import { ROLE_NAMES } from './roles/role-name.ts';
import type { WebhooksRoleOptions } from './roles/webhooks.ts';
import type { SimulatorOptions } from './roles/simulator.ts';

/** Options of {@link startOrderflow}. */
export interface OrderflowOptions {
  readonly databaseUrl: string;
  /**
   * EventStoreDB connection string: the event store is EventStoreDB instead of the Postgres
   * adapter (read models, saga state and snapshots stay in Postgres).
   */
  readonly eventStoreUrl?: string;
  /** Payment simulator settings; `false` runs no simulator (payments answered elsewhere). */
  readonly paymentSimulator?: SimulatorOptions | false;
  readonly graphiql?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /** The process' pino logger (every role's child); default pino at `warn` on stderr. */
  readonly log?: Logger;
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
  /** Wait for the provider's answer to one refund attempt, ms (config REFUND_TIMEOUT_MS). Default 5 minutes. */
  readonly refundTimeoutMs?: number;
  /** Attempts of one refund before it is given up (config REFUND_ATTEMPTS). Default 3. */
  readonly refundAttempts?: number;
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
  /** The first admin API key (config ORDERFLOW_ADMIN_KEY); more keys live in `api_keys`. */
  readonly adminKey?: string | null;
  /** NODE_ENV=production (config): introspection needs an admin key. Default false. */
  readonly production?: boolean;
  /** Limits against hostile clients (config BODY_LIMIT_BYTES, GRAPHQL_*, RATE_LIMIT_*, WS_*). */
  readonly limits?: ApiLimitsOverrides;
  /** `statement_timeout` of the API's read queries, ms. Default 5000. */
  readonly apiStatementTimeoutMs?: number;
  /** `/ready`'s grace for a role not running, ms. Default 10000. */
  readonly readyGraceMs?: number;
  /** Low-stock threshold of products registered without one, units (STOCK_ALERT_DEFAULT_THRESHOLD). Default 0. */
  readonly defaultStockThreshold?: number;
  /** Webhook delivery policy (WEBHOOK_*); unset fields keep the defaults. */
  readonly webhooks?: WebhooksRoleOptions;
}

/** A running Orderflow with every role in this process: API (not yet listening), projector, process manager, simulator, webhooks. */
export interface Orderflow {
  readonly app: FastifyInstance;
  /** The API's knex (its pool, with the statement timeout). */
  readonly db: Knex;
  readonly store: EventStore;
  readonly projector: Projector;
  readonly fulfillment: RunningProcessManager;
  stop(): Promise<void>;
}

/**
 * Migrates `databaseUrl`, then starts every role in this process ({@link startHost}) — what
 * tests, benchmarks and the embedded default use. Call `app.listen()` to serve; `stop()` stops
 * the roles in reverse order and closes every connection.
 */
export async function startOrderflow(options: OrderflowOptions): Promise<Orderflow> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const db = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 2 } });
  try {
    await migrate(pool, db);
  } finally {
    await Promise.allSettled([pool.end(), db.destroy()]);
  }
  const host = await startHost({
    roles: ROLE_NAMES,
    databaseUrl: options.databaseUrl,
    logger: options.log,
    eventStoreUrl: options.eventStoreUrl,
    redis: options.redis,
    apiStatementTimeoutMs: options.apiStatementTimeoutMs,
    kafka: options.kafka,
    simulator: options.paymentSimulator ?? { approvalRate: 0.95, latencyMs: 20 },
    webhooks: options.webhooks,
    saga: {
      paymentTimeoutMs: options.paymentTimeoutMs,
      refundTimeoutMs: options.refundTimeoutMs,
      refundAttempts: options.refundAttempts,
      clock: options.clock,
      processManager: options.processManager,
    },
    api: {
      graphiql: options.graphiql,
      logger: options.logger,
      clock: options.clock,
      minPositionTimeoutMs: options.minPositionTimeoutMs,
      adminKey: options.adminKey,
      production: options.production,
      limits: options.limits,
      readyGraceMs: options.readyGraceMs,
      defaultStockThreshold: options.defaultStockThreshold,
    },
  });
  const projector = host.projectors?.postgres();
  const fulfillment = host.saga?.fulfillment();
  if (!host.app || !projector || !fulfillment) {
    await host.stop();
    throw new Error('orderflow: the projector or the saga worker did not start');
  }
  return {
    app: host.app,
    db: host.infra.db('api'),
    store: host.infra.store,
    projector,
    fulfillment,
    stop: () => host.stop(),
  };
}
