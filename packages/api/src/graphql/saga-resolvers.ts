import { OrderflowError } from '@orderflow/core';
import {
  abortSaga,
  compensateSaga,
  getSaga,
  listSagaSteps,
  listSagas,
  overviewOf,
  processManagers,
  retrySaga,
  SAGA_STATUSES,
  sagaStats,
  sagaThroughput,
  type OperatorOutcome,
  type SagaDetails,
  type SagaOrderBy,
  type SagaOverview,
  type SagaStatus,
  type SagaSummary,
} from '@orderflow/sagas';
import { GraphQLScalarType } from 'graphql';
import type { Knex } from 'knex';
import { requireAdmin } from '../auth/principal.ts';
import { guarded, toGraphQLError, type RequestContext } from './errors.ts';
import { fromGraphQLStatus, sagasBatchResolver } from './saga-batch-resolvers.ts';
import { sagaSchema } from './saga-schema.ts';
import { sdlDescription } from './sdl-description.ts';
import type { SagaUpdateFeed } from './saga-updates.ts';
import type { SubscriptionContext } from './subscriptions.ts';

/** `steps` is paged by its own field, so the details need none of the step log. */
const STEPS_PAGED = { maxSteps: 0 };

/** The process manager whose instance id is the order id. */
const ORDER_FULFILLMENT = 'order-fulfillment';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toGraphQLStatus = (s: SagaStatus) => s.toUpperCase();
const ORDER_BY: Record<string, SagaOrderBy> = {
  ARRIVAL: 'seq',
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
};

/**
 * A saga as GraphQL serves it. Summary fields are values; `state`, `commands`, `timers` and
 * `steps` are functions (graphql-js calls them), so a list page loads details only of the sagas
 * whose details the query asks for, once per saga.
 */
function sagaNode(db: Knex, summary: SagaSummary, preloaded?: SagaDetails) {
  let details: Promise<SagaDetails | null> | undefined = preloaded && Promise.resolve(preloaded);
  const load = async () => {
    details ??= getSaga(db, summary.id, STEPS_PAGED);
    const d = await details;
    if (!d) throw new OrderflowError('NOT_FOUND', `saga ${summary.id} does not exist`, { id: summary.id });
    return d;
  };
  // Lists carry the overview; a single saga (or an update) derives it from the state on demand.
  let overview: Promise<SagaOverview> | undefined = summary.overview && Promise.resolve(summary.overview);
  const view = () => (overview ??= load().then((d) => overviewOf(processManagers, d.saga, d.state)));
  return {
    id: summary.id,
    type: summary.saga,
    instanceId: summary.instanceId,
    status: toGraphQLStatus(summary.status),
    error: summary.error,
    failedCommandId: summary.failedCommandId,
    position: summary.position?.toString() ?? null,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
    endedAt: iso(summary.endedAt),
    orderId: async () =>
      (await view()).orderId ?? (summary.saga === ORDER_FULFILLMENT ? summary.instanceId : null),
    customerId: async () => (await view()).customerId,
    total: async () => (await view()).total,
    currency: async () => (await view()).currency,
    outcome: async () => (await view()).outcome,
    currentStep: async () => (await view()).currentStep,
    state: async () => (await load()).state,
    commands: async () =>
      (await load()).commands.map((c) => ({
        ...c,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
      })),
    timers: async () =>
      (await load()).timers.map((t) => ({
        ...t,
        dueAt: t.dueAt.toISOString(),
        firedAt: iso(t.firedAt),
        cancelledAt: iso(t.cancelledAt),
      })),
    steps: async (args: { first?: number | null; after?: string | null }) => {
      try {
        const page = await listSagaSteps(db, summary.id, args);
        return {
          ...page,
          edges: page.edges.map((e) => ({
            cursor: e.cursor,
            node: {
              ...e.node,
              seq: String(e.node.seq),
              position: e.node.position?.toString() ?? null,
              at: e.node.at.toISOString(),
            },
          })),
        };
      } catch (error) {
        // Field functions are not wrapped by `guarded`; keep the catalog code.
        throw toGraphQLError(error);
      }
    },
  };
}

