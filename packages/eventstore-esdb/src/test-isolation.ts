/**
 * Test support: an EventStoreDB log cannot be emptied or split per test, but the contract suite
 * expects each test to start with an empty log (`readAll()` returns only its own events). This
 * wrapper gives each test a private slice of a shared server: every stream name gets `prefix`
 * in front of its category (`t1a2b3c4d_order-1` for `order-1`, still `<category>-<id>`), `$all`
 * reads and subscriptions filter on that prefix (combined with the caller's stream prefixes),
 * and the prefix is taken off stream names in returned events and in error details.
 */
import { hasErrorCode, type Event, type RecordedEvent } from '@orderflow/core';
import type { AllFilter, EventStore } from '@orderflow/eventstore';

/** `store` restricted to the streams whose names start with `prefix`, under their names without it. */
export function isolatedStore(store: EventStore, prefix: string): EventStore {
  const inside = (stream: string) => `${prefix}${stream}`;
  const outside = <E extends Event>(event: RecordedEvent<E>): RecordedEvent<E> => ({
    ...event,
    streamName: event.streamName.startsWith(prefix)
      ? event.streamName.slice(prefix.length)
      : event.streamName,
  });
  const unprefixed = (error: unknown): unknown => {
    const stream = hasErrorCode(error) ? error.details.stream : undefined;
    if (hasErrorCode(error) && typeof stream === 'string' && stream.startsWith(prefix)) {
      error.details.stream = stream.slice(prefix.length);
    }
    return error;
  };
  const rethrow = (error: unknown): never => {
    throw unprefixed(error);
  };
  const scoped = (filter: AllFilter = {}): AllFilter => ({
    ...filter,
    streamPrefixes: (filter.streamPrefixes ?? ['']).map(inside),
  });

  return {
    appendToStream: (stream, events, options) =>
      store.appendToStream(inside(stream), events, options).catch(rethrow),
    readStream: async <E extends Event = Event>(
      stream: string,
      options?: Parameters<EventStore['readStream']>[1],
    ) => (await store.readStream<E>(inside(stream), options).catch(rethrow)).map(outside),
    readAll: async <E extends Event = Event>(options: Parameters<EventStore['readAll']>[0] = {}) =>
      (await store.readAll<E>({ ...options, filter: scoped(options.filter) }).catch(rethrow)).map(outside),
    subscribeToAll: (options) =>
      store.subscribeToAll({
        ...options,
        filter: scoped(options.filter),
        onEvents: (events) => options.onEvents(events.map(outside)),
        onError: (error) => options.onError?.(unprefixed(error)),
      }),
    // The server's head: right only while nothing else writes to the server.
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
