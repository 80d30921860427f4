import { OrderflowError, validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import type { Migration } from './migration.ts';
import { parkedEventOf } from './parked.ts';
import { PROCESSOR_PARKED, PROCESSOR_SKIPPED } from './tables.ts';

/** A parked event an operator chose not to apply: who, why and when, kept for the record. */
export interface SkippedEvent {
  readonly processor: string;
  readonly eventId: string;
  readonly position: bigint;
  readonly eventType: string;
  readonly streamName: string;
  /** The error it was parked with. */
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: Date;
  /** Who skipped it, e.g. `graphql:admin` or `cli`. */
  readonly actor: string;
  readonly reason: string;
  readonly skippedAt: Date;
}

/**
 * `0502_processor_skipped`: `processor_skipped`, the parked events operators skipped (the
 * columns of `processor_parked` plus actor, reason and skipped_at).
 */
export const skippedEventsMigration: Migration = {
  name: '0502_processor_skipped',
  async up(knex) {
    await knex.schema.createTable(PROCESSOR_SKIPPED, (t) => {
      t.text('processor').notNullable();
      t.uuid('event_id').notNullable();
      t.decimal('position', 39, 0).notNullable();
      t.text('event_type').notNullable();
      t.text('stream_name').notNullable();
      t.text('error').notNullable();
      t.integer('attempts').notNullable();
      t.timestamp('parked_at', { useTz: true }).notNullable();
      t.text('actor').notNullable();
      t.text('reason').notNullable();
      t.timestamp('skipped_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.primary(['processor', 'event_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(PROCESSOR_SKIPPED);
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toSkipped = (r: Record<string, unknown>): SkippedEvent => ({
  ...parkedEventOf(r),
  actor: r.actor as string,
  reason: r.reason as string,
  skippedAt: r.skipped_at as Date,
});

/**
 * Skips a parked event for good: in one transaction, removes it from `processor_parked` and
 * records it in `processor_skipped` with `actor` and `reason`. The processor's checkpoint is
 * already past it (parking moved it), so nothing else changes: its effects are never applied.
 * @throws OrderflowError VALIDATION_FAILED for an event id that is not a UUID or an empty reason
 *   (1–500 characters); NOT_FOUND
 *   when `eventId` is not parked for `processor`.
 */
export async function skipParkedEvent(
  db: Knex,
  processor: string,
  eventId: string,
  by: { actor: string; reason: string },
): Promise<SkippedEvent> {
  if (!UUID.test(eventId))
    throw validationFailed('eventId must be an event id (a UUID)', { field: 'eventId' });
  const reason = by.reason.trim();
  if (reason.length === 0 || reason.length > 500)
    throw validationFailed('give a reason for skipping, 1–500 characters', { field: 'reason' });
  return db.transaction(async (trx) => {
    const [row] = (await trx(PROCESSOR_PARKED)
      .where({ processor, event_id: eventId })
      .delete()
      .returning('*')) as Array<Record<string, unknown>>;
    if (!row)
      throw new OrderflowError('NOT_FOUND', `event ${eventId} is not parked for ${processor}`, {
        processor,
        eventId,
      });
    const [skipped] = (await trx(PROCESSOR_SKIPPED)
      .insert({ ...row, actor: by.actor, reason })
      .onConflict(['processor', 'event_id'])
      .merge(['error', 'attempts', 'parked_at', 'actor', 'reason', 'skipped_at'])
      .returning('*')) as Array<Record<string, unknown>>;
    return toSkipped(skipped!);
  });
}

/** Skipped events, newest first, of one processor or all (at most `limit`, default 100). */
export async function listSkippedEvents(db: Knex, processor?: string, limit = 100): Promise<SkippedEvent[]> {
  const rows = await db(PROCESSOR_SKIPPED)
    .modify((q) => {
      if (processor) q.where({ processor });
    })
    .orderBy('skipped_at', 'desc')
    .limit(limit);
  return rows.map(toSkipped);
}
