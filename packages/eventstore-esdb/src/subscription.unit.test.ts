/**
 * The resubscribe logic of the catch-up subscription, driven by a fake source (our logic, not
 * EventStoreDB's): connections that fail mid-way, end, or stay live.
 */
import * as assert from 'node:assert/strict';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { createEventSchemaRegistry, hasErrorCode, type RecordedEvent } from '@orderflow/core';
import type { SubscribeToAllOptions } from '@orderflow/eventstore';
import { test } from 'uvu';
import { encodePosition, positionOf } from './position.ts';
import type { EventSource, SourceItem } from './source.ts';
import { backoffDelay, CatchUpSubscription } from './subscription.ts';
import { eventsAt, resolvedEvent } from './test-fixtures.ts';

/** How connection number i behaves: fail after n events, end after the history, or stay live. */
type Connection = { failAfter: number } | { endAfterHistory: true } | 'live';

/**
 * A fake `$all`: connection i yields the log from `after` in batches of 3 (including the event at
 * `after`, as a read would, so the subscription's own guard is exercised), then behaves as told.
 */
function fakeAll(log: AllStreamResolvedEvent[], connections: Connection[]) {
  const opened: bigint[] = [];
  const open = (after: bigint): EventSource => {
    const behaviour = connections[opened.length] ?? 'live';
    opened.push(after);
    let closed = false;
    let wake = () => {};
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<SourceItem> {
        const history = log.filter((e) => positionOf(e.event!.position) >= after);
        const limit =
          typeof behaviour === 'object' && 'failAfter' in behaviour ? behaviour.failAfter : Infinity;
        for (let i = 0; i < history.length && i < limit; i += 3) {
          yield { kind: 'events', events: history.slice(i, Math.min(i + 3, limit)) };
        }
        if (limit !== Infinity) throw new Error(`connection ${opened.length} reset`);
        yield { kind: 'caughtUp' };
        if (behaviour !== 'live') return;
        while (!closed) await new Promise<void>((resolve) => (wake = resolve));
      },
      async close() {
        closed = true;
        wake();
      },
    };
  };
  return { open, opened };
}

function run(
  all: ReturnType<typeof fakeAll>,
  options: Partial<SubscribeToAllOptions> = {},
  schemas?: ReturnType<typeof createEventSchemaRegistry>,
) {
  const delivered: RecordedEvent[] = [];
  const transient: unknown[] = [];
  const caughtUp: bigint[] = [];
  let failure: unknown;
  const subscription = new CatchUpSubscription(
    {
      open: all.open,
      schemas,
      onTransientError: (e) => transient.push(e),
      resubscribe: { initialDelayMs: 1 },
    },
    {
      onEvents: async (events) => void delivered.push(...events),
      onCaughtUp: (position) => caughtUp.push(position),
      onError: (error) => (failure = error),
      ...options,
    },
  );
  const until = async (predicate: () => boolean) => {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(predicate(), 'condition not reached');
  };
  return { subscription, delivered, transient, caughtUp, until, failure: () => failure };
}

const pos = (e: AllStreamResolvedEvent) => positionOf(e.event!.position);
const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);

