import type {
  AppendResult,
  Event,
  EventSchemaRegistry,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '@orderflow/core';
import {
  upcastAll,
  type EventSearch,
  type EventSearchCapability,
  type EventStore,
  type ReadAllOptions,
  type SubscribeToAllOptions,
  type Subscription,
} from '@orderflow/eventstore';
import type pg from 'pg';
import { createGroupAppender, type GroupCommitOptions } from './append.ts';
import { headPosition, readAllPage, readStream } from './read.ts';
import { eventStoreTables } from './schema.ts';
import { searchEvents } from './search.ts';
import { PollingSubscription } from './subscription.ts';
import { Waker } from './wake.ts';
import { guardPoolClients } from './pool-guard.ts';

/** Options of {@link createPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** Schema holding `events` and `streams`. Default `'eventstore'`. */
  readonly schema?: string;
  /** LISTEN/NOTIFY channel. Default `'orderflow_events_<schema>'`. */
  readonly channel?: string;
  /** Subscriptions re-read at least this often (ms) even without a wake-up. Default 1000. */
  readonly pollIntervalMs?: number;
  /**
   * Receives errors that are retried (lost LISTEN connection, failed reads), once per outage of
   * each subscription and of the LISTEN connection — not every try. Default: ignore.
   */
  readonly onTransientError?: (error: unknown) => void;
  /**
   * Event schemas: appended events get their type's current `schemaVersion`, and every read and
   * subscription returns events upcast to the current version (UNKNOWN_EVENT_SCHEMA for an
   * event no upcaster can read). Without it, events are stored at version 1 (unless their
   * metadata says otherwise) and read back as stored.
   */
  readonly schemas?: EventSchemaRegistry;
  /** Group commit of concurrent appends (see `createGroupAppender`). */
  readonly groupCommit?: GroupCommitOptions;
}

/**
 * The Postgres adapter of the event-store port. The caller owns `pool` (and ends it after
 * `close()`); run `ensureEventStoreSchema(pool, schema)` once before use.
 * Subscriptions hold one pooled connection for LISTEN while any is open. Every client of `pool`
 * gets an 'error' listener ({@link guardPoolClients}), so a connection that dies while held
 * never ends the process. Besides the port it can search `$all` by correlation or order id
 * ({@link EventSearchCapability}).
 */
export function createPostgresEventStore(
  pool: pg.Pool,
  options: PostgresEventStoreOptions = {},
): EventStore & EventSearchCapability {
  const t = eventStoreTables(options.schema ?? 'eventstore');
  guardPoolClients(pool);
  const onTransientError = options.onTransientError ?? (() => undefined);
  const channel = options.channel ?? `orderflow_events_${t.schema}`;
  const waker = new Waker(pool, channel, onTransientError);
  const subscriptions = new Set<Subscription>();
  const append = createGroupAppender(
    pool,
    t,
    options.schemas,
    channel,
    (pid) => waker.appendedBy(pid),
    (types) => waker.appended(types),
    options.groupCommit,
  );

  return {
    async appendToStream<E extends Event>(
      stream: string,
      events: readonly NewEvent<E>[],
      appendOptions: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      return append(stream, events, appendOptions.expectedRevision ?? 'any');
    },

    async readStream<E extends Event = Event>(stream: string, readOptions?: ReadStreamOptions) {
      return upcastAll(await readStream(pool, t, stream, readOptions), options.schemas) as RecordedEvent<E>[];
    },

    async readAll<E extends Event = Event>(readOptions: ReadAllOptions = {}) {
      const page = await readAllPage(
        pool,
        t,
        readOptions.after ?? 0n,
        readOptions.maxCount ?? 1000,
        readOptions.filter,
      );
      return upcastAll(page.events, options.schemas) as RecordedEvent<E>[];
    },

    async searchEvents(search: EventSearch) {
      return upcastAll(await searchEvents(pool, t, search), options.schemas);
    },

    subscribeToAll(subscribeOptions: SubscribeToAllOptions): Subscription {
      const subscription = new PollingSubscription(
        {
          readPage: (after, maxCount, o) => readAllPage(pool, t, after, maxCount, o.filter),
          onAppended: (wake) => waker.subscribe(wake),
          pollIntervalMs: options.pollIntervalMs ?? 1000,
          onReadError: onTransientError,
          schemas: options.schemas,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      void subscription.done.finally(() => subscriptions.delete(subscription));
      return subscription;
    },

    headPosition: () => headPosition(pool, t),

    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await waker.close();
    },
  };
}
