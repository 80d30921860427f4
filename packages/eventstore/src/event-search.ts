import type { RecordedEvent } from '@orderflow/core';
import type { EventStore } from './event-store.ts';

/**
 * A search of `$all` by what an event is about, beyond {@link AllFilter}'s types and stream
 * prefixes: the events of one correlation (`metadata.correlationId`) or of one order (its
 * stream `order-<id>` and every event whose `data.orderId` is the id: stock reservations,
 * payments, coupon redemptions). All given criteria are AND-ed.
 */
export interface EventSearch {
  /** Events strictly after this position. Default 0n (the beginning). */
  readonly after?: bigint;
  /** At most this many events (0..10,000, as every read). */
  readonly maxCount: number;
  /** Only events whose type is one of these. */
  readonly eventTypes?: readonly string[];
  /** Only events whose metadata carries this correlation id (the order id, for order work). */
  readonly correlationId?: string;
  /** Only events of the stream `order-<orderId>` or whose data names `orderId`. */
  readonly orderId?: string;
}

/**
 * An optional capability of an event-store adapter: {@link EventSearch} over `$all`, in position
 * order and as gap-safe as `readAll`. The Postgres adapter has it (a query on its events
 * table). The EventStoreDB adapter does not: its server filters `$all` by type and stream only;
 * a correlation search there would read the `$bc-<correlationId>` streams of the server's
 * `$by_correlation_id` system projection (which must be enabled, and which reads
 * `$correlationId` from the metadata), and an order search would need a projection of its own.
 * Callers check with {@link canSearchEvents} and refuse the search without it.
 */
export interface EventSearchCapability {
  /** Events matching `search` in position order. @throws VALIDATION_FAILED for a bad maxCount. */
  searchEvents(search: EventSearch): Promise<RecordedEvent[]>;
}

/** Whether `store`'s adapter can run an {@link EventSearch}. */
export const canSearchEvents = (store: EventStore): store is EventStore & EventSearchCapability =>
  typeof (store as Partial<EventSearchCapability>).searchEvents === 'function';
