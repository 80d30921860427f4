import { restartFromCheckpoint, type ExternalProcessor } from '@orderflow/consumer';
import { startBatchSpans } from '@orderflow/core';
import type { Redis } from 'ioredis';
import { applyRedisStep, type RedisTarget } from './apply-step.ts';
import { planAndApply, stepTo } from './batch.ts';
import { markReady, readLive } from './generations.ts';
import { INITIAL_GENERATION, type ProjectionKeys } from './keys.ts';
import type { RedisProjection } from './projection.ts';

const liveNumber = (pointer: string | null): number =>
  pointer === null ? INITIAL_GENERATION : Number(pointer);

/**
 * A Redis read model as a processor of the subscription runtime, keeping its checkpoint in the
 * live generation's meta, atomically with its writes (one Lua step per batch, which also checks
 * that the generation is still live and the checkpoint is the expected one). Its checkpoint:
 * - `load` reads the live generation and its meta; a generation without a meta (new, or Redis
 *   lost its data) starts over at 0n, so the model is rebuilt from the beginning of `$all`;
 * - a batch refused by the step (the generation was swapped by a rebuild, or someone else
 *   wrote) asks the runtime to restart from the stored checkpoint;
 * - `check` (about once a second) restarts it when the meta vanished or another generation
 *   became live, which an idle subscription would not notice; Redis errors are outages.
 * The generation is marked ready for queries the first time it caught up after a (re)start.
 */
export function redisLiveProcessor(
  redis: Redis,
  projection: RedisProjection,
  keys: ProjectionKeys,
): ExternalProcessor {
  const spanName = `project ${projection.name}`;
  let generation = INITIAL_GENERATION;
  let ready = false;
  const target = (): RedisTarget => ({
    keys,
    space: keys.generation(generation),
    requireLive: generation,
    version: projection.version,
  });
  return {
    kind: 'external',
    name: projection.name,
    version: projection.version,
    eventTypes: projection.eventTypes,
    store: 'redis',
    checkpoint: {
      async load() {
        const live = await readLive(redis, keys);
        generation = live.generation;
        ready = false;
        if (live.meta)
          return {
            position: live.meta.checkpoint,
            version: live.meta.version,
            recordedAt: live.meta.recordedAt,
          };
        const init = await applyRedisStep(redis, target(), 0n, { position: 0n, recordedAt: null }, []);
        if (init.outcome !== 'applied') throw restartFromCheckpoint(`initialising the meta: ${init.outcome}`);
        return { position: 0n, version: projection.version, recordedAt: null };
      },
      async skip(event, checkpoint) {
        const result = await applyRedisStep(redis, target(), checkpoint, stepTo(event), []);
        if (result.outcome !== 'applied') throw restartFromCheckpoint(`skip refused: ${result.outcome}`);
        return result.checkpoint;
      },
    },
    async apply(events, checkpoint) {
      if (liveNumber(await redis.get(keys.pointer)) !== generation)
        throw restartFromCheckpoint('the live generation changed');
      // Tracing on: a span per traced event of the batch, in that event's trace.
      const spans = startBatchSpans(spanName, events);
      let result: Awaited<ReturnType<typeof planAndApply>>;
      try {
        result = await planAndApply(redis, projection, target(), checkpoint, events);
      } catch (error) {
        spans?.end(error);
        throw error;
      }
      if (result.outcome !== 'applied') {
        const refused = `batch refused: ${result.outcome}`;
        spans?.end(refused);
        throw restartFromCheckpoint(refused);
      }
      spans?.end();
      return result.checkpoint;
    },
    async check() {
      const replies = (await redis
        .multi()
        .get(keys.pointer)
        .hexists(keys.generation(generation).meta, 'checkpoint')
        .exec()) as [[Error | null, string | null], [Error | null, number]] | null;
      if (!replies) throw new Error('Redis returned no replies to the health check');
      const [[pointerError, pointer], [metaError, exists]] = replies;
      if (pointerError || metaError) throw pointerError ?? metaError;
      if (exists !== 1 || liveNumber(pointer) !== generation)
        throw restartFromCheckpoint('the generation was lost or swapped');
    },
    async onCaughtUp() {
      if (ready) return;
      ready = true;
      await markReady(redis, keys.generation(generation)).catch(() => undefined);
    },
  };
}
