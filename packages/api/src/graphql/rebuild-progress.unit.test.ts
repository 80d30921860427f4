import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import type { RebuildJob } from '../projections/rebuild-jobs.ts';
import { rebuildProgressIterator } from './rebuild-progress.ts';

const job = (state: RebuildJob['state'], events: number): RebuildJob => ({
  id: 'j-1',
  projection: 'daily-sales',
  store: 'postgres',
  state,
  actor: 'graphql:admin',
  events,
  from: 0n,
  position: BigInt(events),
  head: 10n,
  percent: events * 10,
  error: null,
  errorCode: null,
  startedAt: new Date(0),
  finishedAt: state === 'running' ? null : new Date(1),
});

/** A source that yields `items`, then stays idle (like a pubsub topic nobody publishes on). */
function source(items: RebuildJob[]): AsyncIterator<RebuildJob> & { returned: boolean } {
  const queue = [...items];
  const it = {
    returned: false,
    next: () =>
      queue.length > 0
        ? Promise.resolve({ done: false as const, value: queue.shift()! })
        : new Promise<IteratorResult<RebuildJob>>(() => undefined),
    return: async () => {
      it.returned = true;
      return { done: true as const, value: undefined };
    },
  };
  return it;
}

test('the job as it is first, then each update, ending after DONE and unsubscribing', async () => {
  const updates = source([job('running', 5), job('done', 10), job('running', 99)]);
  const pushes = rebuildProgressIterator(job('running', 1), updates, (j) => [j.state, j.events]);
  const seen: unknown[] = [];
  for await (const push of pushes) seen.push(push);
  assert.deepEqual(seen, [
    ['running', 1],
    ['running', 5],
    ['done', 10],
  ]);
  assert.equal(updates.returned, true);
});

test('a job already finished is pushed once; return() does not wait for an idle source', async () => {
  const idle = source([]);
  const done = rebuildProgressIterator(job('failed', 3), idle, (j) => j.state);
  assert.deepEqual(await done.next(), { done: false, value: 'failed' });
  assert.deepEqual(await done.next(), { done: true, value: undefined });
  const running = rebuildProgressIterator(job('running', 1), source([]), (j) => j.state);
  await running.next();
  assert.deepEqual(await running.return!(), { done: true, value: undefined });
});

test.run();
