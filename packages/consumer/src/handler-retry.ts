import { type Backoff, fullJitterDelayMs, type RecordedEvent } from '@orderflow/core';

/** How a failing handler is retried before its event is parked. */
export interface HandlerRetryPolicy extends Backoff {
  /** Tries per batch, and per single event before parking it. Default 3. */
  readonly attempts: number;
}

/** 3 tries, waits of up to 50 ms, 100 ms: about 0.1 s before a batch is split, per event after. */
export const DEFAULT_HANDLER_RETRY: HandlerRetryPolicy = { attempts: 3, baseDelayMs: 50, maxDelayMs: 5000 };

/** What {@link applyOrPark} needs. */
export interface ApplyOrParkSteps {
  /** One try at applying `events` (with their checkpoint, where the processor keeps it). */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  /** Records `event` as parked after `attempts` tries and moves the checkpoint past it. */
  park(event: RecordedEvent, error: unknown, attempts: number): Promise<void>;
  /**
   * Failures that are not the handler's (outages): rethrown at once, for the caller to wait
   * out and retry from the checkpoint; they never park an event.
   */
  isOutage(error: unknown): boolean;
  readonly policy: HandlerRetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Tries `events` up to `policy.attempts` times; resolves with the last error, or null once applied. */
async function attempt(events: readonly RecordedEvent[], steps: ApplyOrParkSteps): Promise<unknown> {
  const { policy } = steps;
  let last: unknown = null;
  for (let n = 1; n <= policy.attempts; n++) {
    try {
      await steps.apply(events);
      return null;
    } catch (error) {
      if (steps.isOutage(error)) throw error;
      last = error ?? new Error('handler failed');
      if (n < policy.attempts) await steps.sleep(fullJitterDelayMs(n, policy, steps.random));
    }
  }
  return last;
}

/**
 * Applies a batch so that one bad event cannot stop a processor: the batch is tried
 * `policy.attempts` times (capped exponential backoff with full jitter between tries); if it
 * still fails, its events are applied one at a time, each with the same retries, and an event
 * that still fails is parked (`steps.park`) and skipped. Outages (`steps.isOutage`) are
 * rethrown at once, park nothing, and leave the rest of the batch to the caller's retry.
 * @returns the events parked.
 */
export async function applyOrPark(
  events: readonly RecordedEvent[],
  steps: ApplyOrParkSteps,
): Promise<RecordedEvent[]> {
  const failure = await attempt(events, steps);
  if (failure === null) return [];
  if (events.length === 1) {
    await steps.park(events[0]!, failure, steps.policy.attempts);
    return [events[0]!];
  }
  const parked: RecordedEvent[] = [];
  for (const event of events) parked.push(...(await applyOrPark([event], steps)));
  return parked;
}
