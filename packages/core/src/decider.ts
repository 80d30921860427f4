import type { Command, Event } from './messages.ts';
import type { SnapshotCodec } from './snapshots.ts';

/**
 * A decider (Jérémie Chassaing's pattern, as in Emmett): three pure functions and a value.
 * - `decide(command, state)` returns the events the command produces (possibly none, which
 *   makes idempotent commands cheap), or throws an {@link OrderflowError} when a rule forbids it;
 * - `evolve(state, event)` folds one event into the state and must accept every event type;
 * - `initialState()` is the state of an empty stream.
 * No clock, randomness or I/O: time and ids travel inside the command.
 * A decider of long streams may add a `snapshot` codec so loads start from a snapshot.
 */
export interface Decider<State, C extends Command, E extends Event> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
  readonly snapshot?: SnapshotCodec<State>;
}

/** Folds `events` into the decider's initial state. */
export function foldEvents<State, E extends Event>(
  decider: Pick<Decider<State, Command, E>, 'evolve' | 'initialState'>,
  events: readonly E[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
