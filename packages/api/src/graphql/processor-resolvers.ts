import { OrderflowError, validationFailed } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import {
  countParkedEvents,
  listSkippedEvents,
  projectionProcessor,
  projections,
  redisProjections,
  retryParkedEvents,
  skipParkedEvent,
  type SkippedEvent,
} from '@orderflow/projections';
import type { Knex } from 'knex';
import { requireAdmin } from '../auth/principal.ts';
import type { ListProcessors, ProcessorView } from '../projections/processors.ts';
import type { RebuildJob, RebuildJobs } from '../projections/rebuild-jobs.ts';
import { guarded, toGraphQLError } from './errors.ts';
import { rebuildProgressIterator } from './rebuild-progress.ts';
import type { SubscriptionContext } from './subscriptions.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_MODELS = new Set([...projections, ...redisProjections].map((p) => p.name));

/** A rebuild job as GraphQL serves it. */
export const rebuildJobNode = (job: RebuildJob) => ({
  ...job,
  state: job.state.toUpperCase(),
  from: job.from.toString(),
  position: job.position.toString(),
  head: job.head.toString(),
  startedAt: job.startedAt.toISOString(),
  finishedAt: iso(job.finishedAt),
});

/** Most pending events counted per processor for `lagEvents`. */
const LAG_COUNT_LIMIT = 1000;

const processorNode = (p: ProcessorView, rebuild: RebuildJob | null, parked: number, lagEvents: number) => ({
  name: p.name,
  kind: p.kind.toUpperCase().replaceAll('-', '_'),
  store: p.store,
  version: p.version,
  state: rebuild?.state === 'running' ? 'rebuilding' : p.state,
  since: (rebuild?.state === 'running' ? rebuild.startedAt : p.since).toISOString(),
  checkpoint: p.checkpoint.toString(),
  lagPositions: p.lagPositions.toString(),
  lagEvents,
  lagSeconds: p.lagMs / 1000,
  eventsPerSecond: p.eventsPerSecond,
  parked,
  lastError: p.lastError,
  rebuildable: READ_MODELS.has(p.name),
  rebuild: rebuild && rebuildJobNode(rebuild),
});

const skippedNode = (s: SkippedEvent) => ({
  ...s,
  projection: s.processor,
  position: s.position.toString(),
  parkedAt: s.parkedAt.toISOString(),
  skippedAt: s.skippedAt.toISOString(),
});

/**
 * Resolvers of the operator's view of the processors (see `processor-schema.ts`): every field
 * needs an admin key (UNAUTHENTICATED / FORBIDDEN otherwise). Skipping records the key's actor.
 */
export function processorResolvers(deps: {
  db: Knex;
  store: EventStore;
  processors: ListProcessors;
  rebuilds: RebuildJobs;
  /** The pubsub topic of one job's progress (the rebuild jobs publish there). */
  topic: (jobId: string) => string;
}) {
  const { db, store, rebuilds } = deps;
  const readEvent = async (position: bigint) =>
    (await store.readAll({ after: position - 1n, maxCount: 1 }))[0];
  // Only processors behind the head are read (one bounded page of their types each).
  const lagEventsOf = async (p: ProcessorView) =>
    p.lagPositions === 0n || p.eventTypes.length === 0
      ? 0
      : (
          await store.readAll({
            after: p.checkpoint,
            maxCount: LAG_COUNT_LIMIT,
            filter: { eventTypes: p.eventTypes },
          })
        ).length;
  return {
    Query: {
      processors: guarded(async (_args: unknown, { principal }) => {
        requireAdmin(principal);
        // Counted now, not as the runtime last sampled them (once a second): a retry or skip
        // shows at once.
        const [list, parked] = await Promise.all([deps.processors(), countParkedEvents(db)]);
        const pending = await Promise.all(list.map(lagEventsOf));
        return list.map((p, i) =>
          processorNode(p, rebuilds.latest(p.name), parked.get(p.name) ?? 0, pending[i]!),
        );
      }),
      rebuild: guarded(async ({ id }: { id: string }, { principal }) => {
        requireAdmin(principal);
        const job = rebuilds.get(id);
        return job && rebuildJobNode(job);
      }),
      rebuilds: guarded(async (_args: unknown, { principal }) => {
        requireAdmin(principal);
        return rebuilds.list().map(rebuildJobNode);
      }),
      skippedEvents: guarded(
        async (
          { projection, first }: { projection?: string | null; first?: number | null },
          { principal },
        ) => {
          requireAdmin(principal);
          const limit = first ?? 100;
          if (!Number.isInteger(limit) || limit < 1 || limit > 500)
            throw validationFailed('first must be 1..500', { field: 'first' });
          return (await listSkippedEvents(db, projection ?? undefined, limit)).map(skippedNode);
        },
      ),
    },
    Mutation: {
      retryParkedEvent: guarded(
        async ({ projection, eventId }: { projection: string; eventId: string }, { principal }) => {
          requireAdmin(principal);
          if (!UUID.test(eventId))
            throw validationFailed('eventId must be an event id (a UUID)', { field: 'eventId' });
          const model = projections.find((p) => p.name === projection);
          if (!model) {
            if (!(await deps.processors()).some((p) => p.name === projection))
              throw new OrderflowError('NOT_FOUND', `no processor named ${projection}`, { projection });
            throw validationFailed(
              `${projection} is not a Postgres read model: skip the event (skipParkedEvent), or rebuild it`,
              { field: 'projection' },
            );
          }
          const [outcome] = await retryParkedEvents(db, readEvent, projectionProcessor(model), eventId);
          return { eventId, applied: outcome!.applied, error: outcome!.error ?? null };
        },
      ),
      skipParkedEvent: guarded(
        async (
          { projection, eventId, reason }: { projection: string; eventId: string; reason: string },
          { principal },
        ) => {
          const admin = requireAdmin(principal);
          return skippedNode(await skipParkedEvent(db, projection, eventId, { actor: admin.actor, reason }));
        },
      ),
      rebuildProjection: guarded(async ({ projection }: { projection: string }, { principal }) => {
        const admin = requireAdmin(principal);
        return rebuildJobNode(await rebuilds.start(projection, admin.actor));
      }),
    },
    Subscription: {
      rebuildProgress: {
        subscribe: async (_root: unknown, { id }: { id: string }, ctx: SubscriptionContext) => {
          try {
            requireAdmin(ctx.principal ?? null);
            if (!rebuilds.get(id)) throw new OrderflowError('NOT_FOUND', `no rebuild job ${id}`, { id });
          } catch (error) {
            throw toGraphQLError(error, ctx.app.log);
          }
          const source = (await ctx.pubsub.subscribe(deps.topic(id))) as AsyncIterable<RebuildJob>;
          return rebuildProgressIterator(rebuilds.get(id)!, source[Symbol.asyncIterator](), (job) => ({
            rebuildProgress: rebuildJobNode(job),
          }));
        },
      },
    },
  };
}
