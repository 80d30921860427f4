import type { RecordedEvent } from '@orderflow/core';
import { validateMaxCount, type EventSearch } from '@orderflow/eventstore';
import type pg from 'pg';
import { HORIZON_SQL } from './position.ts';
import { EVENT_COLUMNS, EVENT_TYPES, toRecordedEvent } from './rows.ts';
import type { EventStoreTables } from './schema.ts';

/**
 * Runs an {@link EventSearch} on the events table: position order, below the gap-safe horizon
 * (see position.ts), so a page cursor (the last position returned) never skips an event that
 * commits later.
 *
 * The correlation and order criteria have no index: the read walks the primary key from
 * `after` and filters, so a rare match far from `after` scans the log up to the horizon. It is
 * an operator's tool; an expression index on `metadata->>'correlationId'` or `data->>'orderId'`
 * would make every append pay for it.
 */
export async function searchEvents(
  pool: pg.Pool,
  t: EventStoreTables,
  search: EventSearch,
): Promise<RecordedEvent[]> {
  validateMaxCount(search.maxCount);
  const params: unknown[] = [(search.after ?? 0n).toString(), search.maxCount];
  let where = 'position > $1 AND position < h.horizon';
  if (search.eventTypes) {
    params.push(search.eventTypes);
    where += ` AND type = ANY($${params.length}::text[])`;
  }
  if (search.correlationId !== undefined) {
    params.push(search.correlationId);
    where += ` AND metadata->>'correlationId' = $${params.length}`;
  }
  if (search.orderId !== undefined) {
    params.push(`order-${search.orderId}`, search.orderId);
    where += ` AND (stream_name = $${params.length - 1} OR data->>'orderId' = $${params.length})`;
  }
  const { rows } = await pool.query<unknown[]>({
    text: `WITH h AS MATERIALIZED (SELECT ${HORIZON_SQL} AS horizon)
      SELECT ${EVENT_COLUMNS} FROM ${t.events}, h WHERE ${where} ORDER BY position LIMIT $2`,
    values: params,
    rowMode: 'array',
    types: EVENT_TYPES,
  });
  return rows.map((row) => toRecordedEvent(row));
}