test('a connection dropped mid-way: resubscribes from the last delivered position, nothing lost or doubled', async () => {
  const log = eventsAt(100n, 10);
  const all = fakeAll(log, [{ failAfter: 4 }, { failAfter: 5 }, 'live']);
  const sub = run(all);
  await sub.until(() => sub.caughtUp.length === 1);
  assert.deepEqual(data(sub.delivered), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(all.opened, [0n, pos(log[3]!), pos(log[7]!)]);
  assert.deepEqual(
    sub.transient.map((e) => (e as Error).message),
    ['connection 1 reset', 'connection 2 reset'],
  );
  assert.deepEqual(sub.caughtUp, [pos(log[9]!)]);
  assert.equal(sub.subscription.position, pos(log[9]!));
  await sub.subscription.stop();
  assert.equal(sub.failure(), undefined);
});

test('a subscription resumed from a checkpoint starts strictly after it', async () => {
  const log = eventsAt(100n, 5);
  const all = fakeAll(log, ['live']);
  const sub = run(all, { after: pos(log[1]!) });
  await sub.until(() => sub.caughtUp.length === 1);
  assert.deepEqual(data(sub.delivered), [2, 3, 4]);
  await sub.subscription.stop();
});

test('a connection the server ends is resubscribed like a dropped one', async () => {
  const log = eventsAt(100n, 4);
  const all = fakeAll(log, [{ endAfterHistory: true }, 'live']);
  const sub = run(all);
  await sub.until(() => sub.caughtUp.length === 2);
  assert.deepEqual(data(sub.delivered), [0, 1, 2, 3]);
  assert.deepEqual(all.opened, [0n, pos(log[3]!)]);
  assert.equal(sub.transient.length, 1);
  await sub.subscription.stop();
});

test('a failing handler stops the subscription with onError and no resubscribe', async () => {
  const log = eventsAt(100n, 9);
  const all = fakeAll(log, ['live']);
  let calls = 0;
  const sub = run(all, {
    onEvents: async () => {
      if (++calls === 2) throw new Error('projection failed');
    },
  });
  await sub.subscription.done;
  assert.equal((sub.failure() as Error).message, 'projection failed');
  assert.equal(sub.subscription.position, pos(log[2]!), 'the failed batch is not checkpointed');
  assert.equal(all.opened.length, 1);
});

test('an unreadable event: the events before it are delivered, then UNKNOWN_EVENT_SCHEMA', async () => {
  const schemas = createEventSchemaRegistry({ Known: { version: 1 } });
  const at = (i: number, fields = {}) =>
    resolvedEvent({
      type: 'Known',
      data: { i },
      position: { commit: 10n + BigInt(i), prepare: 10n },
      ...fields,
    });
  const log = [at(0), at(1), at(2, { metadata: { schemaVersion: 7 } }), at(3)];
  const sub = run(fakeAll(log, ['live']), {}, schemas);
  await sub.subscription.done;
  assert.ok(hasErrorCode(sub.failure(), 'UNKNOWN_EVENT_SCHEMA'));
  assert.deepEqual(data(sub.delivered), [0, 1]);
  assert.equal(sub.subscription.position, encodePosition({ commit: 11n, prepare: 10n }));

  const binary = [at(0), at(1, { data: new Uint8Array([1]), isJson: false })];
  const sub2 = run(fakeAll(binary, ['live']), {}, schemas);
  await sub2.subscription.done;
  assert.ok(hasErrorCode(sub2.failure(), 'UNKNOWN_EVENT_SCHEMA'));
  assert.deepEqual(data(sub2.delivered), [0]);
});

test('system events and events outside the filter are not delivered', async () => {
  const log = [
    resolvedEvent({ type: 'Wanted', data: { i: 0 }, position: { commit: 1n, prepare: 1n } }),
    resolvedEvent({ type: '$metadata', streamId: '$$thing-1', position: { commit: 2n, prepare: 2n } }),
    resolvedEvent({ type: 'Other', data: { i: 2 }, position: { commit: 3n, prepare: 3n } }),
    resolvedEvent({ type: 'Wanted', data: { i: 3 }, position: { commit: 4n, prepare: 4n } }),
  ];
  const sub = run(fakeAll(log, ['live']), { filter: { eventTypes: ['Wanted'] } });
  await sub.until(() => sub.caughtUp.length === 1);
  assert.deepEqual(data(sub.delivered), [0, 3]);
  await sub.subscription.stop();
});

test('stop() interrupts the backoff wait and ends the subscription', async () => {
  const all = fakeAll(eventsAt(100n, 2), [{ failAfter: 1 }]);
  const delivered: RecordedEvent[] = [];
  const subscription = new CatchUpSubscription(
    { open: all.open, onTransientError: () => undefined, resubscribe: { initialDelayMs: 60_000 } },
    { onEvents: async (events) => void delivered.push(...events) },
  );
  while (all.opened.length === 0 || delivered.length === 0) await new Promise((r) => setTimeout(r, 5));
  const started = Date.now();
  await subscription.stop();
  assert.ok(Date.now() - started < 1000, 'stop() waited for the backoff');
  assert.equal(all.opened.length, 1);
});

test('backoff: full jitter below 100 ms doubling to 5 s by default', () => {
  const ceiling = (attempt: number, initial?: number, max?: number) =>
    backoffDelay(attempt, initial, max, () => 0.999999);
  assert.deepEqual(
    Array.from({ length: 8 }, (_, attempt) => ceiling(attempt)),
    [99, 199, 399, 799, 1599, 3199, 4999, 4999],
  );
  assert.equal(ceiling(3, 10, 50), 49);
  assert.equal(ceiling(1_000), 4999);
  assert.equal(
    backoffDelay(5, 100, 5000, () => 0),
    0,
  );
  assert.equal(
    backoffDelay(5, 100, 5000, () => 0.5),
    1600,
  );
});

test.run();
