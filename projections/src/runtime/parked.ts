import type { RecordedEvent } from '@orderflow/core';
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