/** Any JSON value, passed through as is. */
const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: sdlDescription(sagaSchema, 'JSON'),
  serialize: (value) => value,
  parseValue: (value) => value,
});

type Action = typeof retrySaga;

/**
 * Resolvers of the saga API (see `saga-schema.ts`): every field needs an admin key
 * (UNAUTHENTICATED / FORBIDDEN otherwise). Operator actions record the key's actor
 * (`graphql:<label>`) and the reason in the saga's step log, then wake the process manager so
 * queued commands go out at once.
 */
export function sagaResolvers(deps: { db: Knex; feed: SagaUpdateFeed; wake?: () => void }) {
  const { db, feed } = deps;
  const act = (action: Action) =>
    guarded(async ({ id, reason }: { id: string; reason?: string | null }, { principal }: RequestContext) => {
      const admin = requireAdmin(principal);
      const outcome: OperatorOutcome = await action(db, id, { actor: admin.actor, reason });
      deps.wake?.();
      return { saga: sagaNode(db, outcome.saga), commandIds: outcome.commandIds };
    });
  return {
    JSON: JSONScalar,
    Query: {
      saga: guarded(async ({ id }: { id: string }, { principal }) => {
        requireAdmin(principal);
        const details = await getSaga(db, id, STEPS_PAGED);
        return details && sagaNode(db, details, details);
      }),
      sagas: guarded(
        async (
          args: {
            status?: string | null;
            type?: string | null;
            search?: string | null;
            orderBy?: string | null;
            direction?: string | null;
            stuckForSeconds?: number | null;
            minAgeSeconds?: number | null;
            maxAgeSeconds?: number | null;
            first?: number | null;
            after?: string | null;
          },
          { principal },
        ) => {
          requireAdmin(principal);
          const page = await listSagas(db, {
            ...args,
            status: fromGraphQLStatus(args.status),
            orderBy: args.orderBy ? ORDER_BY[args.orderBy] : null,
            direction: args.direction === 'ASC' ? 'asc' : 'desc',
          });
          return {
            ...page,
            edges: page.edges.map((e) => ({ cursor: e.cursor, node: sagaNode(db, e.node) })),
          };
        },
      ),
      sagaStats: guarded(async ({ type }: { type?: string | null }, { principal }) => {
        requireAdmin(principal);
        const stats = await sagaStats(db, { type });
        return {
          ...stats,
          byStatus: SAGA_STATUSES.map((s) => ({ status: toGraphQLStatus(s), count: stats.byStatus[s] })),
          oldestOpenUpdatedAt: iso(stats.oldestOpenUpdatedAt),
        };
      }),
      sagaThroughput: guarded(
        async (
          args: { type?: string | null; bucketSeconds?: number | null; buckets?: number | null },
          { principal },
        ) => {
          requireAdmin(principal);
          return (await sagaThroughput(db, args)).map((b) => ({ ...b, start: b.start.toISOString() }));
        },
      ),
    },
    Mutation: {
      retrySaga: act(retrySaga),
      compensateSaga: act(compensateSaga),
      abortSaga: act(abortSaga),
      sagasBatch: sagasBatchResolver(db, deps.wake),
    },
    Subscription: {
      sagaUpdated: {
        subscribe: async (
          _root: unknown,
          { id, type }: { id?: string | null; type?: string | null },
          ctx: SubscriptionContext,
        ) => {
          try {
            requireAdmin(ctx.principal ?? null);
          } catch (error) {
            throw toGraphQLError(error, ctx.app.log);
          }
          // A bare instance id (an order id) matches that instance of any process manager.
          const matches = (s: SagaSummary) =>
            (!id || s.id === id || s.instanceId === id) && (!type || s.saga === type);
          return feed.subscribe(ctx.pubsub, matches, (s) => ({ sagaUpdated: sagaNode(db, s) }));
        },
      },
    },
  };
}
