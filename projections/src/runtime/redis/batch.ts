import {
  applyOrPark,
  DEFAULT_HANDLER_RETRY,
  isNotTheHandlers,
  restartFromCheckpoint,
  type HandlerRetryPolicy,
} from '@orderflow/consumer';
import { Sleeper, type RecordedEvent } from '@orderflow/core';
import type { Redis } from 'ioredis';
import { applyRedisStep, type ApplyStepResult, type RedisTarget } from './apply-step.ts';
import type { RedisProjection } from './projection.ts';
import { redisReadView } from './read-view.ts';

/** How {@link applyEventsToRedis} retries and parks. */
export interface RedisBatchPolicy extends Partial<HandlerRetryPolicy> {
  /** Records an event given up on (the checkpoint then moves past it). */
  park(event: RecordedEvent, error: unknown, attempts: number): Promise<void>;
}

/** What {@link applyEventsToRedis} did. */
export type RedisBatchResult =
  | { readonly outcome: 'applied'; readonly checkpoint: bigint; readonly parked: readonly RecordedEvent[] }
  | Exclude<ApplyStepResult, { outcome: 'applied' }>;

/** The apply step's position for a batch ending with `event`. */
export const stepTo = (event: RecordedEvent) => ({
  position: event.position,
  recordedAt: event.metadata.recordedAt,
});

/**
 * Plans `events` (position order, all after `expected`) and applies them with the checkpoint
 * in one Lua step (see `applyRedisStep`). One try; the step's outcome says whether it applied.
 */
export async function planAndApply(
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
 * Plans and applies `events` (position order, all after `expected`) with the checkpoint, one
 * Lua step per try, for the rebuild and verify of a generation (the live projector runs on the
 * subscription runtime). Failures are retried and the failing event parked as the runtime does
 * (`applyOrPark` of `@orderflow/consumer`: full-jitter backoff, then one event at a time, the
 * failing one handed to `policy.park` and the checkpoint moved past it). A Redis outage is
 * rethrown at once and parks nothing. A step that is refused (`stale`, `not-live`) ends the
 * batch with that outcome; nothing more is written then.
 */
export async function applyEventsToRedis(
  redis: Redis,
  projection: RedisProjection,
  target: RedisTarget,
  expected: bigint,
  events: readonly RecordedEvent[],
  policy: RedisBatchPolicy,
): Promise<RedisBatchResult> {
  let checkpoint = expected;
  const refusal: { result: RedisBatchResult | null } = { result: null };
  const step = async (run: () => Promise<ApplyStepResult>) => {
    const result = await run();
    if (result.outcome !== 'applied') {
      refusal.result = result;
      throw restartFromCheckpoint(`apply step refused: ${result.outcome}`);
    }
    checkpoint = result.checkpoint;
  };
  const sleeper = new Sleeper();
  try {
    const parked = await applyOrPark(events, {
      policy: { ...DEFAULT_HANDLER_RETRY, ...policy },
      sleep: (ms) => sleeper.sleep(ms),
      isOutage: (error) => isNotTheHandlers({}, error),
      async apply(batch) {
        const fresh = batch.filter((e) => e.position > checkpoint);
        if (fresh.length > 0) await step(() => planAndApply(redis, projection, target, checkpoint, fresh));
      },
      async park(event, error, attempts) {
        await policy.park(event, error, attempts);
        await step(() => applyRedisStep(redis, target, checkpoint, stepTo(event), []));
      },
    });
    return { outcome: 'applied', checkpoint, parked };
  } catch (error) {
    if (refusal.result) return refusal.result;
    throw error;
  }
}
