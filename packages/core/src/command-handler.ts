import type { Decider } from './decider.ts';
import { OrderflowError, hasErrorCode } from './errors.ts';
import { deterministicId, newId } from './ids.ts';
import type { Command, CommandMetadata, Event, NewEvent } from './messages.ts';
import { fullJitterDelayMs } from './retry.ts';
import type { StreamStore } from './stream-store.ts';
import { activeTraceContext } from './tracing.ts';

/** Options of {@link handleCommand}. */
export interface HandleCommandOptions {
  /** Attempts before giving up with CONCURRENCY_CONFLICT. Default 12. */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff between attempts, in ms. Default 2. */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff delay, in ms. Default 200. */
  readonly maxDelayMs?: number;
  /**
   * Overrides the expected revision of the first attempt. `'no_stream'` makes the command
   * create-only: when the stream exists, the append fails with WRONG_EXPECTED_VERSION and is
   * not retried (callers use this for idempotency keys).
   */
  readonly expectedRevision?: 'no_stream';
}

/** What {@link handleCommand} did. */
export interface CommandResult<State, E extends Event> {
  /** The events appended; empty when the decider decided nothing (an idempotent repeat). */
  readonly events: readonly NewEvent<E>[];
  /** The state after the command. */
  readonly state: State;
  /** The stream's revision after the command; null when the stream still does not exist. */
  readonly revision: bigint | null;
  /** Position of the last appended event; null when nothing was appended. */
  readonly position: bigint | null;
}

/** Loads a stream and folds it; `revision` is null for a stream that does not exist. */
export async function loadAggregate<State, E extends Event>(
  store: StreamStore,
  decider: Pick<Decider<State, Command, E>, 'evolve' | 'initialState'>,
  stream: string,
): Promise<{ state: State; revision: bigint | null }> {
  try {
    const events = await store.readStream<E>(stream);
    const state = events.reduce<State>((s, e) => decider.evolve(s, e), decider.initialState());
    const last = events.at(-1);
    return { state, revision: last ? last.revision : null };
  } catch (error) {
    if (hasErrorCode(error, 'STREAM_NOT_FOUND')) return { state: decider.initialState(), revision: null };
    throw error;
  }
}

/**
 * The events a command decided, ready to append: ids derive from `meta.commandId` when present
 * (uuidv5(commandId, index)); metadata carries `meta.extra`, the correlation id, the command id
 * as causation id, the idempotency key and, while tracing is on and a span is active, the W3C
 * trace context (`traceparent`, `tracestate`) of that span (see `tracing.ts`).
 */
export function toNewEvents<E extends Event>(events: readonly E[], meta: CommandMetadata): NewEvent<E>[] {
  const traceContext = activeTraceContext();
  return events.map((event, index) => ({
    id: meta.commandId ? deterministicId(meta.commandId, String(index)) : newId(),
    type: event.type,
    data: event.data,
    metadata: {
      ...meta.extra,
      ...traceContext,
      ...(meta.correlationId !== undefined && { correlationId: meta.correlationId }),
      ...(meta.commandId !== undefined && { causationId: meta.commandId }),
      ...(meta.idempotencyKey !== undefined && { idempotencyKey: meta.idempotencyKey }),
    },
  }));
}

/** CONCURRENCY_CONFLICT after `attempts` conflicting attempts on `stream`. */
export const concurrencyConflict = (stream: string, attempts: number): OrderflowError =>
  new OrderflowError(
    'CONCURRENCY_CONFLICT',
    `stream ${stream} kept changing; gave up after ${attempts} attempts`,
    {
      stream,
      attempts,
    },
  );

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command against one stream: load → decide (pure) → append with the loaded revision
 * as expected revision. On WRONG_EXPECTED_VERSION it reloads and decides again, waiting between
 * attempts with "full jitter" exponential backoff (delay = random(0, min(maxDelay, base·2^n)),
 * from AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * Event ids derive from `command.metadata.commandId` when present (`uuidv5(commandId, index)`),
 * so re-running a command after a crash appends nothing new. Events carry the command's
 * correlation id, its id as causation id, and its idempotency key.
 *
 * @throws whatever `decide` throws (domain errors), unchanged;
 * @throws OrderflowError CONCURRENCY_CONFLICT after `maxAttempts` conflicting attempts;
 * @throws OrderflowError WRONG_EXPECTED_VERSION at once when `expectedRevision: 'no_stream'`
 *   was asked for and the stream exists.
 */
export async function handleCommand<State, C extends Command, E extends Event>(
  store: StreamStore,
  decider: Decider<State, C, E>,
  stream: string,
  command: C,
  options: HandleCommandOptions = {},
): Promise<CommandResult<State, E>> {
  const maxAttempts = options.maxAttempts ?? 12;
  const baseDelayMs = options.baseDelayMs ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 200;
  const meta = command.metadata ?? {};

  for (let attempt = 0; ; attempt++) {
    const loaded =
      options.expectedRevision === 'no_stream' && attempt === 0
        ? { state: decider.initialState(), revision: null }
        : await loadAggregate(store, decider, stream);
    const events = decider.decide(command, loaded.state);
    if (events.length === 0)
      return { events: [], state: loaded.state, revision: loaded.revision, position: null };

    const toAppend = toNewEvents(events, meta);
    try {
      const result = await store.appendToStream(stream, toAppend, {
        expectedRevision: loaded.revision ?? 'no_stream',
      });
      const state = events.reduce<State>((s, e) => decider.evolve(s, e), loaded.state);
      return { events: toAppend, state, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!hasErrorCode(error, 'WRONG_EXPECTED_VERSION')) throw error;
      if (options.expectedRevision === 'no_stream') throw error;
      if (attempt + 1 >= maxAttempts) throw concurrencyConflict(stream, maxAttempts);
      await sleep(fullJitterDelayMs(attempt + 1, { baseDelayMs, maxDelayMs }));
    }
  }
}
