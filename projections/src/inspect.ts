import { inspectProcessors, type InspectedProcessor } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { readLive } from './runtime/redis/generations.ts';
import { projectionKeys } from './runtime/redis/keys.ts';
import type { RedisProjection } from './runtime/redis/projection.ts';
import type { Projection } from './runtime/postgres/projection.ts';
import type { ProjectionStatus, ReadModelStore } from './runtime/status.ts';

/** What {@link inspectProjections} looks at. */
export interface InspectedReadModels {
  readonly postgres: readonly Projection[];
  /** The Redis read models, with the client and key prefix their checkpoints are read from. */
  readonly redis?: { client: Redis; keyPrefix: string; projections: readonly RedisProjection[] };
}

/**
 * The status of read models as seen from outside the processes that run them (the CLI): every
 * checkpoint — in `processor_checkpoints`, or for the Redis models in their live generation's
 * meta — sampled twice, `sampleMs` apart, for events/s, with the lag on the events of each
 * model's types after its checkpoint (see `inspectProcessors`); one behind that did not move
 * during the sample is `stopped`.
 */
export async function inspectProjections(
  db: Knex,
  store: EventStore,
  models: InspectedReadModels,
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProjectionStatus[]> {
  const describe = (p: Projection | RedisProjection, kind: ReadModelStore): InspectedProcessor => ({
    name: p.name,
    eventTypes: p.eventTypes,
    store: kind,
    version: p.version,
  });
  const { redis } = models;
  const inspected = [
    ...models.postgres.map((p) => describe(p, 'postgres')),
    ...(redis?.projections ?? []).map((p) => ({
      ...describe(p, 'redis'),
      readCheckpoint: async () => {
        const { meta } = await readLive(redis!.client, projectionKeys(redis!.keyPrefix, p.name));
        return meta && { position: meta.checkpoint, version: meta.version };
      },
    })),
  ];
  const statuses = await inspectProcessors(db, store, inspected, { sampleMs });
  return statuses.map((s, i) => ({
    ...s,
    store: inspected[i]!.store as ReadModelStore,
    version: s.version ?? inspected[i]!.version!,
  }));
}
