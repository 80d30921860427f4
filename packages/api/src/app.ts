import { createCachedCommandHandler, systemClock, type Clock, type CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Knex } from 'knex';
import mercurius from 'mercurius';
import { dashboardPlugin } from '@orderflow/dashboard';
import type { ReadModels } from './graphql/freshness.ts';
import { resolvers } from './graphql/resolvers.ts';
import { sagaResolvers } from './graphql/saga-resolvers.ts';
import { sagaSchema } from './graphql/saga-schema.ts';
import { createSagaUpdateFeed } from './graphql/saga-updates.ts';
import { moneySchema } from './graphql/money.ts';
import { schema } from './graphql/schema.ts';
import { createPriceLookup } from './commands/catalog.ts';
import { createAuthenticator, type Authenticate } from './auth/authenticator.ts';
import { createOrderOwner } from './auth/order-owner.ts';

/** What {@link buildApp} wires together. */
export interface AppDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly clock?: Clock;
  /** Command handler; default a cached one over `store`. */
  readonly run?: CommandRunner;
  /** Serve GraphiQL at /graphiql. Default false. */
  readonly graphiql?: boolean;
  /** The live read models: `minPosition` waits on them; `projections` reports their status. */
  readonly readModels: ReadModels;
  /** Longest wait for a query's `minPosition`, ms. Default 5000. */
  readonly minPositionTimeoutMs?: number;
  /** Extra readiness probe (e.g. "the projector is running"). */
  readonly ready?: () => Promise<boolean> | boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Turns `authorization` into a principal; default {@link createAuthenticator} over the
   * `api_keys` table with `adminKey`.
   */
  readonly authenticate?: Authenticate;
  /** The first admin key (config ORDERFLOW_ADMIN_KEY), used by the default authenticator. */
  readonly adminKey?: string | null;
  /** Called after an operator action queued commands (wakes the process manager). */
  readonly wakeSagas?: () => void;
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
 * (GraphiQL when asked), liveness at /health,
 * readiness at /ready (503 until the database answers and `ready()` holds).
 * GraphQL errors that carry no code get `extensions.code` VALIDATION_FAILED when the request
 * was refused before execution (syntax, unknown fields, wrong types), INTERNAL when they arose
 * during execution (a value that cannot be serialized).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false });
  const authenticate = deps.authenticate ?? createAuthenticator(deps.db, { adminKey: deps.adminKey });
  const sagaFeed = createSagaUpdateFeed(deps.db, { onError: (e) => app.log.error({ err: e }, 'saga feed') });
  app.addHook('onClose', () => sagaFeed.stop());
  await app.register(mercurius, {
    schema: [moneySchema, schema, sagaSchema].join('\n'),
    resolvers: mergeResolvers(
      resolvers({
        db: deps.db,
        store: deps.store,
        clock: deps.clock ?? systemClock,
        run: deps.run ?? createCachedCommandHandler(deps.store),
        readModels: deps.readModels,
        minPositionTimeoutMs: deps.minPositionTimeoutMs ?? 5000,
        orderOwner: createOrderOwner(deps.store),
        prices: createPriceLookup(deps.db, deps.store),
      }),
      sagaResolvers({ db: deps.db, feed: sagaFeed, wake: deps.wakeSagas }),
    ) as never,
    graphiql: deps.graphiql ?? false,
    // Every request's principal, from `authorization: Bearer <key>` (null without a valid key).
    context: async (request) => ({ principal: await authenticate(request.headers.authorization) }),
    // GraphQL subscriptions over WebSocket at /graphql (graphql-ws and graphql-transport-ws); the
    // key travels in the connection_init payload `{ authorization: 'Bearer <key>' }`.
    subscription: {
      onConnect: async ({ payload }: { payload?: { authorization?: string } | null }) => ({
        principal: await authenticate(payload?.authorization),
      }),
    },
    errorFormatter: (execution, context) => {
      const formatted = mercurius.defaultErrorFormatter(execution, context);
      // A codeless error with a path arose while executing (e.g. a value a scalar cannot
      // serialize): the server's fault. Without a path it is the request's (syntax, unknown
      // fields, wrong argument types), refused before anything ran.
      const errors = (formatted.response.errors ?? []).map((e) => ({
        ...e,
        extensions: {
          ...e.extensions,
          code: e.extensions?.code ?? (e.path ? 'INTERNAL' : 'VALIDATION_FAILED'),
        },
      }));
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });
  // The saga dashboard's static shell at /dashboard/ (its data comes through GraphQL, admin only).
  await app.register(dashboardPlugin);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await deps.db.raw('select 1');
      const ready = deps.ready ? await deps.ready() : true;
      if (!ready) return reply.code(503).send({ status: 'starting' });
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message });
    }
  });
  return app;
}
