import type { ProcessManager, SagaInput, TimerRequest } from '../runtime/process-manager.ts';

/** What a process manager did with the input of a {@link processManagerSpecification}. */
export interface Outcome<State> {
  /** `[type, sku ?? reason ?? null]` of each command, in order: short and readable in asserts. */
  readonly commands: ReadonlyArray<readonly [string, unknown]>;
  readonly raw: ReadonlyArray<{ type: string; data: Record<string, unknown> }>;
  readonly state: State | null;
  readonly status: string | null;
  readonly timers: readonly TimerRequest[];
}

/**
 * Given/when for process managers (like Emmett's DeciderSpecification):
 * `spec.given(inputs).when(input)` folds `inputs`, then decides and evolves `input`.
 */
export function processManagerSpecification<State>(pm: ProcessManager<State>) {
  return {
    given: (inputs: readonly SagaInput[]) => ({
      when(input: SagaInput): Outcome<State> {
        const before = inputs.reduce<State | null>((s, i) => pm.evolve(s, i), null);
        const raw = pm.decide(input, before);
        const state = pm.evolve(before, input);
        return {
          commands: raw.map((c) => [c.type, c.data.sku ?? c.data.reason ?? null] as const),
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

/** A saga input for tests: a fresh id, `at` (default 2026-11-20T10:00Z) and no position. */
export function input(
  type: string,
  data: Record<string, unknown>,
  at = new Date('2026-11-20T10:00:00.000Z'),
): SagaInput {
  counter += 1;
  return { id: `input-${counter}`, type, data, at, position: BigInt(counter) };
}
