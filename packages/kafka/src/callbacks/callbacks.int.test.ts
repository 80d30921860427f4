import * as assert from 'node:assert/strict';
import { paymentStream } from '@orderflow/domain';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { suite } from 'uvu';
import {
  createTestLog,
  createTestTopics,
  ensureBroker,
  readTopics,
  registerProduct,
  runOrderFlow,
  waitForGroupToCatchUp,
  type TestLog,
  type TestTopics,
} from '../testing/index.ts';
import { startPaymentCallbackConsumer, type PaymentCallbackConsumer } from './consumer.ts';

interface Ctx {
  log: TestLog;
  t: TestTopics;
  groupId: string;
  consumer: PaymentCallbackConsumer;
  logged: string[];
}
const test = suite<Ctx>('payment callback consumer');
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.log = await createTestLog('callbacks');
  ctx.t = await createTestTopics();
  ctx.logged = [];
  ctx.groupId = `${ctx.t.prefix}callbacks`;
  ctx.consumer = await startPaymentCallbackConsumer({
    kafka: ctx.t.kafka,
    run: ctx.log.run,
    topics: ctx.t.topics,
    groupId: ctx.groupId,
    log: (message) => ctx.logged.push(message),
  });
  await registerProduct(ctx.log.run, 'MUG-1', 100);
});
test.after.each(async ({ log, t, consumer }) => {
  await consumer.stop();
  await log.close();
  await t.drop();
});

const at = '2025-03-01T10:00:00.000Z';
const approved = (callbackId: string, paymentId: string) => ({
  callbackId,
  paymentId,
  outcome: 'approved',
  providerRef: `ch-${paymentId}`,
  occurredAt: at,
});
const message = (key: string, value: unknown, headers?: Record<string, string>): Message => ({
  key,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  ...(headers && { headers }),
});

async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

const paymentEvents = async (log: TestLog, paymentId: string) =>
  (await log.store.readStream(paymentStream(paymentId))).map((e) => [e.type, e.metadata.correlationId]);

test('duplicate callbacks confirm the payment once; a contradicting late one is ignored', async (ctx) => {
  const { log, t } = ctx;
  await runOrderFlow(log.run, { orderId: 'o-1', sku: 'MUG-1', untilPaymentRequested: true });
  const callback = approved('cb-1', 'o-1');
  await produce(t.kafka, t.topics.paymentCallbacks, [
    message('o-1', callback, { 'correlation-id': 'corr-o-1' }),
    message('o-1', callback),
    message('o-1', callback),
    message('o-1', approved('cb-2', 'o-1')), // the provider answering again under a new id
    message('o-1', { ...callback, callbackId: 'cb-3', outcome: 'declined' }), // INVALID_STATE
  ]);
  await waitForGroupToCatchUp(t.kafka, ctx.groupId, t.topics.paymentCallbacks);
  assert.deepEqual(await paymentEvents(log, 'o-1'), [
    ['PaymentRequested', 'o-1'],
    ['PaymentConfirmed', 'corr-o-1'],
  ]);
  assert.deepEqual(ctx.logged, ['callback ignored'], 'the declined answer for a confirmed payment');
});

test('a malformed callback goes to the dead-letter topic and the next good one is applied', async (ctx) => {
  const { log, t } = ctx;
  for (const orderId of ['o-2', 'o-3']) {
    await runOrderFlow(log.run, { orderId, sku: 'MUG-1', untilPaymentRequested: true });
  }
  // Same key for all, so they share a partition and are handled in this order.
  await produce(t.kafka, t.topics.paymentCallbacks, [
    message('o-2', '{"callbackId": "cb-x", oops', { 'correlation-id': 'c-9' }),
    message('o-2', { ...approved('cb-y', 'o-2'), outcome: 'maybe' }),
    message('o-2', approved('cb-z', 'no-such-payment')),
    message('o-2', { ...approved('cb-4', 'o-2'), outcome: 'declined', reason: 'insufficient funds' }),
    message('o-2', approved('cb-5', 'o-3')),
  ]);
  const letters = await readTopics(t.kafka, [t.topics.paymentCallbacksDeadLetter], (m) => m.length >= 3);
  assert.deepEqual(
    letters.map((l) => [l.headers['error-code'], l.key]),
    [
      ['MALFORMED', 'o-2'],
      ['MALFORMED', 'o-2'],
      ['NOT_FOUND', 'o-2'],
    ],
  );
  assert.match(letters[0]!.headers.error!, /not JSON/);
  assert.equal(letters[0]!.value, '{"callbackId": "cb-x", oops', 'original value kept');
  assert.equal(letters[0]!.headers['correlation-id'], 'c-9', 'original headers kept');
  assert.equal(letters[0]!.headers['original-topic'], t.topics.paymentCallbacks);
  assert.match(letters[1]!.headers.error!, /outcome/);
  assert.match(letters[2]!.headers.error!, /no-such-payment/);

  await waitForGroupToCatchUp(t.kafka, ctx.groupId, t.topics.paymentCallbacks);
  assert.deepEqual(
    (await paymentEvents(log, 'o-2')).map(([type]) => type),
    ['PaymentRequested', 'PaymentFailed'],
  );
  assert.deepEqual(
    (await paymentEvents(log, 'o-3')).map(([type]) => type),
    ['PaymentRequested', 'PaymentConfirmed'],
  );
  assert.equal(ctx.logged.filter((m) => m.includes('dead-letter')).length, 3);
});

test.run();
