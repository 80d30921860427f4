import type { RecordedEvent } from '@orderflow/core';

/** A command a process manager sends, with a deterministic id (see the processor). */
export interface SagaCommand {
  readonly commandId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Where an instance is. `parked` is set by the runtime when a command failed for good. */
export type SagaStatus = 'running' | 'completed' | 'compensated' | 'parked';

/**
 * A process manager (saga): like a decider, but its input is events and its output commands.
 * - `correlate(event)`: the instance the event belongs to, or null to ignore it;
 * - `decide(event, state)`: the commands to send in reaction to `event`, given the state
 *   *before* it (null when the instance does not exist yet);
 * - `evolve(state, event)`: the state after `event`, or null to ignore an event that starts
 *   no instance;
 * - `status(state)`: running, completed or compensated.
 * All pure: time comes from the event's `recordedAt`, so a replay decides the same.
 */
export interface ProcessManager<State> {
  readonly name: string;
  readonly eventTypes: readonly string[];
  correlate(event: RecordedEvent): string | null;
  decide(event: RecordedEvent, state: State | null): ReadonlyArray<Omit<SagaCommand, 'commandId'>>;
  evolve(state: State | null, event: RecordedEvent): State | null;
  status(state: State): Exclude<SagaStatus, 'parked'>;
}

/** Sends one command to its aggregate; throws OrderflowError codes for domain refusals. */
export type CommandSender = (command: SagaCommand) => Promise<void>;
