import type { Command, ErrorCode, Event, RecordedEvent } from '@orderflow/core';
import type { SagaOverview } from './overview.ts';

/**
 * What a process manager reacts to: an event of `$all`, or an input the runtime makes — a timer
 * that fired, or an operator forcing compensation — typed by the process manager's input union
 * `In` (a union of `{ type, data }` records, so a `switch (input.type)` narrows `data`):
 * - `id`: the event id, or a deterministic id of the timer firing / a fresh id of the operator
 *   action; command ids derive from it, so re-applying the same input sends the same commands;
 * - `at`: when it happened (an event's `recordedAt`, a timer's due time, an operator's request);
 * - `position`: the event's position in `$all`; null for runtime inputs.
 */
export type SagaInput<In extends Event = Event> = In extends Event
  ? {
      readonly id: string;
      readonly type: In['type'];
      readonly data: In['data'];
      readonly at: Date;
      readonly position: bigint | null;
    }
  : never;

/** Type of the input fed by {@link compensateSaga}. */
export const COMPENSATION_FORCED = 'CompensationForced';

/**
 * The input the runtime feeds any process manager when an operator forces compensation; every
 * process manager's input union includes it.
 */
export type CompensationForced = Event<
  typeof COMPENSATION_FORCED,
  { readonly actor: string; readonly reason: string | null }
>;

/**
 * A command a process manager sends, typed by its command union `Out`;
 * `commandId` = uuidv5(saga, instance, input id, index).
 */
export type SagaCommand<Out extends Command = Command> = Out extends Command
  ? { readonly commandId: string; readonly type: Out['type']; readonly data: Out['data'] }
  : never;

/** A command as `decide` returns it (the runtime gives it its id). */
export type SagaCommandRequest<Out extends Command = Command> = Out extends Command
  ? { readonly type: Out['type']; readonly data: Out['data'] }
  : never;

/** A timer a state wants armed: when `dueAt` passes, `input` is fed to the instance once. */
export interface TimerRequest<In extends Event = Event> {
  /** Unique per instance; a timer name fires at most once per instance. */
  readonly name: string;
  readonly dueAt: Date;
  readonly input: { readonly type: In['type']; readonly data: In['data'] };
}

/** Where the process itself is, as its state says (the runtime adds `parked` and `aborted`). */
export type ProcessStatus = 'running' | 'compensating' | 'completed' | 'compensated';

/**
 * Where a saga instance is:
 * - `running`: going forward, waiting for events, timers or its commands;
 * - `compensating`: undoing what it did; compensation commands sent, waiting for their events;
 * - `completed` (terminal): the goal reached;
 * - `compensated` (terminal): every effect undone;
 * - `parked`: a command was refused for good or ran out of attempts; the instance keeps its
 *   error and failed command and sends nothing new (new commands are held) until an operator
 *   retries, compensates or aborts it. Events still fold into its state;
 * - `aborted` (terminal): stopped by an operator; no further commands, whatever was half done
 *   stays so (see {@link abortSaga}).
 */
export type SagaStatus = ProcessStatus | 'parked' | 'aborted';

/** The statuses no saga leaves. */
export const TERMINAL_STATUSES: readonly SagaStatus[] = ['completed', 'compensated', 'aborted'];

/** Every saga status, for validation. */
export const SAGA_STATUSES: readonly SagaStatus[] = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'parked',
  'aborted',
];

/**
 * A process manager (saga): like a decider, but its inputs are events (and runtime inputs) and
 * its output commands. All functions are pure: time comes from `input.at`, so a replay decides
 * the same.
 * - `correlate(event)`: the instance an event belongs to, or null to ignore it;
 * - `decide(input, state)`: the commands to send, given the state *before* the input (null when
 *   the instance does not exist yet);
 * - `evolve(state, input)`: the state after it, or null to ignore an input that starts nothing;
 * - `status(state)`: running, compensating, completed or compensated;
 * - `timers(state)`: the timers the state wants armed; the runtime arms new ones and cancels
 *   those no longer wanted, in the same transaction as the state;
 * - `tolerates(command, code, state)`: true when a permanent refusal of `command` is a race the
 *   process resolves through events (the instance is then not parked);
 * - `compensationRefusal(state)`: why a forced compensation is impossible now, or null;
 * - `overview(state)`: order, customer, total, outcome, current step and search keys, for the
 *   operator's list (see {@link SagaOverview}).
 */
export interface ProcessManager<State, In extends Event = Event, Out extends Command = Command> {
  readonly name: string;
  /** The `$all` event types it reacts to (the subscription filters on them). */
  readonly eventTypes: readonly In['type'][];
  correlate(event: RecordedEvent<In>): string | null;
  decide(input: SagaInput<In>, state: State | null): readonly SagaCommandRequest<Out>[];
  evolve(state: State | null, input: SagaInput<In>): State | null;
  status(state: State): ProcessStatus;
  timers?(state: State): readonly TimerRequest<In>[];
  tolerates?(command: SagaCommand<Out>, code: ErrorCode, state: State): boolean;
  compensationRefusal?(state: State): string | null;
  overview?(state: State): SagaOverview;
}

/**
 * Sends one command of `Out` to its aggregate; throws catalog errors (`code`) for domain
 * refusals.
 */
export type CommandSender<Out extends Command = Command> = (command: SagaCommand<Out>) => Promise<void>;

/** An event of `$all` as a {@link SagaInput}. */
export const eventInput = <In extends Event>(event: RecordedEvent<In>): SagaInput<In> =>
  ({
    id: event.id,
    type: event.type,
    data: event.data,
    at: event.metadata.recordedAt,
    position: event.position,
  }) as SagaInput<In>; // the conditional type does not distribute over a generic `In`
