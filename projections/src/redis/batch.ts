import type { RecordedEvent } from '@orderflow/core';
import type { Redis } from 'ioredis';
import { applyRedisStep, type ApplyStepResult, type RedisTarget } from './apply-step.ts';
import { isRedisOutage } from './errors.ts';
import type { RedisProjection } from './projection.ts';
import { redisReadView } from './read-view.ts';

/** How {@link applyEventsToRedis} retries and parks. */
export interface RedisBatchPolicy {
  /** Tries per batch, and per single event before parking it. Default 3. */
  readonly attempts?: number;
  /** First backoff in ms, doubling per try, with full jitter. Default 50. */
  readonly baseDelayMs?: number;
  /** Records an event given up on (the checkpoint then moves past it). */
  park(event: RecordedEvent, error: unknown, attempts: number): Promise<void>;
  /** Called for each failed try that will be retried. */
  readonly onRetry?: (error: unknown) => void;
}

/** What {@link applyEventsToRedis} did. */
export type RedisBatchResult =
  | { readonly outcome: 'applied'; readonly checkpoint: bigint; readonly parked: readonly RecordedEvent[] }
  | Exclude<ApplyStepResult, { outcome: 'applied' }>;

const stepTo = (event: RecordedEvent) => ({
  position: event.position,
  recordedAt: event.metadata.recordedAt,
});
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function planAndApply(
  redis: Redis,
  projection: RedisProjection,
  target: RedisTarget,
  expected: bigint,
  events: readonly RecordedEvent[],
): Promise<ApplyStepResult> {
  const ops = await projection.plan(events, redisReadView(redis), target.space);
  return applyRedisStep(redis, target, expected, stepTo(events.at(-1)!), ops);
}

/**
 * Plans `events` (position order, all after `expected`; none: nothing to do) and applies them with the
 * checkpoint in one step. When planning or applying fails for a reason other than a Redis
 * outage, the batch is retried (`attempts` tries, exponential backoff with full jitter — AWS
 * Architecture Blog, "Exponential Backoff And Jitter", 2015); then its events are applied one at
 * a time, and an event that still fails is handed to `policy.park` and the checkpoint moves past
 * it. A Redis outage ({@link isRedisOutage}) is rethrown at once and parks nothing. Returns the
 * step's `stale` / `not-live` outcome unchanged (nothing more is written then).
 */
export async function applyEventsToRedis(
  redis: Redis,
  projection: RedisProjection,
  target: RedisTarget,
  expected: bigint,
  events: readonly RecordedEvent[],
  policy: RedisBatchPolicy,
): Promise<RedisBatchResult> {
  if (events.length === 0) return { outcome: 'applied', checkpoint: expected, parked: [] };
  const attempts = policy.attempts ?? 3;
  const base = policy.baseDelayMs ?? 50;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const result = await planAndApply(redis, projection, target, expected, events);
      return result.outcome === 'applied' ? { ...result, parked: [] } : result;
    } catch (error) {
      if (isRedisOutage(error)) throw error;
      lastError = error;
      if (attempt + 1 < attempts) {
        policy.onRetry?.(error);
        await sleep(Math.random() * Math.min(5000, base * 2 ** attempt));
      }
    }
  }
  if (events.length > 1) {
    let checkpoint = expected;
    const parked: RecordedEvent[] = [];
    for (const event of events) {
      const result = await applyEventsToRedis(redis, projection, target, checkpoint, [event], policy);
      if (result.outcome !== 'applied') return result;
      checkpoint = result.checkpoint;
      parked.push(...result.parked);
    }
    return { outcome: 'applied', checkpoint, parked };
  }
  const event = events[0]!;
  await policy.park(event, lastError, attempts);
  const result = await applyRedisStep(redis, target, expected, stepTo(event), []);
  return result.outcome === 'applied' ? { ...result, parked: [event] } : result;
}
