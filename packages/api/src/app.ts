import { createCachedCommandHandler, systemClock, type Clock, type CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import mercurius from 'mercurius';
import { dashboardPlugin } from '@orderflow/dashboard';
import { errorFormatter } from './graphql/error-formatter.ts';
import { graphqlOverHttp } from './graphql/over-http.ts';
import type { ReadModels } from './graphql/freshness.ts';
import { resolvers, type CommandMeter } from './graphql/resolvers.ts';
import { logRequests, requestIdOf } from './logging/request-log.ts';
import { sagaResolvers } from './graphql/saga-resolvers.ts';
import { eventResolvers } from './graphql/event-resolvers.ts';
import { createSagaUpdateFeed } from './graphql/saga-updates.ts';
import { sdl } from './graphql/sdl.ts';
import { createPriceLookup } from './commands/catalog.ts';
import { createCouponLookup } from './commands/coupons.ts';
import { couponResolvers } from './graphql/coupon-resolvers.ts';
import { stockAlertResolvers } from './graphql/stock-alert-resolvers.ts';
import { refundResolvers } from './graphql/refund-resolvers.ts';
import { reportResolvers } from './graphql/report-resolvers.ts';
import { createAuthenticator, type Authenticate } from './auth/authenticator.ts';
import { createOrderOwner } from './auth/order-owner.ts';
import { principalPerRequest } from './auth/request-principal.ts';
import { installBodyLimits } from './limits/body-limits.ts';
import { guardGraphQL, guardSubscriptions } from './limits/graphql-guards.ts';
import { operationTypes } from './limits/operation-type.ts';
import { resolveLimits, type ApiLimitsOverrides } from './limits/options.ts';
import { registerRateLimits } from './limits/rate-limit.ts';
import { invalidRequest } from './limits/refusals.ts';
import { guardWebSockets } from './limits/websocket-guard.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { processorResolvers } from './graphql/processor-resolvers.ts';
import { readModelProcessors, type ListProcessors } from './projections/processors.ts';
import { createRebuildJobs } from './projections/rebuild-jobs.ts';

/** What {@link buildApp} wires together. */
export interface AppDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly clock?: Clock;
  /** Command handler; default a cached one over `store`. */
  readonly run?: CommandRunner;
  /** Wraps the commands that bypass `run` (placeOrder); default none. */
  readonly measureCommand?: CommandMeter;
  /** `run` without its measuring (same cache), for placeOrder; default `run`. */
  readonly unmeasuredRun?: CommandRunner;
  /**
   * Serve GraphiQL at /graphiql, from the dashboard's build (no CDN; see
   * @orderflow/dashboard graphiql-plugin.ts). Default false.
   */
  readonly graphiql?: boolean;
  /** The live read models: `minPosition` waits on them; `projections` reports their status. */
  readonly readModels: ReadModels;
  /** Longest wait for a query's `minPosition`, ms. Default 5000. */
  readonly minPositionTimeoutMs?: number;
  /**
   * Extra readiness probe: false → 503 `starting`; a {@link ReadinessReport} → 200 `ready` or
   * 503 `not ready` as its `ready` says, with its `roles` listed either way.
   */
  readonly ready?: () => Promise<boolean | ReadinessReport> | boolean | ReadinessReport;
  /** fastify's logger options (tests); ignored when `loggerInstance` is given. Default none. */
  readonly logger?: FastifyServerOptions['logger'];
  /** The pino logger requests log through (the host's api role child); one line per request. */
  readonly loggerInstance?: FastifyBaseLogger;
  /**
   * Turns `authorization` into a principal; default {@link createAuthenticator} over the
   * `api_keys` table with `adminKey`.
   */
  readonly authenticate?: Authenticate;
  /** The first admin key (config ORDERFLOW_ADMIN_KEY), used by the default authenticator. */
  readonly adminKey?: string | null;
  /** Called after an operator action queued commands (wakes the process manager). */
  readonly wakeSagas?: () => void;
  /**
   * NODE_ENV=production: introspection needs an admin key (GraphiQL stays as `graphiql` says;
   * `orderflow serve` turns it off in production). Default false.
   */
  readonly production?: boolean;
  /** Limits against hostile clients (README "Limits"); unset fields keep their defaults. */
  readonly limits?: ApiLimitsOverrides;
  /**
   * Redis for the rate-limit counters, shared by every API process, with its key prefix; without
   * it each process counts in memory.
   */
  readonly rateLimitStore?: { readonly redis: Redis; readonly keyPrefix: string } | null;
  /** Low-stock threshold of products registered without one, units (config STOCK_ALERT_DEFAULT_THRESHOLD). Default 0: none. */
  readonly defaultStockThreshold?: number;
  /** Every processor for the `processors` query (the host's roles); default the read models of `readModels`. */
  readonly processors?: ListProcessors;
  /**
   * What `rebuildProjection` runs on: a knex without the API's statement timeout (a rebuild's
   * batches and swap can take longer; default `db`) and the Redis of the Redis read models
   * (default none: they cannot be rebuilt here).
   */
  readonly rebuild?: {
    readonly db?: Knex;
    readonly redis?: { readonly client: Redis; readonly keyPrefix: string } | null;
  };
}

