import { OrderflowError, type RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';
import type { Migration } from './projection.ts';

/** Events a projection could not apply, with the error; the projection went on without them. */
export const PARKED_TABLE = 'projection_parked';

export const parkedEventsMigration: Migration = {
  name: '0006_projection_parked',
  async up(knex) {
    await knex.schema.createTable(PARKED_TABLE, (t) => {
      t.text('projection').notNullable();
      t.uuid('event_id').notNullable();
      t.decimal('position', 39, 0).notNullable();
      t.text('event_type').notNullable();
      t.text('stream_name').notNullable();
      t.text('error').notNullable();
      t.integer('attempts').notNullable();
      t.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.primary(['projection', 'event_id']);
    });
    // The version a model was built with, to tell when a rebuild is due.
    await knex.schema.alterTable('projection_checkpoints', (t) => void t.integer('version'));
  },
  async down(knex) {
    await knex.schema.alterTable('projection_checkpoints', (t) => void t.dropColumn('version'));
    await knex.schema.dropTable(PARKED_TABLE);
  },
};

/** A parked event as listed by the CLI and GraphQL. */
export interface ParkedEvent {
  readonly projection: string;
  readonly eventId: string;
  readonly position: bigint;
  readonly eventType: string;
  readonly streamName: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: Date;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Records that `projection` gave up on `event` after `attempts` tries (inside `trx`). */
export async function parkEvent(
  trx: Knex.Transaction,
  projection: string,
  event: RecordedEvent,
  error: unknown,
  attempts: number,
): Promise<void> {
  await trx(PARKED_TABLE)
    .insert({
      projection,
      event_id: event.id,
      position: event.position.toString(),
      event_type: event.type,
      stream_name: event.streamName,
      error: describe(error).slice(0, 2000),
      attempts,
    })
    .onConflict(['projection', 'event_id'])
    .merge(['error', 'attempts', 'parked_at']);
}

/** Parked events, oldest first, of one projection or all. */
export async function listParkedEvents(db: Knex, projection?: string): Promise<ParkedEvent[]> {
  const rows = await db(PARKED_TABLE)
    .modify((q) => {
      if (projection) q.where({ projection });
    })
    .orderBy([{ column: 'projection' }, { column: 'position' }]);
  return rows.map((r: Record<string, unknown>) => ({
    projection: r.projection as string,
    eventId: r.event_id as string,
    position: BigInt(r.position as string),
    eventType: r.event_type as string,
    streamName: r.stream_name as string,
    error: r.error as string,
    attempts: r.attempts as number,
    parkedAt: r.parked_at as Date,
  }));
}

/** Parked events per projection. */
export async function countParkedEvents(db: Knex): Promise<Map<string, number>> {
  const rows = (await db(PARKED_TABLE)
    .select('projection')
    .count({ n: '*' })
    .groupBy('projection')) as Array<{
    projection: string;
    n: string;
  }>;
  return new Map(rows.map((r) => [r.projection, Number(r.n)]));
}

/** Outcome of {@link retryParkedEvents}, per event. */
export interface RetryOutcome {
  readonly eventId: string;
  readonly applied: boolean;
  readonly error?: string;
}

/**
 * Applies parked events of `projection` again (all of them, or the one with `eventId`), each in
 * its own transaction that also removes it from `projection_parked`; an event that fails again
 * stays parked with the new error and one more attempt. The event is applied as it is, after
 * the events that followed it (its handler must accept that; the read models' `evolve` functions
 * do). Events are read back from the store by position.
 * @throws OrderflowError NOT_FOUND when `eventId` is given and not parked for this projection.
 */
export async function retryParkedEvents(
  db: Knex,
  readEvent: (position: bigint) => Promise<RecordedEvent | undefined>,
  projection: {
    name: string;
    apply(
      trx: Knex.Transaction,
      events: readonly RecordedEvent[],
      tables: (t: string) => string,
    ): Promise<unknown>;
  },
  eventId?: string,
): Promise<RetryOutcome[]> {
  const parked = (await listParkedEvents(db, projection.name)).filter(
    (p) => !eventId || p.eventId === eventId,
  );
  if (eventId && parked.length === 0)
    throw new OrderflowError('NOT_FOUND', `event ${eventId} is not parked for ${projection.name}`, {
      eventId,
    });
  const outcomes: RetryOutcome[] = [];
  for (const p of parked) {
    const event = await readEvent(p.position);
    try {
      if (!event || event.id !== p.eventId)
        throw new Error(`event ${p.eventId} is not at position ${p.position}`);
      await db.transaction(async (trx) => {
        await projection.apply(trx, [event], (t) => t);
        await trx(PARKED_TABLE).where({ projection: projection.name, event_id: p.eventId }).delete();
      });
      outcomes.push({ eventId: p.eventId, applied: true });
    } catch (error) {
      await db(PARKED_TABLE)
        .where({ projection: projection.name, event_id: p.eventId })
        .update({ error: describe(error).slice(0, 2000), attempts: p.attempts + 1, parked_at: db.fn.now() });
      outcomes.push({ eventId: p.eventId, applied: false, error: describe(error) });
    }
  }
  return outcomes;
}
