/**
 * The callback consumer never stops for good: kafkajs does not restart a consumer that crashed
 * with an error it deems not retriable (`retriable: false`, e.g. a broker refusal) — it only
 * emits CRASH with `restart: false`. The callback consumer then starts a new one itself, with
 * backoff, and the callback is applied.
 */
import * as assert from 'node:assert/strict';
import type { CommandRunner } from '@orderflow/core';
import { paymentStream } from '@orderflow/domain';
import { eventually } from '@orderflow/testing';
import { Partitioners } from 'kafkajs';
import { suite } from 'uvu';
import {
  createTestLog,
  createTestTopics,
  ensureBroker,
  registerProduct,
  runOrderFlow,
  type TestLog,
  type TestTopics,
} from '../testing/index.ts';
import { startPaymentCallbackConsumer } from './consumer.ts';

const test = suite<{ log: TestLog; t: TestTopics }>('payment callback consumer: crashes');
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.log = await createTestLog('callbacks_crash');
  ctx.t = await createTestTopics();
});
test.after.each(async ({ log, t }) => {
  await log.close();
  await t.drop();
});

test('a crash kafkajs would not restart from is restarted; the callback is applied', async ({ log, t }) => {
  await registerProduct(log.run, 'MUG-1', 10);
  await runOrderFlow(log.run, { orderId: 'o-1', sku: 'MUG-1', untilPaymentRequested: true });
  let refusals = 1;
  const run: CommandRunner = async (...args) => {
    if (refusals-- > 0) throw Object.assign(new Error('refused, and not retriable'), { retriable: false });
    return log.run(...args);
  };
  const logged: string[] = [];
  const consumer = await startPaymentCallbackConsumer({
    kafka: t.kafka,
    run,
    topics: t.topics,
    groupId: `${t.prefix}callbacks`,
    log: (message) => logged.push(message),
    restartBackoff: { baseDelayMs: 100, maxDelayMs: 500 },
  });
  try {
    const producer = t.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: t.topics.paymentCallbacks,
      acks: -1,
      messages: [
        {
          key: 'o-1',
          value: JSON.stringify({
            callbackId: 'cb-1',
            paymentId: 'o-1',
            outcome: 'approved',
            providerRef: 'ch-1',
            occurredAt: '2025-03-01T10:00:00.000Z',
          }),
        },
      ],
    });
    await producer.disconnect();
    await eventually(
      'the payment confirmed after the restart',
      async () =>
        (await log.store.readStream(paymentStream('o-1'))).some((e) => e.type === 'PaymentConfirmed'),
      { timeoutMs: 30_000 },
    );
    assert.ok(
      logged.some((m) => m.includes('restarting')),
      logged.join('\n'),
    );
  } finally {
    await consumer.stop();
  }
});

test.run();
