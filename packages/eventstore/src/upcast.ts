import type { EventSchemaRegistry, RecordedEvent } from '@orderflow/core';

/** A page of events brought to their current schema, cut short before the first unreadable one. */
export interface UpcastPage<E extends RecordedEvent> {
  /** The events before the first unreadable one, upcast. */
  readonly events: E[];
  /** The UNKNOWN_EVENT_SCHEMA error of the first unreadable event, if any. */
  readonly error?: unknown;
}

/**
 * Upcasts a page for a subscription: it delivers the readable prefix, so its checkpoint stops
 * exactly before the unreadable event, then reports the error. Without a registry the page is
 * returned as it is.
 */
export function upcastPage<E extends RecordedEvent>(
  events: readonly E[],
  schemas: EventSchemaRegistry | undefined,
): UpcastPage<E> {
  if (!schemas) return { events: events as E[] };
  const out: E[] = [];
  for (const event of events) {
    try {
      out.push(schemas.upcast(event));
    } catch (error) {
      return { events: out, error };
    }
  }
  return { events: out };
}

/**
 * Upcasts every event of a read.
 * @throws OrderflowError UNKNOWN_EVENT_SCHEMA at the first event no upcaster can read.
 */
export function upcastAll<E extends RecordedEvent>(
  events: readonly E[],
  schemas: EventSchemaRegistry | undefined,
): E[] {
  const page = upcastPage(events, schemas);
  if (page.error !== undefined) throw page.error;
  return page.events;
}
