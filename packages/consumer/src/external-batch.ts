import { type RecordedEvent, Sleeper } from '@orderflow/core';
import type { Knex } from 'knex';
import { advanceCheckpoint } from './checkpoints.ts';
import { isNotTheHandlers } from './errors.ts';
import { applyOrPark, DEFAULT_HANDLER_RETRY, type HandlerRetryPolicy } from './handler-retry.ts';
import { parkEvent } from './parked.ts';
import type { ExternalProcessor } from './processor.ts';

/** Options of {@link applyExternalBatch}. */
export interface ExternalBatchOptions {
  readonly policy?: HandlerRetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called after each `apply` that resolved (and, for a runtime-kept checkpoint, was checkpointed). */
  readonly onApplied?: (events: readonly RecordedEvent[], checkpoint: bigint) => void;
  /** Called for each event parked, once the checkpoint moved past it. */
  readonly onParked?: (event: RecordedEvent, error: unknown, checkpoint: bigint) => void;
}

/**
 * Applies `events` after `checkpoint` to an external processor: calls its `apply`, then — when
 * the runtime keeps its checkpoint — moves `processor_checkpoints` to the position `apply`
 * returned (at least once: a crash in between applies the batch again). A failing handler is
 * retried, then the events go one at a time and one that still fails is parked in
 * `processor_parked` and skipped (its own checkpoint's `skip`, or the runtime's). Outages,
 * restart requests and a lost lock are rethrown at once.
 * @returns the checkpoint reached.
 */
export async function applyExternalBatch(
  db: Knex,
  processor: ExternalProcessor,
  events: readonly RecordedEvent[],
  checkpoint: bigint,
  options: ExternalBatchOptions = {},
): Promise<bigint> {
  let current = checkpoint;
  const own = processor.checkpoint;
  await applyOrPark(events, {
    policy: options.policy ?? DEFAULT_HANDLER_RETRY,
    sleep: options.sleep ?? ((ms) => new Sleeper().sleep(ms)),
    random: options.random,
    isOutage: (error) => isNotTheHandlers(processor, error),
    async apply(batch) {
      const fresh = batch.filter((e) => e.position > current);
      if (fresh.length === 0) return;
      const reached = (await processor.apply(fresh, current)) ?? fresh.at(-1)!.position;
      if (!own && reached > current) await advanceCheckpoint(db, processor.name, reached);
      if (reached > current) current = reached;
      options.onApplied?.(fresh, current);
    },
    async park(event, error, attempts) {
      if (event.position <= current) return;
      await parkEvent(db, processor.name, event, error, attempts);
      if (own) current = await own.skip(event, current);
      else {
        await advanceCheckpoint(db, processor.name, event.position);
        current = event.position;
      }
      options.onParked?.(event, error, current);
    },
  });
  return current;
}
