import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PUBLISHED_EVENT_TYPES } from '../contract/map.ts';
import {
  createTestLog,
  createTestTopics,
  ensureBroker,
  readTopics,
  registerProduct,
  restartBroker,
  runOrderFlow,
  type TestLog,
  type TestTopics,
} from '../testing/index.ts';
import { startIntegrationRelay, type IntegrationRelay } from './relay.ts';

const test = suite<{ log: TestLog; t: TestTopics; relay?: IntegrationRelay }>(
  'relay across a broker restart',
);
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.log = await createTestLog('relay_restart');
  ctx.t = await createTestTopics();
});
test.after.each(async ({ log, t, relay }) => {
  await relay?.stop();
  await log.close();
  await ensureBroker();
  await t.drop();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('a broker restart in the middle of a flow loses no event', async (ctx) => {
  const { log, t } = ctx;
  const skus = ['A-1', 'B-2'];
  for (const sku of skus) await registerProduct(log.run, sku, 100_000);
  const errors: unknown[] = [];
  const acks: number[] = [];
  ctx.relay = await startIntegrationRelay({
    db: log.db,
    store: log.store,
    kafka: t.kafka,
    topics: t.topics,
    batchSize: 50,
    onError: (e) => errors.push(e),
    onPublished: (_events, ackedAt) => acks.push(ackedAt),
  });

  // Two writers run order flows (6 events each) before, during and after the restart.
  let writing = true;
  let orders = 0;
  const writers = skus.map(async (sku, w) => {
    for (let i = 0; writing; i++) {
      await runOrderFlow(log.run, { orderId: `o-${w}-${i}`, sku });
      orders++;
      await sleep(20);
    }
  });
  let beforeRestart = 0;
  let duringRestart = 0;
  try {
    await sleep(1000);
    beforeRestart = orders;
    await restartBroker(() => sleep(500));
    duringRestart = orders - beforeRestart;
    await sleep(1000);
  } finally {
    // Also when the restart fails: the writers must not outlive the test's database.
    writing = false;
    await Promise.all(writers);
  }
  assert.ok(
    beforeRestart > 0 && duringRestart > 0,
    'orders were placed before and while the broker was down',
  );

  const expected = skus.length * 2 + orders * 6;
  const log$ = await eventually(`${expected} events in $all`, async () => {
    const events = await log.store.readAll({
      maxCount: 100_000,
      filter: { eventTypes: PUBLISHED_EVENT_TYPES },
    });
    return events.length === expected ? events : undefined;
  });
  await eventually('relay caught up', () => ctx.relay!.position === log$.at(-1)!.position, {
    timeoutMs: 30_000,
  });
  const longestWait = Math.max(...acks.slice(1).map((at, i) => at - acks[i]!));
  assert.ok(longestWait > 2000, `the relay waited for the broker (longest gap ${longestWait} ms)`);

  const topics = [t.topics.orders, t.topics.inventory, t.topics.paymentRequests, t.topics.payments];
  const distinct = new Set<string>();
  let scanned = 0;
  const messages = await readTopics(
    t.kafka,
    topics,
    (read) => {
      for (; scanned < read.length; scanned++) distinct.add(read[scanned]!.headers['event-id']!);
      return distinct.size >= expected;
    },
    { timeoutMs: 30_000 },
  );
  assert.deepEqual([...distinct].sort(), log$.map((e) => e.id).sort(), 'topic (deduped) = event log');

  // Per key, the first copy of each event arrives in the aggregate's order.
  const sequences = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const m of messages) {
    if (seen.has(m.headers['event-id']!)) continue;
    seen.add(m.headers['event-id']!);
    const list = sequences.get(`${m.topic}/${m.key}`) ?? [];
    list.push((JSON.parse(m.value!) as { sequence: number }).sequence);
    sequences.set(`${m.topic}/${m.key}`, list);
  }
  for (const [key, list] of sequences) {
    assert.deepEqual(
      list,
      [...list].sort((a, b) => a - b),
      `order of ${key}`,
    );
  }
  console.log(
    `    ${orders} orders, ${expected} events, ${messages.length - expected} duplicates, ${errors.length} failed sends, acks paused ${longestWait} ms`,
  );
});

test.run();
