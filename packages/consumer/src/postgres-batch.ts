import { type RecordedEvent, Sleeper } from '@orderflow/core';
import type { Knex } from 'knex';
import { lockCheckpoint, saveCheckpoint } from './checkpoints.ts';
import { isNotTheHandlers } from './errors.ts';
import { applyOrPark, DEFAULT_HANDLER_RETRY, type HandlerRetryPolicy } from './handler-retry.ts';
import { parkEvent } from './parked.ts';
import type { PostgresProcessor } from './processor.ts';

/** A committed transaction of {@link applyPostgresBatch}. */
export interface PostgresCommit<Result> {
  /** The events applied (those at or below the checkpoint were dropped). */
  readonly events: readonly RecordedEvent[];
  /** What `apply` returned for them. */
  readonly result: Result;
  /** The checkpoint after the commit: the last event's position. */
  readonly checkpoint: bigint;
}

/** Options of {@link applyPostgresBatch}. */
export interface PostgresBatchOptions<Result> {
  /** The checkpoint row moved. Default the processor's name; a rebuild names its copy's. */
  readonly checkpoint?: string;
  readonly policy?: HandlerRetryPolicy;
  /** Failures rethrown at once (never parked). Default `isNotTheHandlers`. */
  readonly isOutage?: (error: unknown) => boolean;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called after each commit that applied events (a batch, or one event when split). */
  readonly onCommitted?: (commit: PostgresCommit<Result>) => void;
  /** Called for each event parked, once its parking committed. */
  readonly onParked?: (event: RecordedEvent, error: unknown, checkpoint: bigint) => void;
}

/** What {@link applyPostgresBatch} did. */
export interface PostgresBatchOutcome {
  readonly applied: number;
  readonly parked: readonly RecordedEvent[];
}

/**
 * Applies `events` to a Postgres processor exactly once: in one transaction it locks the
 * checkpoint row (`FOR UPDATE`), drops the events at or below it, calls `apply`, moves the
 * checkpoint to the last event and commits — with `SET LOCAL synchronous_commit = off` when
 * the processor asks for `asyncCommit`. A redelivered batch therefore changes nothing, and a
 * crash before the commit leaves neither effects nor checkpoint. A failing handler is retried,
 * then the events are applied one at a time and the one that still fails is parked in
 * `processor_parked` in a transaction that moves the checkpoint past it (see `applyOrPark`).
 * @throws the outage (database unreachable, serialization failure, …) that interrupted it;
 *   what committed before stays committed.
 */
export async function applyPostgresBatch<Result>(
  db: Knex,
  processor: PostgresProcessor<Result>,
  events: readonly RecordedEvent[],
  options: PostgresBatchOptions<Result> = {},
): Promise<PostgresBatchOutcome> {
  const checkpoint = options.checkpoint ?? processor.name;
  let applied = 0;
  const parked = await applyOrPark(events, {
    policy: options.policy ?? DEFAULT_HANDLER_RETRY,
    sleep: options.sleep ?? ((ms) => new Sleeper().sleep(ms)),
    random: options.random,
    isOutage: options.isOutage ?? ((e) => isNotTheHandlers(processor, e)),
    async apply(batch) {
      const commit = await db.transaction(async (trx) => {
        const stored = await lockCheckpoint(trx, checkpoint, { asyncCommit: processor.asyncCommit });
        const fresh = batch.filter((e) => e.position > stored);
        if (fresh.length === 0) return null;
        const result = await processor.apply(trx, fresh);
        const position = fresh.at(-1)!.position;
        await saveCheckpoint(trx, checkpoint, position, processor.version);
        return { events: fresh, result, checkpoint: position };
      });
      if (!commit) return;
      applied += commit.events.length;
      options.onCommitted?.(commit);
    },
    async park(event, error, attempts) {
      const done = await db.transaction(async (trx) => {
        if (event.position <= (await lockCheckpoint(trx, checkpoint))) return false;
        await parkEvent(trx, processor.name, event, error, attempts);
        await saveCheckpoint(trx, checkpoint, event.position, processor.version);
        return true;
      });
      if (done) options.onParked?.(event, error, event.position);
    },
  });
  return { applied, parked };
}
