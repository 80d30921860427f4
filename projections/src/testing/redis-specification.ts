import * as assert from 'node:assert/strict';
import type { Event, RecordedEvent } from '@orderflow/core';
import { projectionKeys } from '../runtime/redis/keys.ts';
import { memoryGeneration } from '../runtime/redis/memory.ts';
import type { RedisProjection } from '../runtime/redis/projection.ts';
import type { RedisSnapshot } from '../runtime/redis/values.ts';

let nextPosition = 1n;

/**
 * A recorded event for unit tests: `type` and `data` as given, a fresh id, a position above
 * every earlier one of this process, and `recordedAt` (default 2025-01-31T12:00Z).
 */
export function recordedEvent<E extends Event>(
  event: E,
  options: { position?: bigint; recordedAt?: Date; streamName?: string } = {},
): RecordedEvent<E> {
  const position = options.position ?? nextPosition;
  if (position >= nextPosition) nextPosition = position + 1n;
  return {
    ...event,
    id: `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`,
    streamName: options.streamName ?? 'test-1',
    revision: 0n,
    position,
    metadata: { schemaVersion: 1, recordedAt: options.recordedAt ?? new Date('2025-01-31T12:00:00Z') },
  } as RecordedEvent<E>;
}

const asRecorded = (events: readonly (Event | RecordedEvent)[]): RecordedEvent[] =>
  events.map((e) => ('position' in e ? (e as RecordedEvent) : recordedEvent(e)));

async function fold(
  projection: RedisProjection,
  batches: readonly RecordedEvent[][],
): Promise<RedisSnapshot> {
  const memory = memoryGeneration();
  const keys = projectionKeys('spec', projection.name).generation(1);
  for (const batch of batches) {
    const mine = batch.filter((e) => projection.eventTypes.includes(e.type));
    if (mine.length) memory.apply(await projection.plan(mine, memory.read, keys));
  }
  return memory.snapshot(keys.key(''));
}

/**
 * Given/when/then for Redis projections (after Emmett's projection specifications), on an
 * in-memory generation: `given(history).when(events).then(keys)` folds `history` as one batch
 * and `events` as another, and compares every key (named without its generation prefix, e.g.
 * `order:o-1`) with `expected`. It also folds everything as a single batch and one event per
 * batch, and requires the same keys: a projection's result must not depend on batching.
 */
export function redisProjectionSpecification(projection: RedisProjection) {
  return {
    given(history: readonly (Event | RecordedEvent)[]) {
      const given = asRecorded(history);
      return {
        when(events: readonly (Event | RecordedEvent)[]) {
          const when = asRecorded(events);
          return {
            async then(expected: RedisSnapshot): Promise<void> {
              assert.deepEqual(await fold(projection, [given, when]), expected);
              assert.deepEqual(await fold(projection, [[...given, ...when]]), expected, 'as one batch');
              const single = [...given, ...when].map((e) => [e]);
              assert.deepEqual(await fold(projection, single), expected, 'one event per batch');
            },
          };
        },
      };
    },
  };
}
