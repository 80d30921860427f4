import type { Command, Event } from '@orderflow/core';
import type {
  ProcessManager,
  SagaCommandRequest,
  SagaInput,
  TimerRequest,
} from '../runtime/process-manager.ts';

/** What a process manager did with the input of a {@link processManagerSpecification}. */
export interface Outcome<State, In extends Event = Event, Out extends Command = Command> {
  /** `[type, sku ?? reason ?? null]` of each command, in order: short and readable in asserts. */
  readonly commands: ReadonlyArray<readonly [string, unknown]>;
  readonly raw: readonly SagaCommandRequest<Out>[];
  readonly state: State | null;
  readonly status: string | null;
  readonly timers: readonly TimerRequest<In>[];
}

/**
 * Given/when for process managers (like Emmett's DeciderSpecification):
 * `spec.given(inputs).when(input)` folds `inputs`, then decides and evolves `input`.
 */
export function processManagerSpecification<State, In extends Event, Out extends Command>(
  pm: ProcessManager<State, In, Out>,
) {
  return {
    given: (inputs: readonly SagaInput<In>[]) => ({
      when(input: SagaInput<In>): Outcome<State, In, Out> {
        const before = inputs.reduce<State | null>((s, i) => pm.evolve(s, i), null);
        const raw = pm.decide(input, before);
        const state = pm.evolve(before, input);
        return {
          commands: raw.map((c) => {
            const data = c.data as { sku?: unknown; reason?: unknown };
            return [c.type, data.sku ?? data.reason ?? null] as const;
          }),
          raw,
          state,
          status: state === null ? null : pm.status(state),
          timers: state === null ? [] : (pm.timers?.(state) ?? []),
        };
      },
    }),
  };
}

let counter = 0;

/**
 * A saga input for tests: a fresh id, `at` (default 2026-11-20T10:00Z) and no position. `data`
 * may leave out what the process manager does not read, so the input is loosely typed
 * (`SagaInput<any>` fits any process manager's input union).
 */
export function input(
  type: string,
  data: Record<string, unknown>,
  at = new Date('2026-11-20T10:00:00.000Z'),
): SagaInput<any> {
  counter += 1;
  return { id: `input-${counter}`, type, data, at, position: BigInt(counter) };
}
