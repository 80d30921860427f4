import * as assert from 'node:assert/strict';
import type { Decider } from '../decider.ts';
import { hasErrorCode, type ErrorCode } from '../errors.ts';
import type { Command, Event } from '../messages.ts';

/**
 * Given/when/then for deciders (after Emmett's `DeciderSpecification`):
 * `spec.given(events).when(command).then(expectedEvents)` or `.thenThrows(code)`.
 * Assertions use node:assert, so they work inside any test runner.
 */
export function deciderSpecification<State, C extends Command, E extends Event>(
  decider: Decider<State, C, E>,
) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const run = () =>
            decider.decide(command, events.reduce<State>(decider.evolve, decider.initialState()));
          return {
            then(expected: readonly E[]): void {
              assert.deepEqual(run(), expected);
            },
            thenNothing(): void {
              assert.deepEqual(run(), []);
            },
            thenThrows(code: ErrorCode, messageIncludes?: string): void {
              assert.throws(run, (error: unknown) => {
                assert.ok(hasErrorCode(error, code), `expected error code ${code}, got ${String(error)}`);
                if (messageIncludes) assert.match((error as Error).message, new RegExp(messageIncludes, 'i'));
                return true;
              });
            },
          };
        },
      };
    },
  };
}
