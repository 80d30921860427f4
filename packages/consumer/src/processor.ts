import type { RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';

/** What every processor declares, whatever kind it is. */
export interface ProcessorDefinition {
  /**
   * Stable name: the key of the processor's checkpoint (`processor_checkpoints`), its advisory
   * lock and its parked events (`processor_parked`).
   */
  readonly name: string;
  /** The event types it handles; the subscription to `$all` filters on them server-side. */
  readonly eventTypes: readonly string[];
  /** Most events per batch. Default: the consumer's `batchSize` (500). */
  readonly batchSize?: number;
  /** Version of the processor's code, stored with its checkpoint and shown in its status. */
  readonly version?: number;
  /** Where its effects live, as its status shows it: `postgres`, `redis`, `kafka`, `eventstore`, … */
  readonly store: string;
  /**
   * Leadership hook: called with true once this process holds the processor's advisory lock
   * (before its first batch), and with false when it lost the lock or stops. Work that must run
   * in one process at a time beside the batches (a timer poller, an outbox sweeper) starts and
   * stops here. Awaited; an error is reported and otherwise ignored.
   */
  onLeadership?(held: boolean): void | Promise<void>;
  /**
   * Errors of the processor's own systems that are passing outages (a broker away), beyond the
   * runtime's `isInfrastructureError`: retried with backoff forever, never parked.
   */
  isTransient?(error: unknown): boolean;
}

/**
 * A processor whose effects live in Postgres (read models, the process manager). Per batch the
 * runtime opens a transaction, locks the checkpoint row (`FOR UPDATE`), drops the events at or
 * below it, calls `apply(trx, events)`, moves the checkpoint and commits: effects once, even
 * when a batch is delivered again.
 */
export interface PostgresProcessor<Result = unknown> extends ProcessorDefinition {
  readonly kind: 'postgres';
  /**
   * Runs `SET LOCAL synchronous_commit = off` in each batch transaction: the commit returns
   * before the WAL is flushed, so a crash may lose the last batches — and their checkpoint with
   * them, so they are applied again. For writes that can be rebuilt from the log (read models).
   * https://www.postgresql.org/docs/current/wal-async-commit.html
   */
  readonly asyncCommit?: boolean;
  /** Applies `events` (position order, all after the checkpoint, never empty) inside `trx`. */
  apply(trx: Knex.Transaction, events: readonly RecordedEvent[]): Promise<Result>;
  /** Awaited before each batch (back-pressure: the process manager waits for its command backlog). */
  beforeBatch?(): Promise<void>;
  /**
   * Called after each transaction that applied events committed, with what `apply` returned
   * and the events applied (status changes to publish, commands to send). Not awaited: an
   * error is reported (`onError`) and the batch stays applied.
   */
  afterCommit?(result: Result, events: readonly RecordedEvent[]): void | Promise<void>;
}

/** A checkpoint as read from where it is kept. */
export interface StoredCheckpoint {
  readonly position: bigint;
  /** Version of the code that wrote it, when known. */
  readonly version?: number | null;
  /** When the last event applied was recorded, when known (lag in ms before the first batch). */
  readonly recordedAt?: Date | null;
}

/** A checkpoint the processor keeps itself, atomically with its effects (Redis meta). */
export interface OwnCheckpoint {
  /**
   * Reads the checkpoint (creating it at 0n, e.g. when the store lost its data: the processor is
   * then rebuilt from the beginning of `$all`). Called each time the subscription (re)starts.
   */
  load(): Promise<StoredCheckpoint>;
  /** Moves the checkpoint from `checkpoint` past `event` without applying it (the event was parked). */
  skip(event: RecordedEvent, checkpoint: bigint): Promise<bigint>;
}

/**
 * A processor whose effects live outside Postgres (Redis read models, the Kafka relay, the
 * payment simulator). Either it keeps its own checkpoint with its effects (`checkpoint`), or the
 * runtime stores the checkpoint `apply` returns in `processor_checkpoints` after `apply`
 * resolved — at least once: a crash between the two applies the batch again.
 */
export interface ExternalProcessor extends ProcessorDefinition {
  readonly kind: 'external';
  /** Present: the processor keeps its checkpoint; absent: the runtime keeps it. */
  readonly checkpoint?: OwnCheckpoint;
  /**
   * Applies `events` (position order, all after `checkpoint`, never empty). Returns the new
   * checkpoint: the position up to which the effects are done (nothing returned: the last
   * event's). A processor with its own checkpoint must have moved it there atomically with the
   * effects; throw `restartFromCheckpoint` when the stored checkpoint is not `checkpoint`.
   */
  apply(events: readonly RecordedEvent[], checkpoint: bigint): Promise<bigint | void>;
  /**
   * Health check, about once a second while the processor runs: throw a passing outage to be
   * retried, or `restartFromCheckpoint` (e.g. the live generation changed, the store lost
   * its data), for what an idle subscription would not notice.
   */
  check?(): Promise<void>;
  /** Called each time the subscription delivered everything committed so far. */
  onCaughtUp?(position: bigint): void | Promise<void>;
}

/** Anything the consumer runs. */
export type Processor = PostgresProcessor<any> | ExternalProcessor;

/** True when `processor`'s checkpoint lives in `processor_checkpoints`. */
export const checkpointInPostgres = (processor: Processor): boolean =>
  processor.kind === 'postgres' || processor.checkpoint === undefined;
