import * as assert from 'node:assert/strict';
import { Partitioners } from 'kafkajs';
import { suite } from 'uvu';
import { groupLagReader } from './group-lag.ts';
import { createTestTopics, ensureBroker, type TestTopics } from './testing/index.ts';

const test = suite<{ t: TestTopics }>('consumer group lag');
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.t = await createTestTopics();
});

test("a group's lag is what it has not committed yet, from the log start before its first commit", async ({
  t,
}) => {
  const topic = t.topics.paymentCallbacks;
  const groupId = `${t.prefix}lag-test`;
  const producer = t.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `m${i}` })),
  });
  await producer.disconnect();
  const reader = groupLagReader(t.kafka, groupId, [topic]);
  try {
    const total = async () => (await reader.read()).reduce((n, p) => n + p.lag, 0);
    assert.equal(await total(), 5, 'nothing committed: every message is lag');
    const withLag = (await reader.read()).filter((p) => p.lag > 0);
    assert.equal(withLag.length, 1, 'one key: one partition holds the five');
    const { partition } = withLag[0]!;
    const admin = t.kafka.admin();
    await admin.connect();
    // The group's committed offset after it handled 3 of the 5 messages of that partition.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition, offset: '3' }] });
    await admin.disconnect();
    assert.equal(await total(), 2);
  } finally {
    await reader.close();
  }
});

test('a read while no broker answers resolves empty within its timeout instead of hanging', async () => {
  const { Kafka } = await import('kafkajs');
  const nowhere = new Kafka({
    clientId: 'lag-test',
    brokers: ['127.0.0.1:1'],
    retry: { retries: 0 },
    logLevel: 0,
  });
  const reader = groupLagReader(nowhere, 'g', ['t'], { timeoutMs: 500 });
  const start = Date.now();
  assert.deepEqual(await reader.read(), []);
  assert.ok(Date.now() - start < 3000, `${Date.now() - start} ms`);
  await reader.close();
});

test.run();
