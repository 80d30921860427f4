import { randomBytes } from 'node:crypto';
import { OrderflowError } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import { type BuildOptions } from '../postgres/build.ts';
import { applyRedisStep, type RedisTarget } from './apply-step.ts';
import { catchUpGeneration, type RedisCatchUpInput } from './catch-up.ts';
import { deleteGeneration, readLive } from './generations.ts';
import { projectionKeys } from './keys.ts';
import { acquireProjectionLock } from './lock.ts';
import type { RedisProjection } from './projection.ts';
import { readValues, readValuesAtCheckpoint, snapshotGeneration } from './snapshot.ts';
import { diffSnapshots, type RedisDifference, type RedisSnapshot } from './values.ts';

/** Options of {@link verifyRedisProjection}; `batchSize` defaults to 1000 (events per Lua step). */
export interface VerifyRedisOptions extends BuildOptions {
  readonly keyPrefix: string;
}

/** An event the scratch rebuild could not apply (the live model has probably parked it too). */
export interface UnappliedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly position: bigint;
  readonly error: string;
}

/** Outcome of {@link verifyRedisProjection}. */
export interface VerifyRedisReport {
  readonly generation: number;
  /** The live checkpoint both sides were compared at. */
  readonly position: bigint;
  /** Read-model keys in the live generation. */
  readonly keysCompared: number;
  /** Key by key, field by field; empty when the live model equals a rebuild from 0n. */
  readonly differences: RedisDifference[];
  readonly unapplied: UnappliedEvent[];
}

const typesOf = (a: RedisSnapshot, b: RedisSnapshot, keys: readonly string[]) =>
  new Map(keys.map((k) => [k, (a[k] ?? b[k])!.type as string]));

/**
 * Checks a Redis read model against the event log: rebuilds it from 0n into a scratch
 * generation up to the live checkpoint, compares every key, then re-reads the keys that
 * differ together with the live checkpoint in one MULTI and brings the scratch copy to exactly
 * that checkpoint, so a difference is only reported when both sides stand at the same
 * position (the live projector keeps running meanwhile). Deletes the scratch keys at the end,
 * also on failure. Holds the projection's lock (INVALID_STATE while a rebuild runs); throws
 * INVALID_STATE when the projection has no live generation in Redis.
 */
export async function verifyRedisProjection(
  redis: Redis,
  store: EventStore,
  projection: RedisProjection,
  options: VerifyRedisOptions,
): Promise<VerifyRedisReport> {
  const keys = projectionKeys(options.keyPrefix, projection.name);
  const lock = await acquireProjectionLock(redis, keys, projection.name, 'verify');
  const target: RedisTarget = {
    keys,
    space: keys.scratch(randomBytes(6).toString('hex')),
    requireLive: null,
    version: projection.version,
  };
  try {
    const live = await readLive(redis, keys);
    if (!live.meta)
      throw new OrderflowError('INVALID_STATE', `${projection.name} has no live model in Redis`);
    await applyRedisStep(redis, target, 0n, { position: 0n, recordedAt: null }, []);
    const unapplied: UnappliedEvent[] = [];
    const common: Omit<RedisCatchUpInput, 'from' | 'until'> = {
      redis,
      store,
      projection,
      target,
      batchSize: options.batchSize,
      signal: options.signal,
      policy: {
        park: async (event, error) =>
          void unapplied.push({
            eventId: event.id,
            type: event.type,
            position: event.position,
            error: String(error),
          }),
      },
    };
    const head = await store.headPosition();
    const scratch = await catchUpGeneration({
      ...common,
      from: 0n,
      until: live.meta.checkpoint,
      onPage: (position, events) => options.onProgress?.({ events, position, head, from: 0n }),
    });
    const liveSnapshot = await snapshotGeneration(redis, live.space);
    const candidates = diffSnapshots(liveSnapshot, await snapshotGeneration(redis, target.space));
    let checkpoint = scratch.checkpoint;
    let differences: RedisDifference[] = [];
    if (candidates.length > 0) {
      const names = [...new Set(candidates.map((d) => d.key))];
      const scratchFirst = await readValues(redis, target.space, names);
      const types = typesOf(liveSnapshot, scratchFirst, names);
      const now = await readValuesAtCheckpoint(redis, live.space, names, types);
      await catchUpGeneration({ ...common, from: scratch.checkpoint, until: now.checkpoint });
      checkpoint = now.checkpoint;
      differences = diffSnapshots(now.values, await readValues(redis, target.space, names));
    }
    return {
      generation: live.generation,
      position: checkpoint,
      keysCompared: Object.keys(liveSnapshot).length,
      differences,
      unapplied,
    };
  } finally {
    await deleteGeneration(redis, target.space).catch(() => undefined);
    await lock.release();
  }
}
