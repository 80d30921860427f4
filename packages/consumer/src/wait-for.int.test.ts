/**
 * Read-your-writes across processes: a process that applies nothing waits on the checkpoints
 * another one stores, woken by LISTEN/NOTIFY.
 */
import * as assert from 'node:assert/strict';
import { newId } from '@orderflow/core';
import { watchCheckpoints } from './checkpoint-watcher.ts';
import { startConsumer } from './consumer.ts';
import { appendTicks, connect, consumerSuite, countingProcessor, effectCounts } from './testing/support.ts';

const test = consumerSuite('consumer: waitFor across processes', 'consumer_wait');

test('a watcher on other connections sees the applying process reach a position, also one it filters out', async ({
  t,
}) => {
  const applying = await startConsumer({
    db: t.knex,
    store: t.store,
    processors: [countingProcessor('counter')],
  });
  const api = connect(t.db.url);
  // Polling only every 10 s: in time, it is the notification that wakes the watcher.
  const watcher = watchCheckpoints(api.knex, ['counter'], { pollIntervalMs: 10_000 });
  try {
    const { last } = await appendTicks(t.store, 50);
    assert.ok(await watcher.waitFor(last, 5000, 'counter'));
    assert.equal((await effectCounts(api.knex, 'counter')).size, 50, 'everything up to it is applied');

    // An event the processor does not handle: its position is passed once the subscription scanned it.
    const other = await t.store.appendToStream('other-1', [{ id: newId(), type: 'Other', data: {} }]);
    assert.ok(await watcher.waitFor(other.position, 5000));
    assert.equal(await watcher.waitFor(other.position + 10n ** 15n, 300), false, 'a position not reached');

    // A second consumer of the same processor stands by here, and waits on the stored checkpoint.
    const standby = await startConsumer({
      db: api.knex,
      store: api.store,
      processors: [countingProcessor('counter')],
    });
    try {
      assert.equal(standby.status()[0]!.state, 'standby');
      const more = await appendTicks(t.store, 10);
      assert.ok(await standby.waitFor(more.last, 5000));
      assert.equal((await effectCounts(api.knex, 'counter')).size, 60);
    } finally {
      await standby.stop();
    }
  } finally {
    await watcher.close();
    await applying.stop();
    await api.close();
  }
});

test.run();
