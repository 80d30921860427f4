import {
  buildApp,
  type ListProcessors,
  publishOrderStatusChanges,
  publishStockAlert,
  type ApiLimitsOverrides,
} from '@orderflow/api';
import { systemClock, type Clock } from '@orderflow/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { listenOrderStatusChanges } from '../channels/order-status-channel.ts';
import { listenStockAlerts } from '../channels/stock-alert-channel.ts';
import { notifySagaWake } from '../channels/saga-wake-channel.ts';
import type { Infrastructure } from '../infrastructure.ts';
import { measureGraphql, serveMetrics } from '../metrics/graphql.ts';
import { measureCommand } from '../metrics/instrument.ts';
import { readinessOf } from '../readiness.ts';
import { apiReadModels } from './api-read-models.ts';
import type { ProjectorsRole } from './projectors.ts';
import type { RoleStatus, RunningRole } from './role-status.ts';

/** Options of {@link startApi}. */
export interface ApiOptions {
  readonly graphiql?: boolean;
  /** fastify's own logger options instead of the process logger (tests). Default: the infra logger's `role: api` child. */
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: Clock;
  /** Longest wait of a query's `minPosition`, ms. Default 5000. */
  readonly minPositionTimeoutMs?: number;
  /** The first admin API key (config ORDERFLOW_ADMIN_KEY); null: only `api_keys` rows. */
  readonly adminKey?: string | null;
  /** NODE_ENV=production: introspection needs an admin key. Default false. */
  readonly production?: boolean;
  /** Limits against hostile clients (README "Limits"). */
  readonly limits?: ApiLimitsOverrides;
  /** How long a role may be not running before `/ready` answers 503, ms (READY_GRACE_MS). Default 10000. */
  readonly readyGraceMs?: number;
  /** Low-stock threshold of products registered without one, units (STOCK_ALERT_DEFAULT_THRESHOLD). Default 0. */
  readonly defaultStockThreshold?: number;
}

/** What the API of a host sees of the host. */
export interface ApiHostView {
  /** The projector role when this process runs it (minPosition then waits in memory). */
  readonly projectors: ProjectorsRole | null;
  /** Every other role of this process, for `/ready`. */
  readonly roles: () => readonly RoleStatus[];
  /** Every processor of the deployment, for the `processors` query; default the read models only. */
  readonly processors?: ListProcessors;
}

/** The API role: a built (not yet listening) fastify app. */
export interface ApiRole extends RunningRole {
  readonly app: FastifyInstance;
}

/**
 * Starts the API role over `infra` (knex pool `api`, with its statement timeout): GraphQL,
 * subscriptions, the dashboard, `/health` (the process is alive) and `/ready` (every role of
 * this process with its state; 503 once one has not been running for `readyGraceMs`).
 * Order status pushes come from LISTEN on `orderflow_order_status`, whichever process projects
 * them; operator actions wake the saga worker with NOTIFY, wherever it runs. Call
 * `app.listen()` to serve.
 */
export async function startApi(
  infra: Infrastructure,
  host: ApiHostView,
  options: ApiOptions = {},
): Promise<ApiRole> {
  const db = infra.db('api');
  const log = infra.logger.child({ role: 'api' });
  const startedAt = new Date();
  const read = apiReadModels(infra, host.projectors);
  const status = (): RoleStatus => ({
    role: 'api',
    state: 'running',
    since: startedAt,
    error: null,
    processors: [],
  });
  const graceMs = options.readyGraceMs ?? 10_000;
  const app = await buildApp({
    db,
    store: infra.store,
    run: infra.run,
    unmeasuredRun: infra.unmeasuredRun,
    measureCommand: measureCommand(infra.metrics),
    clock: options.clock ?? systemClock,
    graphiql: options.graphiql ?? false,
    // The process' pino logger (role api), unless a test asks for fastify's own.
    ...(options.logger === undefined ? { loggerInstance: log } : { logger: options.logger }),
    readModels: read.readModels,
    minPositionTimeoutMs: options.minPositionTimeoutMs,
    adminKey: options.adminKey,
    wakeSagas: () => notifySagaWake(db, log),
    production: options.production,
    limits: options.limits,
    rateLimitStore: infra.redis && { redis: infra.redis.client, keyPrefix: infra.redis.keyPrefix },
    ready: () => readinessOf([status(), ...host.roles()], graceMs),
    defaultStockThreshold: options.defaultStockThreshold,
    processors: host.processors,
    // Rebuilds run on the projector's pool: no statement timeout, and the read models' own connections.
    rebuild: { db: infra.db('projector'), redis: infra.redis },
  });
  measureGraphql(app, infra.metrics);
  serveMetrics(app, infra.metrics);
  const statusChanges = listenOrderStatusChanges(
    db,
    (changes) => publishOrderStatusChanges(app.graphql.pubsub, changes),
    log,
  );
  const stockAlerts = listenStockAlerts(db, (alert) => publishStockAlert(app.graphql.pubsub, alert), log);
  // Subscribers of a fresh server should hear every change: wait for the LISTEN (not forever:
  // with the database away the API still starts, and /ready says so).
  await Promise.race([
    Promise.all([statusChanges.ready, stockAlerts.ready]),
    new Promise((resolve) => setTimeout(resolve, 2000).unref()),
  ]);
  return {
    role: 'api',
    app,
    status,
    processorStatuses: async () => [],
    async stop() {
      await app.close();
      await statusChanges.close();
      await stockAlerts.close();
      await read.close();
    },
  };
}
