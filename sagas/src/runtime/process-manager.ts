import type { ErrorCode, RecordedEvent } from '@orderflow/core';

/**
 * What a process manager reacts to: an event of `$all`, or an input the runtime makes — a timer
 * that fired, or an operator forcing compensation.
 * - `id`: the event id, or a deterministic id of the timer firing / a fresh id of the operator
 *   action; command ids derive from it, so re-applying the same input sends the same commands;
 * - `at`: when it happened (an event's `recordedAt`, a timer's due time, an operator's request);
 * - `position`: the event's position in `$all`; null for runtime inputs.
 */
export interface SagaInput {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly at: Date;
  readonly position: bigint | null;
}

/** Type of the input fed by {@link compensateSaga}; `data` is `{ actor, reason }`. */
export const COMPENSATION_FORCED = 'CompensationForced';

/** A command a process manager sends; `commandId` = uuidv5(saga, instance, input id, index). */
export interface SagaCommand {
  readonly commandId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A command as `decide` returns it (the runtime gives it its id). */
export type SagaCommandRequest = Omit<SagaCommand, 'commandId'>;

/** A timer a state wants armed: when `dueAt` passes, `input` is fed to the instance once. */
export interface TimerRequest {
  /** Unique per instance; a timer name fires at most once per instance. */
  readonly name: string;
  readonly dueAt: Date;
  readonly input: { readonly type: string; readonly data: Record<string, unknown> };
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
 * - `compensationRefusal(state)`: why a forced compensation is impossible now, or null.
 */
export interface ProcessManager<State> {
  readonly name: string;
  readonly eventTypes: readonly string[];
  correlate(event: RecordedEvent): string | null;
  decide(input: SagaInput, state: State | null): readonly SagaCommandRequest[];
  evolve(state: State | null, input: SagaInput): State | null;
  status(state: State): ProcessStatus;
  timers?(state: State): readonly TimerRequest[];
  tolerates?(command: SagaCommand, code: ErrorCode, state: State): boolean;
  compensationRefusal?(state: State): string | null;
}

/** Sends one command to its aggregate; throws catalog errors (`code`) for domain refusals. */
export type CommandSender = (command: SagaCommand) => Promise<void>;

/** An event of `$all` as a {@link SagaInput}. */
export const eventInput = (event: RecordedEvent): SagaInput => ({
  id: event.id,
  type: event.type,
  data: event.data as Record<string, unknown>,
  at: event.metadata.recordedAt,
  position: event.position,
});
