import type { RecordedEvent } from '@orderflow/core';

/**
 * The JSON value of every public integration event (see CONTRACT.md). Consumers switch on
 * `schema` + `schemaVersion`; a new, incompatible shape gets a new version, published alongside.
 */
export interface IntegrationEnvelope<Schema extends string, Version extends number, Data> {
  /** The message type, e.g. `orderflow.order.placed`. */
  readonly schema: Schema;
  /** Version of `data`'s shape for this schema; starts at 1. */
  readonly schemaVersion: Version;
  /**
   * Id of the event in Orderflow's event log (a UUID). A message may be delivered more than
   * once (at-least-once); every copy has the same eventId, so consumers dedupe on it.
   */
  readonly eventId: string;
  /** When the event was recorded, ISO-8601 UTC with milliseconds. */
  readonly occurredAt: string;
  /** The aggregate the event belongs to (orderId, sku or paymentId); also the Kafka key. */
  readonly subject: string;
  /**
   * The event's 0-based place in its aggregate's history. Increases along a subject's messages;
   * may skip numbers (events that are not published).
   */
  readonly sequence: number;
  readonly data: Data;
}

/** Names of the Kafka headers every integration message carries (values are UTF-8 strings). */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  contentType: 'content-type',
  /** W3C Trace Context (https://www.w3.org/TR/trace-context/), when the event was traced. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** The envelope of `event` with the given schema, version, subject and (explicitly built) data. */
export function envelope<Schema extends string, Version extends number, Data>(
  event: RecordedEvent,
  schema: Schema,
  schemaVersion: Version,
  subject: string,
  data: Data,
): IntegrationEnvelope<Schema, Version, Data> {
  return {
    schema,
    schemaVersion,
    eventId: event.id,
    occurredAt: event.metadata.recordedAt.toISOString(),
    subject,
    sequence: Number(event.revision),
    data,
  };
}
