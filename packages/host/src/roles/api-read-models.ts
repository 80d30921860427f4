import type { ReadModels } from '@orderflow/api';
import { watchCheckpoints, type CheckpointWatcher } from '@orderflow/consumer';
import {
  createReadModelQueries,
  inspectProjections,
  projections,
  redisProjections,
  type ProjectionStatus,
} from '@orderflow/projections';
import type { Infrastructure } from '../infrastructure.ts';
import type { ProjectorsRole } from './projectors.ts';

/** The API's view of the read models, and the watcher it holds open. */
export interface ApiReadModels {
  readonly readModels: ReadModels;
  close(): Promise<void>;
}

/**
 * The read models as the API of this process sees them. With the projector role in this
 * process, `minPosition` waits on it (in memory, or on the stored checkpoint while it stands
 * by) and the Redis read models answer while fresh. Without it, `minPosition` waits on
 * `processor_checkpoints` (`watchCheckpoints`, woken by the runtime's NOTIFY), `projections`
 * is read from the checkpoints (a 250 ms sample; the Redis models' from their Redis meta), and the Redis-served queries answer from
 * their Postgres twins: this process cannot tell whether the Redis models are fresh.
 */
export function apiReadModels(infra: Infrastructure, local: ProjectorsRole | null): ApiReadModels {
  const db = infra.db('api');
  let watcher: CheckpointWatcher | null = null;
  const watch = () =>
    (watcher ??= watchCheckpoints(
      db,
      projections.map((p) => p.name),
    ));
  const redisLocal = () => local?.redis() ?? null;
  const isFresh = (name: string) => redisLocal()?.isFresh(name) ?? false;
  const readModels: ReadModels = {
    waitFor(position, timeoutMs, projection) {
      const redis = redisLocal();
      if (redis?.status().some((s) => s.name === projection))
        return redis.waitFor(position, timeoutMs, projection);
      const postgres = local?.postgres();
      return postgres
        ? postgres.waitFor(position, timeoutMs, projection)
        : watch().waitFor(position, timeoutMs, projection);
    },
    async status(): Promise<ProjectionStatus[]> {
      const postgres = local?.postgres();
      if (postgres) return [...(await postgres.status()), ...(redisLocal()?.status() ?? [])];
      const redis = infra.redis && { ...infra.redis, projections: redisProjections };
      return inspectProjections(
        db,
        infra.store,
        { postgres: projections, redis: redis ?? undefined },
        { sampleMs: 250 },
      );
    },
    queries: createReadModelQueries({
      redis: infra.redis && { redis: infra.redis.client, keyPrefix: infra.redis.keyPrefix },
      db,
      isFresh,
    }),
    redisServes: isFresh,
  };
  return { readModels, close: async () => watcher?.close() };
}
