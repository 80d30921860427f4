import { startConsumer, type StateChange } from '@orderflow/consumer';
import { fallbackLogger, type RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { projectionProcessor, type Projection } from './projection.ts';
import type { ProjectionStatus } from '../status.ts';

/** Options of {@link startProjector}. */
export interface ProjectorOptions {
  /** Events per batch (one transaction each). Default 500. */
  readonly batchSize?: number;
  /** A projection that started retrying (with why: the database away, an unreadable event) or parked an event. */
  readonly onError?: (projection: string, error: unknown) => void;
  /** Every change of a projection's state, once. */
  readonly onStateChange?: (change: StateChange) => void;
  /**
   * Called after a batch committed, with the events it applied and the change notifications
   * the projection's `apply` returned (e.g. to publish order status changes).
   */
  readonly onApplied?: (
    projection: string,
    events: readonly RecordedEvent[],
    changes: readonly unknown[],
  ) => void;
  /** First wait before a failed projection starts again, ms; full-jitter backoff up to 5 s. Default 100. */
  readonly restartDelayMs?: number;
}

/** Running projections. */
export interface Projector {
  /** Resolves true once every projection (or the named one) has scanned `$all` up to `position`. */
  waitFor(position: bigint, timeoutMs?: number, projection?: string): Promise<boolean>;
  /** Scanned position per projection (may exceed the stored checkpoint: filtered events). */
  positions(): Record<string, bigint>;
  /** State, checkpoint, lag, throughput and parked events of each projection. */
  status(): Promise<ProjectionStatus[]>;
  stop(): Promise<void>;
}

/**
 * Runs the Postgres read models on the subscription runtime (`@orderflow/consumer`), one
 * processor each ({@link projectionProcessor}): every batch is applied in one transaction
 * together with the checkpoint (a redelivered batch changes nothing), a failing event is
 * retried then parked, outages are waited out with backoff, and only the process holding a
 * projection's advisory lock applies it (the others stand by).
 */
export async function startProjector(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  options: ProjectorOptions = {},
): Promise<Projector> {
  const onError =
    options.onError ??
    ((projection: string, err: unknown) =>
      fallbackLogger('projector').error({ err, projection }, 'projection'));
  const consumer = await startConsumer({
    db,
    store,
    batchSize: options.batchSize,
    retry: { baseDelayMs: options.restartDelayMs ?? 100 },
    processors: projections.map((projection) => ({
      ...projectionProcessor(projection),
      afterCommit: (changes, events) => options.onApplied?.(projection.name, events, changes),
    })),
    onStateChange: (change) => {
      options.onStateChange?.(change);
      if (change.to === 'retrying') onError(change.processor, change.error);
    },
    onParked: (name, _event, error) => onError(name, error),
    onError,
  });
  const versions = new Map(projections.map((p) => [p.name, p.version]));
  return {
    waitFor: (position, timeoutMs, projection) => consumer.waitFor(position, timeoutMs, projection),
    positions: () => Object.fromEntries(consumer.status().map((s) => [s.name, s.scanned])),
    status: async () =>
      consumer
        .status()
        .map((s) => ({ ...s, store: 'postgres', version: s.version ?? versions.get(s.name)! })),
    stop: () => consumer.stop(),
  };
}
