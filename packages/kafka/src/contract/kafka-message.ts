import type { RecordedEvent } from '@orderflow/core';
import type { Message } from 'kafkajs';
import type { TopicNames } from '../topics.ts';
import { HEADERS } from './envelope.ts';
import { toPublicMessage } from './map.ts';

/** A Kafka message ready to send, with its topic. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly message: Message & { key: string; value: string; headers: Record<string, string> };
}

/**
 * The Kafka message of a recorded domain event, or null when it has no public mapping.
 * Key = the aggregate id (so one aggregate's events share a partition and keep their order);
 * value = the JSON envelope; headers = event-id, event-type (the schema name), schema-version,
 * content-type and, when the event has them, correlation-id, causation-id and the W3C trace
 * context (traceparent, tracestate).
 */
export function toKafkaMessage(recorded: RecordedEvent, topics: TopicNames): OutgoingMessage | null {
  const mapped = toPublicMessage(recorded);
  if (!mapped) return null;
  const { event } = mapped;
  const headers: Record<string, string> = {
    [HEADERS.eventId]: event.eventId,
    [HEADERS.eventType]: event.schema,
    [HEADERS.schemaVersion]: String(event.schemaVersion),
    [HEADERS.contentType]: 'application/json',
  };
  const { correlationId, causationId, traceparent, tracestate } = recorded.metadata;
  if (typeof correlationId === 'string') headers[HEADERS.correlationId] = correlationId;
  if (typeof causationId === 'string') headers[HEADERS.causationId] = causationId;
  // The event's W3C trace context as it was stored; the relay replaces it with its publish
  // span's while tracing is on.
  if (typeof traceparent === 'string') headers[HEADERS.traceparent] = traceparent;
  if (typeof tracestate === 'string') headers[HEADERS.tracestate] = tracestate;
  return {
    topic: topics[mapped.topic],
    message: { key: mapped.key, value: JSON.stringify(event), headers },
  };
}
