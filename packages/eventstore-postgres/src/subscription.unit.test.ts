import * as assert from 'node:assert/strict';
import type { RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import type { AllPage } from './read.ts';
import { PollingSubscription, type SubscriptionSource } from './subscription.ts';
import type { Wake } from './wake.ts';

/** A log in memory, read as the Postgres reader would (everything committed is below the horizon). */
function memorySource(log: RecordedEvent[]) {
  const wakes = new Set<Wake>();
  let reads = 0;
  const source: SubscriptionSource = {
    async readPage(after, maxCount, options) {
      reads++;
      const types = options.filter?.eventTypes;
      const events = log
        .filter((e) => e.position > after && (!types || types.includes(e.type)))
        .slice(0, maxCount);
      const head = log.at(-1)?.position ?? 0n;
      return { events, horizon: head + 1n, head } satisfies AllPage;
    },
    onAppended(wake) {
      wakes.add(wake);
      return () => wakes.delete(wake);
    },
    pollIntervalMs: 60_000,
    onReadError: () => undefined,
  };
  const append = (type: string) => {
    log.push({
      id: `e${log.length}`,
      type,
      data: {},
      streamName: 's-1',
      revision: BigInt(log.length),
      position: BigInt(log.length + 1),
      metadata: { schemaVersion: 1, recordedAt: new Date() },
    });
    for (const wake of wakes) wake(new Set([type]));
  };
  return { source, append, reads: () => reads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

test('appends of other event types do not wake a filtered subscriber; its own types do', async () => {
  const { source, append, reads } = memorySource([]);
  const seen: string[] = [];
  const subscription = new PollingSubscription(source, {
    filter: { eventTypes: ['Wanted'] },
    onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
  });
  await settle();
  const idle = reads();
  for (let i = 0; i < 20; i++) append('Other');
  await settle();
  assert.equal(reads(), idle, 'no read for 20 appends of another type');
  append('Wanted');
  await settle();
  assert.ok(reads() > idle);
  assert.deepEqual(seen, ['Wanted']);
  await subscription.stop();
});

test('an unfiltered subscriber, or a wake that does not name the types, always reads', async () => {
  const { source, append, reads } = memorySource([]);
  const seen: string[] = [];
  const subscription = new PollingSubscription(source, {
    onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
  });
  await settle();
  append('Other');
  await settle();
  assert.deepEqual(seen, ['Other']);
  const before = reads();
  await subscription.stop();
  assert.ok(before >= 2);
});

test.run();
