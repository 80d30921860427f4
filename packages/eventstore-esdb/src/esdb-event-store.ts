import { EventStoreDBClient } from '@eventstore/db-client';
import {
  validationFailed,
  type AppendResult,
  type Event,
  type EventSchemaRegistry,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@orderflow/core';
import {
  upcastAll,
  type EventStore,
  type ReadAllOptions,
  type SubscribeToAllOptions,
  type Subscription,
} from '@orderflow/eventstore';
import { appendToStream } from './append.ts';
import { toServerFilter } from './filter.ts';
import { startingAfter } from './position.ts';
import { headPosition, readAll } from './read-all.ts';
import { readStream } from './read-stream.ts';
import { subscriptionSource } from './source.ts';
import { CatchUpSubscription, type ResubscribeOptions } from './subscription.ts';

/** Options of {@link createEsdbEventStore}. */
export interface EsdbEventStoreOptions {
  /**
   * Event schemas: appended events get their type's current `schemaVersion` in their metadata,
   * and every read and subscription returns events upcast to the current version
   * (UNKNOWN_EVENT_SCHEMA for an event no upcaster can read). Without it, events are stored at
   * version 1 (unless their metadata says otherwise) and read back as stored.
   */
  readonly schemas?: EventSchemaRegistry;
  /** Receives the errors of dropped subscriptions before they resubscribe. Default: ignore. */
  readonly onTransientError?: (error: unknown) => void;
  /** Backoff of resubscribes: 100 ms doubling to 5 s by default. */
  readonly resubscribe?: ResubscribeOptions;
}

/**
 * The EventStoreDB adapter of the event-store port, over a client of `@eventstore/db-client` 6.x.
 * The caller owns `client` (and disposes it after `close()`). Needs EventStoreDB 23.10 or later
 * for filtered `readAll` and for `onCaughtUp` (the server's caught-up signal), 22.6 or later for
 * positions in `readStream` results (older servers: 0n). Positions are `(commit << 64) | prepare`
 * (see position.ts); `$all` reads and subscriptions never return EventStoreDB's system events.
 */
export function createEsdbEventStore(
  client: EventStoreDBClient,
  options: EsdbEventStoreOptions = {},
): EventStore {
  const subscriptions = new Set<Subscription>();
  const onTransientError = options.onTransientError ?? (() => undefined);

  return {
    appendToStream<E extends Event>(
      stream: string,
      events: readonly NewEvent<E>[],
      appendOptions: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      return appendToStream(client, stream, events, appendOptions.expectedRevision ?? 'any', options.schemas);
    },

    async readStream<E extends Event = Event>(stream: string, readOptions?: ReadStreamOptions) {
      return upcastAll(await readStream(client, stream, readOptions), options.schemas) as RecordedEvent<E>[];
    },

    async readAll<E extends Event = Event>(readOptions?: ReadAllOptions) {
      return upcastAll(await readAll(client, readOptions), options.schemas) as RecordedEvent<E>[];
    },

    subscribeToAll(subscribeOptions: SubscribeToAllOptions): Subscription {
      startingAfter(subscribeOptions.after ?? 0n); // VALIDATION_FAILED now rather than on every retry
      const batchSize = subscribeOptions.batchSize ?? 500;
      if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
        throw validationFailed('batchSize must be a positive integer', { field: 'batchSize' });
      }
      const filter = toServerFilter(subscribeOptions.filter);
      const subscription = new CatchUpSubscription(
        {
          open: (after) =>
            subscriptionSource(
              client.subscribeToAll(
                { fromPosition: startingAfter(after), filter },
                { highWaterMark: batchSize },
              ),
              batchSize,
            ),
          schemas: options.schemas,
          onTransientError,
          resubscribe: options.resubscribe,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      void subscription.done.finally(() => subscriptions.delete(subscription));
      return subscription;
    },

    headPosition: () => headPosition(client),

    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
    },
  };
}

/**
 * Connects to EventStoreDB with a connection string (e.g. `esdb://localhost:2113?tls=false`) and
 * returns the adapter over its own client, which `close()` disposes after stopping subscriptions.
 */
export function connectEsdbEventStore(
  connectionString: string,
  options: EsdbEventStoreOptions = {},
): EventStore {
  const client = EventStoreDBClient.connectionString(connectionString);
  const store = createEsdbEventStore(client, options);
  return {
    ...store,
    async close() {
      await store.close();
      await client.dispose();
    },
  };
}
