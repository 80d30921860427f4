import {
  concurrencyConflict,
  toNewEvents,
  type CommandResult,
  type HandleCommandOptions,
} from './command-handler.ts';
import type { Decider } from './decider.ts';
import { hasErrorCode, OrderflowError } from './errors.ts';
import { deterministicId } from './ids.ts';
import type { Command, Event } from './messages.ts';
import type { Snapshot, SnapshotOptions } from './snapshots.ts';
import { fullJitterDelayMs } from './retry.ts';
import type { StreamStore } from './stream-store.ts';

/** Runs commands against streams; see {@link createCachedCommandHandler}. */
export type CommandRunner = <State, C extends Command, E extends Event>(
  decider: Decider<State, C, E>,
  stream: string,
  command: C,
  options?: HandleCommandOptions,
) => Promise<CommandResult<State, E>>;

interface Entry {
  state: unknown;
  revision: bigint | null;
  /** Revision of the newest snapshot taken or loaded, null when none. */
  snapshotRevision: bigint | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A command handler that keeps each stream's folded state in memory, keyed by stream and
 * tagged with its revision, and runs commands on one stream one at a time within this process.
 *
 * A command decides on the cached state and appends with the cached revision as expected
 * revision: one round trip when this process is the stream's only writer. If another process
 * appended meanwhile, the append fails with WRONG_EXPECTED_VERSION; the handler then reads only
 * the events after the cached revision, folds them, and decides again (bounded attempts, full
 * jitter backoff as in {@link handleCommand}). A command the decider refuses (throws) on a
 * cached state is decided once more on the stream's latest events before the refusal stands, so
 * a stale cache never refuses what the stream allows. State is only ever evolved with committed events,
 * and never by two commands at once, which is what makes the in-place `evolve` of long streams
 * (inventory) safe here. At most `maxStreams` states are kept (least recently used dropped).
 *
 * A stream that is not cached is first assumed new: the command is decided on the empty state
 * and appended with `no_stream` (one round trip to create a stream); when the stream exists the
 * append fails and the handler reads it as below — one wasted round trip per cold stream.
 *
 * With `snapshots`, a decider that has a `snapshot` codec loads a stream that is not cached from
 * its newest snapshot plus the events after it, and a snapshot is written (after the append,
 * without delaying the command) whenever `every` events were folded since the last one. A
 * snapshot whose codec version differs, or that fails to decode, is ignored.
 */
export function createCachedCommandHandler(
  store: StreamStore,
  { maxStreams = 20_000, snapshots }: { maxStreams?: number; snapshots?: SnapshotOptions } = {},
): CommandRunner {
  const cache = new Map<string, Entry>();
  const snapshotEvery = BigInt(snapshots?.every ?? 1000);
  const tails = new Map<string, Promise<unknown>>();

  const remember = (stream: string, entry: Entry) => {
    cache.delete(stream);
    cache.set(stream, entry);
    if (cache.size > maxStreams) cache.delete(cache.keys().next().value!);
  };

  /** The newest usable snapshot of `stream` as a cache entry, or undefined. */
  async function fromSnapshot<State>(decider: Decider<State, Command, Event>, stream: string) {
    const codec = decider.snapshot;
    if (!codec || !snapshots) return undefined;
    try {
      const snapshot = await snapshots.store.load(stream);
      if (!snapshot || snapshot.version !== codec.version) return undefined;
      const state = codec.decode(snapshot.state);
      return { state, revision: snapshot.revision, snapshotRevision: snapshot.revision };
    } catch (error) {
      snapshots.onError?.(error);
      return undefined;
    }
  }

  /** Writes a snapshot of `entry` when enough events were folded since the last one. */
  function maybeSnapshot<State>(decider: Decider<State, Command, Event>, stream: string, entry: Entry): void {
    const codec = decider.snapshot;
    if (!codec || !snapshots || entry.revision === null) return;
    if (entry.revision - (entry.snapshotRevision ?? -1n) < snapshotEvery) return;
    // Encode now: the state may be evolved in place by the next command.
    const snapshot: Snapshot = {
      stream,
      revision: entry.revision,
      version: codec.version,
      state: codec.encode(entry.state as State),
    };
    entry.snapshotRevision = entry.revision;
    snapshots.store.save(snapshot).catch((error: unknown) => snapshots.onError?.(error));
  }

  async function catchUp<State, E extends Event>(
    decider: Decider<State, Command, E>,
    stream: string,
    entry: Entry | undefined,
  ): Promise<Entry> {
    entry ??= await fromSnapshot(decider as Decider<State, Command, Event>, stream);
    const fromRevision = entry?.revision == null ? 0n : entry.revision + 1n;
    let state = (entry?.state as State | undefined) ?? decider.initialState();
    let revision = entry?.revision ?? null;
    const snapshotRevision = entry?.snapshotRevision ?? null;
    try {
      for (const event of await store.readStream<E>(stream, { fromRevision })) {
        state = decider.evolve(state, event);
        revision = event.revision;
      }
    } catch (error) {
      if (!hasErrorCode(error, 'STREAM_NOT_FOUND')) throw error;
    }
    return { state, revision, snapshotRevision };
  }

  /**
   * A stream this process has not cached may well not exist yet (a payment's stream when its
   * request is made): decide on the empty state and append with `no_stream`, so that creating a
   * stream costs one round trip instead of a read first. Returns null — and the caller reads the
   * stream and decides again — when the command decides nothing or fails on an empty state, or
   * the stream exists after all (WRONG_EXPECTED_VERSION). The guess's events get ids derived
   * from the command id and their own tag, so a retried guess is deduplicated like any retried
   * append, while a guess can never be mistaken for the command's real events (same ids,
   * other content) by the store's idempotency check.
   */
  async function tryCreate<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    stream: string,
    command: C,
  ): Promise<CommandResult<State, E> | null> {
    let events: E[];
    const initial = decider.initialState();
    try {
      events = decider.decide(command, initial);
    } catch {
      return null;
    }
    if (events.length === 0) return null;
    // Ids of their own: the same command decided on the stream's real state must never share
    // an id with this guess, or the store would take one for a retry of the other.
    const commandId = command.metadata?.commandId;
    const toAppend = toNewEvents(events, command.metadata ?? {}).map((e, i) =>
      commandId ? { ...e, id: deterministicId(commandId, 'assumed-new-stream', String(i)) } : e,
    );
    try {
      const result = await store.appendToStream(stream, toAppend, { expectedRevision: 'no_stream' });
      const state = events.reduce<State>((s, e) => decider.evolve(s, e), initial);
      remember(stream, { state, revision: result.nextExpectedRevision, snapshotRevision: null });
      return { events: toAppend, state, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (hasErrorCode(error, 'WRONG_EXPECTED_VERSION')) return null;
      throw error;
    }
  }

  async function run<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    stream: string,
    command: C,
    options: HandleCommandOptions,
  ): Promise<CommandResult<State, E>> {
    const maxAttempts = options.maxAttempts ?? 12;
    const meta = command.metadata ?? {};
    let entry = cache.get(stream);
    // `no_stream` on a stream known to exist fails as the store would (as handleCommand does),
    // without deciding on the cached state: the caller's idempotency depends on that code.
    if (options.expectedRevision === 'no_stream' && entry && entry.revision !== null)
      throw new OrderflowError(
        'WRONG_EXPECTED_VERSION',
        `append to ${stream} expected revision no_stream but the stream is at ${entry.revision}`,
        { stream, expected: 'no_stream', actual: entry.revision.toString() },
      );
    if (!entry && options.expectedRevision !== 'no_stream') {
      const created = await tryCreate(decider, stream, command);
      if (created) return created;
    }
    // A state read from the store just now; a cached one may be behind other writers' events.
    let fresh = !entry;
    if (!entry) {
      entry =
        options.expectedRevision === 'no_stream'
          ? { state: decider.initialState(), revision: null, snapshotRevision: null }
          : await catchUp(decider, stream, undefined);
    }
    for (let attempt = 0; ; attempt++) {
      const state = entry.state as State;
      let events: E[];
      try {
        events = decider.decide(command, state);
      } catch (error) {
        // A refusal is only as good as the state it was decided on: a cached state misses
        // what other processes appended since (the payment provider confirming a payment),
        // so decide once more on the stream's latest events before refusing.
        if (fresh || options.expectedRevision === 'no_stream') throw error;
        entry = await catchUp(decider, stream, entry);
        fresh = true;
        attempt--;
        continue;
      }
      if (events.length === 0) {
        remember(stream, entry);
        return { events: [], state, revision: entry.revision, position: null };
      }
      const toAppend = toNewEvents(events, meta);
      try {
        const result = await store.appendToStream(stream, toAppend, {
          expectedRevision: entry.revision ?? 'no_stream',
        });
        const next = events.reduce<State>((s, e) => decider.evolve(s, e), state);
        const after = {
          state: next,
          revision: result.nextExpectedRevision,
          snapshotRevision: entry.snapshotRevision,
        };
        remember(stream, after);
        maybeSnapshot(decider as unknown as Decider<State, Command, Event>, stream, after);
        return {
          events: toAppend,
          state: next,
          revision: result.nextExpectedRevision,
          position: result.position,
        };
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_VERSION')) throw error;
        cache.delete(stream);
        if (options.expectedRevision === 'no_stream') throw error;
        if (attempt + 1 >= maxAttempts) throw concurrencyConflict(stream, maxAttempts);
        if (attempt > 0)
          await sleep(
            fullJitterDelayMs(attempt + 1, {
              baseDelayMs: options.baseDelayMs ?? 2,
              maxDelayMs: options.maxDelayMs ?? 200,
            }),
          );
        entry = await catchUp(decider, stream, entry);
        fresh = true;
      }
    }
  }

  return (decider, stream, command, options = {}) => {
    // Chain commands per stream: each starts when the previous one on that stream settled.
    const previous = tails.get(stream) ?? Promise.resolve();
    const current = previous.then(
      () => run(decider, stream, command, options),
      () => run(decider, stream, command, options),
    );
    const tail = current.catch(() => undefined);
    tails.set(stream, tail);
    void tail.then(() => {
      if (tails.get(stream) === tail) tails.delete(stream);
    });
    return current;
  };
}
