import type { RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';

/**
 * A Postgres read model fed by `$all`. `apply` receives a batch of events of the listed types,
 * in position order, inside the transaction that also moves the projection's checkpoint, so a
 * batch's effect is applied exactly once even when it is delivered again after a crash.
 */
export interface Projection {
  /** Stable name; also the checkpoint's key. */
  readonly name: string;
  /** The event types `apply` handles; the subscription filters on them server-side. */
  readonly eventTypes: readonly string[];
  apply(trx: Knex.Transaction, events: readonly RecordedEvent[]): Promise<void>;
}

/** A knex migration as a plain object (combined by the composition root into one source). */
export interface Migration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}
