/**
 * An in-memory stand-in for the parts of `EventStoreDBClient` the adapter calls, for unit tests
 * of the adapter's own logic (paging, exclusivity of `after`, read-back of positions, error
 * mapping). It mimics the documented behaviour it relies on: reads include their start
 * position, subscriptions start after it, retried event ids are recognised, and the append
 * reply carries the commit position as both commit and prepare position; subscriptions get
 * live events. Appends are atomic because the fake is synchronous. It proves nothing
 * about EventStoreDB itself; the contract suite does, against a server.
 */
import { PassThrough } from 'node:stream';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription.js';
import { encodePosition } from './position.ts';
import { resolvedEvent } from './test-fixtures.ts';

type Start = 'start' | 'end' | Position;
const pos = (e: AllStreamResolvedEvent) => encodePosition(e.event!.position);

export class FakeClient {
  readonly log: AllStreamResolvedEvent[] = [];
  readonly streams = new Map<string, AllStreamResolvedEvent[]>();
  readonly calls = { append: 0, readStream: 0, readAll: 0, subscribe: 0 };
  /** false: like a client created with `throwOnAppendFailure: false`. */
  throwOnAppendFailure = true;
  /** false: stream reads carry no positions, like servers before 22.6. */
  streamPositions = true;
  private offset = 1000n;
  private readonly live = new Set<(event: AllStreamResolvedEvent) => void>();

  get client(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** Writes `events` as one append; returns the reply the client would. */
  private write(
    stream: string,
    events: readonly { id: string; type: string; data: unknown; metadata: unknown }[],
  ) {
    const existing = this.streams.get(stream) ?? [];
    const commit = this.offset + BigInt(events.length) * 100n; // commit record after the prepares
    events.forEach((event, i) => {
      const resolved = resolvedEvent({
        ...event,
        streamId: stream,
        revision: BigInt(existing.length),
        position: { commit, prepare: this.offset + BigInt(i) * 100n },
      });
      existing.push(resolved);
      this.log.push(resolved);
      for (const push of this.live) push(resolved);
    });
    this.streams.set(stream, existing);
    this.offset = commit + 100n;
    return {
      success: true,
      nextExpectedRevision: BigInt(existing.length - 1),
      position: { commit, prepare: commit },
    };
  }

  /** An event of EventStoreDB itself (e.g. `$metadata` in `$$order-1`). */
  appendSystemEvent(type = '$metadata', stream = '$$thing-1'): void {
    this.write(stream, [{ id: crypto.randomUUID(), type, data: {}, metadata: undefined }]);
  }

  async appendToStream(
    stream: string,
    events: EventData[],
    options: { expectedRevision?: AppendExpectedRevision },
  ) {
    this.calls.append++;
    const existing = this.streams.get(stream) ?? [];
    const earlier = existing.findIndex((e) => e.event!.id === events[0]!.id);
    if (earlier >= 0 && events.every((e, i) => existing[earlier + i]?.event?.id === e.id)) {
      return {
        success: true,
        nextExpectedRevision: BigInt(earlier + events.length - 1),
        position: undefined,
      };
    }
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const expected = options.expectedRevision ?? 'any';
    const ok =
      earlier < 0 &&
      (expected === 'any' ||
        (expected === 'no_stream' && current === 'no_stream') ||
        (expected === 'stream_exists' && current !== 'no_stream') ||
        expected === current);
    if (ok) return this.write(stream, events);
    if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: 1n, position: undefined };
    throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current });
  }

  readStream(
    stream: string,
    options: { direction?: string; fromRevision?: 'start' | 'end' | bigint; maxCount?: number },
  ) {
    this.calls.readStream++;
    const events = this.streams.get(stream);
    const { direction = 'forwards', fromRevision = 'start', maxCount = Number.MAX_SAFE_INTEGER } = options;
    const strip = (e: AllStreamResolvedEvent) =>
      this.streamPositions ? e : { event: { ...e.event!, position: undefined } };
    return (async function* () {
      if (!events) throw new StreamNotFoundError(undefined, stream);
      const ordered = direction === 'forwards' ? events : [...events].reverse();
      const from = fromRevision === 'start' || fromRevision === 'end' ? undefined : fromRevision;
      const selected = ordered.filter(
        (e) =>
          from === undefined ||
          (direction === 'forwards' ? e.event!.revision >= from : e.event!.revision <= from),
      );
      yield* selected.slice(0, maxCount).map(strip);
    })();
  }

  readAll(options: { fromPosition?: Start; direction?: string; maxCount?: number }) {
    this.calls.readAll++;
    const { fromPosition = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = options;
    const at = typeof fromPosition === 'object' ? encodePosition(fromPosition) : undefined;
    const ordered = direction === 'forwards' ? this.log : [...this.log].reverse();
    const selected = ordered.filter(
      (e) => at === undefined || (direction === 'forwards' ? pos(e) >= at : pos(e) <= at),
    );
    return (async function* () {
      yield* selected.slice(0, maxCount);
    })();
  }

  /**
   * A real client `Subscription` fed with the matching events after `fromPosition`, then the
   * caught-up signal, then live events until it is unsubscribed.
   */
  subscribeToAll(options: { fromPosition?: Start; filter?: Filter }, readable: { highWaterMark?: number }) {
    this.calls.subscribe++;
    const after = typeof options.fromPosition === 'object' ? encodePosition(options.fromPosition) : -1n;
    const filter = options.filter;
    const matches = (e: AllStreamResolvedEvent) => {
      if (!filter) return true;
      const value = filter.filterOn === 'eventType' ? e.event!.type : e.event!.streamId;
      return 'prefixes' in filter
        ? filter.prefixes.some((p) => value.startsWith(p))
        : new RegExp(filter.regex).test(value);
    };
    const push = (e: AllStreamResolvedEvent) => {
      if (matches(e)) call.write({ hasEvent: () => true, getEvent: () => e });
    };
    const call = Object.assign(new PassThrough({ objectMode: true }), {
      cancel: () => {
        this.live.delete(push);
        call.end();
      },
    });
    for (const e of this.log) if (pos(e) > after) push(e);
    call.write({ hasCaughtUp: () => true });
    this.live.add(push);
    return new Subscription(() => Promise.resolve(call as never), ((e: unknown) => e) as never, readable);
  }
}
