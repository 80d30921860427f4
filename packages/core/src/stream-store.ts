import type { Event, NewEvent, RecordedEvent } from './messages.ts';

/**
 * The revision a writer expects a stream to be at (EventStoreDB's semantics):
 * - `'any'`: append whatever the revision;
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must have at least one event;
 * - a bigint: the revision of the stream's last event (0 for a stream with one event).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** What a successful append returns: the stream's new revision and the last event's position. */
export interface AppendResult {
  readonly nextExpectedRevision: bigint;
  readonly position: bigint;
}

/** Options of {@link StreamStore.readStream}. */
export interface ReadStreamOptions {
  /** Default `'forwards'`. */
  readonly direction?: 'forwards' | 'backwards';
  /** First revision to return (inclusive). Default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  /** At most this many events. Default: all. */
  readonly maxCount?: number;
}

/**
 * The part of the event-store port that command handlers need: read one stream, append to it.
 * The full port (`@orderflow/eventstore`) extends it with `$all` reads and subscriptions.
 */
export interface StreamStore {
  /**
   * Appends `events` to `stream` atomically if its revision matches `expectedRevision`
   * (default `'any'`). Retrying an append with the same event ids is idempotent: it returns
   * the original result.
   * @throws OrderflowError WRONG_EXPECTED_VERSION with `details.expected` and `details.actual`
   *   (the stream's actual revision as a string, or `'no_stream'`).
   */
  appendToStream<E extends Event>(
    stream: string,
    events: readonly NewEvent<E>[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /**
   * Reads events of one stream in revision order.
   * @throws OrderflowError STREAM_NOT_FOUND when the stream has no events.
   */
  readStream<E extends Event = Event>(
    stream: string,
    options?: ReadStreamOptions,
  ): Promise<RecordedEvent<E>[]>;
}
