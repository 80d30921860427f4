import { parkEvent } from '@orderflow/consumer';
import { OrderflowError } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { checkFrom, type BuildOptions } from '../postgres/build.ts';
import { applyRedisStep, type RedisTarget } from './apply-step.ts';
import { catchUpGeneration } from './catch-up.ts';
import { deleteGeneration, readLive, readMeta } from './generations.ts';
import { INITIAL_GENERATION, projectionKeys } from './keys.ts';
import { acquireProjectionLock } from './lock.ts';
import type { RedisProjection } from './projection.ts';
import { codeAndValue, runScript } from './scripts.ts';

/** Options of {@link rebuildRedisProjection}; `batchSize` defaults to 1000 (events per Lua step). */
export interface RebuildRedisOptions extends BuildOptions {
  /** The projector's key prefix. */
  readonly keyPrefix: string;
  /** Postgres, for `processor_parked`. */
  readonly db: Knex;
  /**
   * Start the shadow empty and apply the events after this position. Without it, an
   * interrupted rebuild's shadow (same version) is resumed, or a new one starts at 0n.
   */
  readonly from?: bigint;
}

/** What a finished rebuild did. */
export interface RebuildRedisResult {
  /** Events applied by this run (a resumed run does not count the earlier ones). */
  readonly events: number;
  /** The new live generation's checkpoint at the swap. */
  readonly position: bigint;
  /** The shadow's checkpoint when this run started (0n or `from` for a new shadow). */
  readonly resumedFrom: bigint;
  readonly previousGeneration: number;
  readonly generation: number;
  /** Events parked by this run. */
  readonly parked: number;
  /** Keys of the previous generation deleted after the swap. */
  readonly removedKeys: number;
}

/**
 * Rebuilds a Redis read model blue-green: under the projection's lock, builds generation
 * live+1 from `$all` (pages of `readAll`) while the live one keeps serving, catches up the
 * tail, then atomically points `live` at it once its checkpoint is ≥ the live one's (a Lua step
 * that also checks the lock), and deletes the old generation's keys (SCAN + UNLINK). The live
 * projector switches to the new generation at its next batch or health check.
 *
 * A shadow left by an aborted rebuild of the same projection version is resumed from its
 * checkpoint (unless `from` is given); one of another version is discarded. Failing events are
 * retried, then parked in `processor_parked`.
 * @throws OrderflowError INVALID_STATE when another rebuild or verify holds the lock, or the
 *   live generation changed meanwhile; VALIDATION_FAILED when `from` is beyond the end of the
 *   log; the signal's reason (an AbortError) when aborted.
 */
export async function rebuildRedisProjection(
  redis: Redis,
  store: EventStore,
  projection: RedisProjection,
  options: RebuildRedisOptions,
): Promise<RebuildRedisResult> {
  const keys = projectionKeys(options.keyPrefix, projection.name);
  if (options.from !== undefined) await checkFrom(store, options.from);
  const lock = await acquireProjectionLock(redis, keys, projection.name, 'rebuild');
  try {
    const { generation: live } = await readLive(redis, keys);
    const next = live + 1;
    const target: RedisTarget = {
      keys,
      space: keys.generation(next),
      requireLive: null,
      version: projection.version,
    };
    const meta = await readMeta(redis, target.space);
    const resume = meta !== null && meta.version === projection.version && options.from === undefined;
    let checkpoint = resume ? meta.checkpoint : (options.from ?? 0n);
    if (!resume) {
      await deleteGeneration(redis, target.space);
      await applyRedisStep(redis, target, 0n, { position: checkpoint, recordedAt: null }, []);
    }
    const resumedFrom = checkpoint;
    const head = await store.headPosition();
    let events = 0;
    let parked = 0;
    for (;;) {
      const round = await catchUpGeneration({
        redis,
        store,
        projection,
        target,
        from: checkpoint,
        batchSize: options.batchSize,
        signal: options.signal,
        policy: {
          park: (event, error, attempts) => parkEvent(options.db, projection.name, event, error, attempts),
        },
        onPage: (position, n) =>
          options.onProgress?.({ events: events + n, position, head, from: resumedFrom }),
      });
      checkpoint = round.checkpoint;
      events += round.events;
      parked += round.parked.length;
      options.signal?.throwIfAborted();
      if (lock.lost)
        throw new OrderflowError('INVALID_STATE', `the rebuild of ${projection.name} lost its lock`);
      const swap = codeAndValue(
        await runScript(
          redis,
          'orderflowSwapGeneration',
          [keys.pointer, keys.generation(live).meta, target.space.meta, keys.lock],
          [String(live), String(INITIAL_GENERATION), String(next), lock.token],
        ),
      );
      if (swap.code === 1) break;
      if (swap.code === -2)
        throw new OrderflowError('INVALID_STATE', `the rebuild of ${projection.name} lost its lock`);
      if (swap.code === -1)
        throw new OrderflowError('INVALID_STATE', `the live generation of ${projection.name} changed`, {
          expected: live,
          actual: swap.value,
        });
      // The live projector is ahead of what this rebuild has read: read on, then try again.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const removedKeys = await deleteGeneration(redis, keys.generation(live));
    return {
      events,
      position: checkpoint,
      resumedFrom,
      previousGeneration: live,
      generation: next,
      parked,
      removedKeys,
    };
  } finally {
    await lock.release();
  }
}
