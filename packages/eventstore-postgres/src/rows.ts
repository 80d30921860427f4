import type { EventMetadata, RecordedEvent } from '@orderflow/core';
import type pg from 'pg';

/**
 * The columns every event read selects, in this order ({@link toRecordedEvent} reads them by
 * index, from a query run with `rowMode: 'array'` and {@link EVENT_TYPES}). `recorded_ms` is the
 * recording time in whole epoch milliseconds, rounded down: the same instant pg's timestamptz
 * parser would give (it also drops the microseconds), without parsing date text per event.
 */
export const EVENT_COLUMNS =
  'position, event_id, stream_name, revision, type, data, metadata, floor(extract(epoch FROM recorded_at) * 1000)::int8 AS recorded_ms';

const JSON_OIDS = new Set([114, 3802]); // json, jsonb
const asText = (value: string): string => value;

/**
 * Type parsers of event reads: JSON columns are parsed, everything else stays the text
 * Postgres sent (int8 included, which {@link toRecordedEvent} turns into bigint itself), so
 * no per-value validation or date parsing runs on the hot path of catch-ups and rebuilds.
 */
export const EVENT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number) =>
    JSON_OIDS.has(oid) ? JSON.parse : asText) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Maps the {@link EVENT_COLUMNS} of a row (read with `rowMode: 'array'` and {@link EVENT_TYPES}),
 * starting at index `at`, to the port's {@link RecordedEvent}. `metadata` is the object parsed
 * for this row alone, so `recordedAt` is set on it in place.
 */
export function toRecordedEvent(row: readonly unknown[], at = 0): RecordedEvent {
  const metadata = row[at + 6] as EventMetadata & { recordedAt: Date };
  metadata.recordedAt = new Date(Number(row[at + 7]));
  return {
    id: row[at + 1] as string,
    type: row[at + 4] as string,
    data: row[at + 5] as Record<string, unknown>,
    streamName: row[at + 2] as string,
    revision: BigInt(row[at + 3] as string),
    position: BigInt(row[at] as string),
    metadata,
  };
}
