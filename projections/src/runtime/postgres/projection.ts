import type { PostgresProcessor } from '@orderflow/consumer';
import { startBatchSpans, type Event, type RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';

/**
 * The physical names of a projection's tables, by logical name. The live model uses the logical
 * names; a rebuild writes to shadow copies (`orders__shadow`, …) and swaps them in.
 */
export type TableNames = (logical: string) => string;

/** The live tables: every logical name is its own physical name. */
export const liveTables: TableNames = (logical) => logical;

/**
 * A Postgres read model fed by `$all`, over the events `E` it handles. `apply` receives a batch
 * of events of the listed types, in position order, inside the transaction that also moves the
 * projection's checkpoint, so a batch's effect is applied exactly once even when it is
 * delivered again after a crash.
 */
export interface Projection<E extends Event = Event> {
  /** Stable name; also the checkpoint's key. */
  readonly name: string;
  /**
   * Version of the projection's code. Bump it when `apply` changes what it writes: the live
   * model then reports the version it was built with until `orderflow replay` rebuilds it.
   */
  readonly version: number;
  /** The event types `apply` handles; the subscription filters on them server-side. */
  readonly eventTypes: readonly E['type'][];
  /** The tables the projection owns (logical names), parents before children. */
  readonly tables: readonly string[];
  /**
   * Applies `events` to the tables named by `tables`. May return change notifications (e.g. an
   * order's new status): the live projector hands them to `onApplied` once the batch committed.
   */
  apply(
    trx: Knex.Transaction,
    events: readonly RecordedEvent<E>[],
    tables: TableNames,
  ): Promise<void | readonly unknown[]>;
}

/**
 * `projection` as a processor of the subscription runtime, writing to `tables` (the live ones
 * by default; a rebuild passes its copy's). Its batches commit with `synchronous_commit = off`:
 * a read model can be rebuilt from the log, and a batch lost in a crash is lost together with
 * its checkpoint, so it is applied again. `apply` returns the change notifications. While tracing
 * is on, each traced event of a batch gets a span `project <name> <event type>` in its trace.
 */
export function projectionProcessor(
  projection: Projection,
  tables: TableNames = liveTables,
): PostgresProcessor<readonly unknown[]> {
  const spanName = `project ${projection.name}`;
  return {
    kind: 'postgres',
    name: projection.name,
    version: projection.version,
    eventTypes: projection.eventTypes,
    store: 'postgres',
    asyncCommit: true,
    apply: async (trx, events) => {
      // Tracing on: a span per traced event of the batch, in that event's trace.
      const spans = startBatchSpans(spanName, events);
      try {
        const changes = (await projection.apply(trx, events, tables)) ?? [];
        spans?.end();
        return changes;
      } catch (error) {
        spans?.end(error);
        throw error;
      }
    },
  };
}

export { runMigrations, type Migration } from '@orderflow/consumer';
