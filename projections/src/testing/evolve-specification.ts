import * as assert from 'node:assert/strict';
import type { Event, RecordedEvent } from '@orderflow/core';
import { recordedEvent } from './redis-specification.ts';

/** What {@link evolveSpecification} returns: `given(history).when(event).then(expected)`. */
export interface EvolveSpecification<S, E extends Event> {
  given(history: readonly E[]): {
    when(event: E): {
      /**
       * The state after `event` has `expected`'s fields (deep-equal; fields left out are not
       * compared, e.g. `position`), or is null when `expected` is null.
       */
      then(expected: Partial<S> | null): void;
      /** `event` leaves the state as it was: the same object (nothing to write). */
      thenUnchanged(): void;
    };
  };
}

/**
 * Given/when/then for a read model's pure `evolve` (after Emmett's DeciderSpecification):
 * folds `history` from `initial`, then applies `event`, each as a recorded event with a fresh
 * position and `recordedAt` 2025-01-31T12:00Z.
 */
export function evolveSpecification<S, E extends Event>(
  evolve: (state: S, event: RecordedEvent<E>) => S,
  initial: S,
): EvolveSpecification<S, E> {
  return {
    given: (history) => ({
      when(event) {
        const before = history.reduce((s, e) => evolve(s, recordedEvent(e)), initial);
        const after = evolve(before, recordedEvent(event));
        return {
          then(expected) {
            if (expected === null) return assert.equal(after, null);
            assert.ok(after !== null, 'expected a state, got null');
            const actual = Object.fromEntries(
              Object.keys(expected).map((k) => [k, (after as Record<string, unknown>)[k]]),
            );
            assert.deepEqual(actual, expected);
          },
          thenUnchanged: () => assert.equal(after, before),
        };
      },
    }),
  };
}
