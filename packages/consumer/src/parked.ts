import { OrderflowError, type RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';
import { describeError } from './errors.ts';
import { PROCESSOR_PARKED } from './tables.ts';

/** An event a processor could not apply, with the error; the processor went on without it. */
export interface ParkedEvent {
  readonly processor: string;
  readonly eventId: string;
  readonly position: bigint;
  readonly eventType: string;
  readonly streamName: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: Date;
}

/**
 * Records that `processor` gave up on `event` after `attempts` tries (in `db`, or inside the
 * transaction that also moves the checkpoint past it). Parking it again updates the error.
 */
export async function parkEvent(
  db: Knex | Knex.Transaction,
  processor: string,
  event: RecordedEvent,
  error: unknown,
  attempts: number,
): Promise<void> {
  await db(PROCESSOR_PARKED)
    .insert({
      processor,
      event_id: event.id,
      position: event.position.toString(),
      event_type: event.type,
      stream_name: event.streamName,
      error: describeError(error).slice(0, 2000),
      attempts,
    })
    .onConflict(['processor', 'event_id'])
    .merge(['error', 'attempts', 'parked_at']);
}

/** Parked events, by processor and position, of one processor or all. */
export async function listParkedEvents(db: Knex, processor?: string): Promise<ParkedEvent[]> {
  const rows = await db(PROCESSOR_PARKED)
    .modify((q) => {
      if (processor) q.where({ processor });
    })
    .orderBy([{ column: 'processor' }, { column: 'position' }]);
  return rows.map(parkedEventOf);
}

/** A `processor_parked` row (or a `processor_skipped` one, which has its columns) as a {@link ParkedEvent}. */
export const parkedEventOf = (r: Record<string, unknown>): ParkedEvent => ({
  processor: r.processor as string,
  eventId: r.event_id as string,
  position: BigInt(r.position as string),
  eventType: r.event_type as string,
  streamName: r.stream_name as string,
  error: r.error as string,
  attempts: r.attempts as number,
  parkedAt: r.parked_at as Date,
});

/** Parked events per processor (of `processors` only, when given). */
export async function countParkedEvents(
  db: Knex,
  processors?: readonly string[],
): Promise<Map<string, number>> {
  const rows = (await db(PROCESSOR_PARKED)
    .modify((q) => {
      if (processors) q.whereIn('processor', processors);
    })
    .select('processor')
    .count({ n: '*' })
    .groupBy('processor')) as Array<{ processor: string; n: string }>;
  return new Map(rows.map((r) => [r.processor, Number(r.n)]));
}

/** Outcome of {@link retryParkedEvents}, per event. */
export interface RetryOutcome {
  readonly eventId: string;
  readonly applied: boolean;
  readonly error?: string;
}

/**
 * Applies parked events of a Postgres processor again (all of them, or the one with `eventId`),
 * each in its own transaction that also removes it from `processor_parked`; an event that fails
 * again stays parked with the new error and one more attempt. The event is applied as it is,
 * after the events that followed it (its handler must accept that; the read models' `evolve`
 * functions do). Events are read back from the store by position with `readEvent`.
 * @throws OrderflowError NOT_FOUND when `eventId` is given and not parked for this processor.
 */
export async function retryParkedEvents(
  db: Knex,
  readEvent: (position: bigint) => Promise<RecordedEvent | undefined>,
  processor: {
    name: string;
    apply(trx: Knex.Transaction, events: readonly RecordedEvent[]): Promise<unknown>;
  },
  eventId?: string,
): Promise<RetryOutcome[]> {
  const parked = (await listParkedEvents(db, processor.name)).filter(
    (p) => !eventId || p.eventId === eventId,
  );
  if (eventId && parked.length === 0)
    throw new OrderflowError('NOT_FOUND', `event ${eventId} is not parked for ${processor.name}`, {
      eventId,
    });
  const outcomes: RetryOutcome[] = [];
  for (const p of parked) {
    const key = { processor: processor.name, event_id: p.eventId };
    try {
      const event = await readEvent(p.position);
      if (!event || event.id !== p.eventId)
        throw new Error(`event ${p.eventId} is not at position ${p.position}`);
      await db.transaction(async (trx) => {
        await processor.apply(trx, [event]);
        await trx(PROCESSOR_PARKED).where(key).delete();
      });
      outcomes.push({ eventId: p.eventId, applied: true });
    } catch (error) {
      await db(PROCESSOR_PARKED)
        .where(key)
        .update({
          error: describeError(error).slice(0, 2000),
          attempts: p.attempts + 1,
          parked_at: db.fn.now(),
        });
      outcomes.push({ eventId: p.eventId, applied: false, error: describeError(error) });
    }
  }
  return outcomes;
}
