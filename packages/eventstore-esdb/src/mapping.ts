/**
 * Mapping between the port's events and the client's. An appended event keeps its id, its type
 * and its `data` as JSON; the port's metadata (correlationId, causationId, idempotencyKey,
 * schemaVersion and any extra fields) becomes the event's JSON metadata. On read, `recordedAt`
 * is the server's `created` timestamp.
 */
import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  OrderflowError,
  schemaVersionFor,
  type EventMetadata,
  type EventSchemaRegistry,
  type NewEvent,
  type RecordedEvent,
} from '@orderflow/core';
import { positionOf } from './position.ts';

/** A resolved event of a stream read or of `$all`. */
export type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * The client's event for a port event: same id and type, `data` as JSON, and the metadata with
 * `schemaVersion` stamped (explicit, else the registry's current version, else 1). `recordedAt`
 * is not stored: the server records its own timestamp.
 */
export function toEsdbEvent(event: NewEvent, schemas?: EventSchemaRegistry): EventData {
  const { recordedAt: _ignored, ...metadata } = event.metadata ?? {};
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...metadata, schemaVersion: schemaVersionFor(schemas, event.type, metadata.schemaVersion) },
  });
}

/**
 * True for what the port never returns from `$all`: records without an event (unresolved links)
 * and EventStoreDB's own events, whose type or stream name starts with `$` (metadata, settings,
 * statistics, projection output).
 */
export function isSystemEvent(resolved: AnyResolvedEvent): boolean {
  const event = resolved.event;
  return event === undefined || event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * The port's event for a resolved event. Stored metadata is kept as it is; `schemaVersion`
 * defaults to 1 for events written without it (e.g. by other tools); `position` is
 * 0n when the server reports none (see `positionOf`).
 * @throws TypeError when the record has no event (a link read without resolving it).
 * @throws OrderflowError UNKNOWN_EVENT_SCHEMA, with the details the schema registry gives,
 *   when the event's data is not a JSON object (binary or non-object JSON written by another tool).
 */
export function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new TypeError('a resolved event without an event (an unresolved link)');
  const stored = isPlainObject(event.metadata) ? event.metadata : {};
  const metadata: EventMetadata & { recordedAt: Date } = {
    ...stored,
    schemaVersion: typeof stored.schemaVersion === 'number' ? stored.schemaVersion : 1,
    recordedAt: event.created,
  };
  const recorded: RecordedEvent = {
    id: event.id,
    type: event.type,
    data: isPlainObject(event.data) ? event.data : {},
    streamName: event.streamId,
    revision: event.revision,
    position: positionOf(event.position),
    metadata,
  };
  if (!event.isJson || !isPlainObject(event.data)) {
    throw new OrderflowError(
      'UNKNOWN_EVENT_SCHEMA',
      `cannot read ${event.type} at ${event.streamId}@${event.revision}: its data is not a JSON object`,
      {
        stream: recorded.streamName,
        revision: recorded.revision.toString(),
        position: recorded.position.toString(),
        type: recorded.type,
        schemaVersion: metadata.schemaVersion,
      },
    );
  }
  return recorded;
}

/** A page of mapped events, cut short before the first one that cannot be mapped. */
export interface MappedPage {
  readonly events: RecordedEvent[];
  readonly error?: unknown;
}

/**
 * Maps a page for a subscription like `upcastPage` upcasts one: system events are dropped, the
 * events before the first unreadable one are returned with that event's error.
 */
export function toRecordedPage(page: readonly AnyResolvedEvent[]): MappedPage {
  const events: RecordedEvent[] = [];
  for (const resolved of page) {
    if (isSystemEvent(resolved)) continue;
    try {
      events.push(toRecordedEvent(resolved));
    } catch (error) {
      return { events, error };
    }
  }
  return { events };
}
