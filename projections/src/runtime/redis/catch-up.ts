import type { RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Redis } from 'ioredis';
import type { RedisTarget } from './apply-step.ts';
import { applyEventsToRedis, type RedisBatchPolicy } from './batch.ts';
import type { RedisProjection } from './projection.ts';

/** Input of {@link catchUpGeneration}. */
export interface RedisCatchUpInput {
  readonly redis: Redis;
  readonly store: EventStore;
  readonly projection: RedisProjection;
  /** A shadow or scratch generation (written whatever is live). */
  readonly target: RedisTarget;
  /** The generation's stored checkpoint. */
  readonly from: bigint;
  /** Apply events up to this position only (inclusive). Default: up to the head. */
  readonly until?: bigint;
  /** Events per `readAll` page and per apply step. Default 1000. */
  readonly batchSize?: number;
  readonly policy: RedisBatchPolicy;
  readonly signal?: AbortSignal;
  /** Called after each applied page. */
  readonly onPage?: (checkpoint: bigint, events: number) => void;
}

/** What {@link catchUpGeneration} did. */
export interface RedisCatchUpResult {
  readonly checkpoint: bigint;
  readonly events: number;
  readonly parked: readonly RecordedEvent[];
}

/**
 * Applies the projection's events of `$all` after `from` (and up to `until`) to a generation
 * by reading pages (`readAll`, no subscription), each page in one apply step. Stops at the
 * first short page. Throws the signal's reason when aborted between pages (the generation
 * keeps its checkpoint, so it can be resumed), and an Error when the generation's checkpoint
 * moved under it (someone else writes to it).
 */
export async function catchUpGeneration(input: RedisCatchUpInput): Promise<RedisCatchUpResult> {
  const { redis, store, projection, target, policy, signal } = input;
  const pageSize = input.batchSize ?? 1000;
  let checkpoint = input.from;
  let events = 0;
  const parked: RecordedEvent[] = [];
  for (;;) {
    signal?.throwIfAborted();
    const page = await store.readAll({
      after: checkpoint,
      maxCount: pageSize,
      filter: { eventTypes: projection.eventTypes },
    });
    const batch = input.until === undefined ? page : page.filter((e) => e.position <= input.until!);
    if (batch.length > 0) {
      const result = await applyEventsToRedis(redis, projection, target, checkpoint, batch, policy);
      if (result.outcome !== 'applied')
        throw new Error(`generation ${target.space.generation} of ${projection.name} changed under it`);
      checkpoint = result.checkpoint;
      events += batch.length;
      parked.push(...result.parked);
      input.onPage?.(checkpoint, events);
    }
    if (page.length < pageSize || batch.length < page.length) return { checkpoint, events, parked };
  }
}
