import type { EventMetadata, RecordedEvent } from '@orderflow/core';

/** An `events` row as pg returns it (bigint columns as strings). */
export interface EventRow {
  position: string;
  event_id: string;
  stream_name: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** The columns every event read selects, in {@link EventRow} shape. */
export const EVENT_COLUMNS = 'position, event_id, stream_name, revision, type, data, metadata, recorded_at';

/** Maps a row to the port's {@link RecordedEvent}. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    streamName: row.stream_name,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    metadata: { ...row.metadata, recordedAt: row.recorded_at },
  };
}
