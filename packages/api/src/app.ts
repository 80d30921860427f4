import { createCachedCommandHandler, systemClock, type Clock, type CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Knex } from 'knex';
import mercurius from 'mercurius';
import type { ReadModels } from './graphql/freshness.ts';
import { resolvers } from './graphql/resolvers.ts';
import { schema } from './graphql/schema.ts';

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
}

/**
 * The HTTP application: GraphQL at POST /graphql and subscriptions over WebSocket at /graphql
 * (GraphiQL when asked), liveness at /health,
 * readiness at /ready (503 until the database answers and `ready()` holds).
 * GraphQL errors that carry no code (syntax, unknown fields, wrong types) get
 * `extensions.code = VALIDATION_FAILED`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false });
  await app.register(mercurius, {
    schema,
    resolvers: resolvers({
      db: deps.db,
      store: deps.store,
      clock: deps.clock ?? systemClock,
      run: deps.run ?? createCachedCommandHandler(deps.store),
      readModels: deps.readModels,
      minPositionTimeoutMs: deps.minPositionTimeoutMs ?? 5000,
    }) as never,
    graphiql: deps.graphiql ?? false,
    // GraphQL subscriptions over WebSocket at /graphql (graphql-ws and graphql-transport-ws).
    subscription: true,
    errorFormatter: (execution, context) => {
      const formatted = mercurius.defaultErrorFormatter(execution, context);
      const errors = (formatted.response.errors ?? []).map((e) => ({
        ...e,
        extensions: { ...e.extensions, code: e.extensions?.code ?? 'VALIDATION_FAILED' },
      }));
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });
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