/** What a host reports of its roles at /ready. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** One entry per role of the process (shape decided by the host), listed as is. */
  readonly roles: readonly unknown[];
}

/** Merges resolver maps (one level: type → field). */
const mergeResolvers = (...maps: Array<Record<string, object>>) => {
  const merged: Record<string, object> = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  return merged;
};

/**
 * The HTTP application: GraphQL at POST /graphql and subscriptions over WebSocket at /graphql
 * (GraphiQL when asked), liveness at /health (the process answers: nothing else checked),
 * readiness at /ready (503 until the database answers and `ready()` holds).
 * GraphQL errors that carry no code get `extensions.code` VALIDATION_FAILED when the request
 * was refused before execution (syntax, unknown fields, wrong types), INTERNAL when they arose
 * during execution (a value that cannot be serialized); see `graphql/error-formatter.ts`. Every
 * request is bounded by `limits` (body size, document size and cost, per-key rate limits,
 * WebSocket caps; see `limits/`) and refused before anything executes.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits = resolveLimits(deps.limits);
  const production = deps.production ?? false;
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: deps.logger ?? false }),
    bodyLimit: limits.bodyLimitBytes,
    genReqId: requestIdOf,
    // One line per request, written by logRequests (fastify's own would be two).
    logController: new LogController({ disableRequestLogging: true }),
  });
  logRequests(app);
  await registerSecurityHeaders(app, '/graphiql');
  const authenticate = deps.authenticate ?? createAuthenticator(deps.db, { adminKey: deps.adminKey });
  const principalOf = principalPerRequest(authenticate);
  const operationType = operationTypes(limits.query.maxTokens);
  const sagaFeed = createSagaUpdateFeed(deps.db, { onError: (e) => app.log.error({ err: e }, 'saga feed') });
  app.addHook('onClose', () => sagaFeed.stop());
  const rebuildTopic = (jobId: string) => `rebuildProgress:${jobId}`;
  const rebuilds = createRebuildJobs({
    db: deps.rebuild?.db ?? deps.db,
    store: deps.store,
    redis: deps.rebuild?.redis ?? null,
    // Published once mercurius (and its pubsub) is registered below.
    onChange: (job) => app.graphql?.pubsub.publish({ topic: rebuildTopic(job.id), payload: job }),
    onError: (job, err) => app.log.error({ err, projection: job.projection }, 'rebuild failed'),
  });
  app.addHook('onClose', () => rebuilds.stop());
  installBodyLimits(app, limits.bodyLimitBytes);
  graphqlOverHttp(app, '/graphql');
  // Registered before mercurius, which then uses this server (and its message size limit).
  await app.register(fastifyWebsocket, { options: { maxPayload: limits.websocket.maxMessageBytes } });
  const connections = guardWebSockets(app, { limits: limits.websocket, authenticate, log: app.log });
  await registerRateLimits(app, {
    path: '/graphql',
    limits: limits.rate,
    principalOf,
    operationType,
    redis: deps.rateLimitStore?.redis,
    keyPrefix: deps.rateLimitStore?.keyPrefix,
  });
  const clock = deps.clock ?? systemClock;
  const run = deps.run ?? createCachedCommandHandler(deps.store);
  const minPositionTimeoutMs = deps.minPositionTimeoutMs ?? 5000;
  const resolverMap = mergeResolvers(
    resolvers({
      db: deps.db,
      store: deps.store,
      clock,
      run,
      readModels: deps.readModels,
      minPositionTimeoutMs,
      orderOwner: createOrderOwner(deps.store),
      prices: createPriceLookup(deps.db, deps.store),
      coupons: createCouponLookup(deps.db, deps.store),
      measureCommand: deps.measureCommand,
      unmeasuredRun: deps.unmeasuredRun ?? run,
      defaultStockThreshold: deps.defaultStockThreshold,
    }),
    couponResolvers({ db: deps.db, clock, run, readModels: deps.readModels, minPositionTimeoutMs }),
    stockAlertResolvers({ db: deps.db, run, readModels: deps.readModels, minPositionTimeoutMs }),
    refundResolvers({ run, clock }),
    reportResolvers({ db: deps.db, readModels: deps.readModels, minPositionTimeoutMs }),
    sagaResolvers({ db: deps.db, feed: sagaFeed, wake: deps.wakeSagas }),
    eventResolvers({ store: deps.store }),
    processorResolvers({
      db: deps.db,
      store: deps.store,
      processors: deps.processors ?? readModelProcessors(deps.readModels),
      rebuilds,
      topic: rebuildTopic,
    }),
  );
  await app.register(mercurius, {
    schema: sdl,
    resolvers: guardSubscriptions(resolverMap, { limits: limits.query, production, connections }) as never,
    // GraphiQL is ours, served from the dashboard's build (mercurius' page loads from a CDN).
    graphiql: false,
    graphql: { parseOptions: { maxTokens: limits.query.maxTokens } },
    additionalRouteOptions: {
      // mercurius' GET handler fails on a document without the named operation; refuse it first.
      preHandler: async (request) => {
        if (request.method !== 'GET' || request.ws) return;
        const { query, operationName } = request.query as { query?: unknown; operationName?: unknown };
        if (operationType(query, operationName) === 'no-operation')
          throw invalidRequest(
            typeof operationName === 'string'
              ? `the document has no operation named "${operationName}"`
              : 'the document has several operations: name one with operationName',
            { field: 'operationName' },
          );
      },
    },
    // Every request's principal, from `authorization: Bearer <key>` (null without a valid key).
    context: async (request) => ({ principal: await principalOf(request) }),
    // GraphQL subscriptions over WebSocket at /graphql (graphql-ws and graphql-transport-ws); the
    // key travels in the connection_init payload `{ authorization: 'Bearer <key>' }`, checked and
    // counted by the connection guard.
    subscription: {
      context: (socket, request) => connections.onConnectionInit(socket, request),
    },
    errorFormatter,
  });
  guardGraphQL(app, { limits: limits.query, production });
  // The saga dashboard's static shell at /dashboard/ (its data comes through GraphQL, admin only),
  // and GraphiQL at /graphiql when asked.
  await app.register(dashboardPlugin, { graphiql: deps.graphiql ?? false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await deps.db.raw('select 1');
      const ready = deps.ready ? await deps.ready() : true;
      if (ready === false) return reply.code(503).send({ status: 'starting' });
      if (ready === true) return { status: 'ready' };
      if (!ready.ready) return reply.code(503).send({ status: 'not ready', roles: ready.roles });
      return { status: 'ready', roles: ready.roles };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message });
    }
  });
  return app;
}
