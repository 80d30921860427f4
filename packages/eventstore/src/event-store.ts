import type { Event, RecordedEvent, StreamStore } from '@orderflow/core';

/** Filters a `$all` read or subscription server-side. Both lists are OR-ed within, AND-ed between. */
export interface AllFilter {
  /** Only events whose type is one of these. */
  readonly eventTypes?: readonly string[];
  /** Only events whose stream name starts with one of these (e.g. `'order-'`). */
  readonly streamPrefixes?: readonly string[];
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Return events strictly after this position. Default 0n (the beginning; positions are > 0). */
  readonly after?: bigint;
  /** At most this many events. Default 1000. */
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

/**
 * A batch handler of a subscription. It is awaited before the next batch is delivered, so a
 * slow handler applies back-pressure; if it throws, the subscription stops and reports the error.
 */
export type BatchHandler = (events: RecordedEvent[]) => Promise<void>;

/** Options of {@link EventStore.subscribeToAll}. */
export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position (a checkpoint). Default 0n: from the beginning. */
  readonly after?: bigint;
  readonly filter?: AllFilter;
  /** Most events per batch. Default 500. */
  readonly batchSize?: number;
  readonly onEvents: BatchHandler;
  /** Called each time the subscription has delivered everything committed so far. */
  readonly onCaughtUp?: (position: bigint) => void;
  /** Called once when the subscription stops because of an error (the handler's or the store's). */
  readonly onError?: (error: unknown) => void;
}

/** A running catch-up subscription. */
export interface Subscription {
  /** Position of the last event delivered (or scanned past, with a filter). */
  readonly position: bigint;
  /** Stops delivering; resolves once the handler in progress, if any, has finished. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops (with `stop()` or an error). */
  readonly done: Promise<void>;
}

/**
 * The event-store port. Streams are named `<category>-<id>`; revisions count a stream's events
 * from 0; positions order all events (`$all`). Every adapter passes the contract suite in
 * `@orderflow/eventstore/testing`.
 *
 * Guarantees:
 * - an append is atomic and, once acknowledged, durable;
 * - at most one append succeeds per expected revision;
 * - `readAll` and subscriptions return events in position order, and a subscriber sees every
 *   committed event exactly once even when appends commit out of position order.
 */
export interface EventStore extends StreamStore {
  /** Events of `$all` in position order after `options.after`. */
  readAll<E extends Event = Event>(options?: ReadAllOptions): Promise<RecordedEvent<E>[]>;
  /** Catch-up subscription to `$all`: first the history after `after`, then live events. */
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /** Position of the last event of `$all` that readers can see, 0n when empty. */
  headPosition(): Promise<bigint>;
  /** Stops subscriptions and releases connections the store opened itself. */
  close(): Promise<void>;
}
