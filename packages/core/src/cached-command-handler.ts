import {
  concurrencyConflict,
  toNewEvents,
  type CommandResult,
  type HandleCommandOptions,
} from './command-handler.ts';
import type { Decider } from './decider.ts';
import { hasErrorCode } from './errors.ts';
import type { Command, Event } from './messages.ts';
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
 * jitter backoff as in {@link handleCommand}). State is only ever evolved with committed events,
 * and never by two commands at once, which is what makes the in-place `evolve` of long streams
 * (inventory) safe here. At most `maxStreams` states are kept (least recently used dropped).
 */
export function createCachedCommandHandler(store: StreamStore, { maxStreams = 20_000 } = {}): CommandRunner {
  const cache = new Map<string, Entry>();
  const tails = new Map<string, Promise<unknown>>();

  const remember = (stream: string, entry: Entry) => {
    cache.delete(stream);
    cache.set(stream, entry);
    if (cache.size > maxStreams) cache.delete(cache.keys().next().value!);
  };

  async function catchUp<State, E extends Event>(
    decider: Decider<State, Command, E>,
    stream: string,
    entry: Entry | undefined,
  ): Promise<Entry> {
    const fromRevision = entry?.revision == null ? 0n : entry.revision + 1n;
    let state = (entry?.state as State | undefined) ?? decider.initialState();
    let revision = entry?.revision ?? null;
    try {
      for (const event of await store.readStream<E>(stream, { fromRevision })) {
        state = decider.evolve(state, event);
        revision = event.revision;
      }
    } catch (error) {
      if (!hasErrorCode(error, 'STREAM_NOT_FOUND')) throw error;
    }
    return { state, revision };
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
    if (!entry) {
      entry =
        options.expectedRevision === 'no_stream'
          ? { state: decider.initialState(), revision: null }
          : await catchUp(decider, stream, undefined);
    }
    for (let attempt = 0; ; attempt++) {
      const state = entry.state as State;
      const events = decider.decide(command, state);
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
        remember(stream, { state: next, revision: result.nextExpectedRevision });
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
            Math.random() * Math.min(options.maxDelayMs ?? 200, (options.baseDelayMs ?? 2) * 2 ** attempt),
          );
        entry = await catchUp(decider, stream, entry);
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
