import * as assert from 'node:assert/strict';
import { PROCESSOR_CHECKPOINTS } from '@orderflow/consumer';
import { newId, type RecordedEvent } from '@orderflow/core';
import { eventually } from '@orderflow/testing';
import { logLevel } from 'kafkajs';
import { suite } from 'uvu';
import { createKafkaClient } from '../client.ts';
import type { IntegrationEvent } from '../contract/map.ts';
import { PUBLISHED_EVENT_TYPES } from '../contract/map.ts';
import {
  createTestLog,
  createTestTopics,
  ensureBroker,
  readTopics,
  registerProduct,
  runOrderFlow,
  type ReadMessage,
  type TestLog,
  type TestTopics,
} from '../testing/index.ts';
import { startIntegrationRelay, type IntegrationRelay } from './relay.ts';

interface Ctx {
  log: TestLog;
  t: TestTopics;
  relays: IntegrationRelay[];
}
const test = suite<Ctx>('integration relay');
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.log = await createTestLog('relay');
  ctx.t = await createTestTopics();
  ctx.relays = [];
});
test.after.each(async ({ log, t, relays }) => {
  await Promise.all(relays.map((r) => r.stop()));
  await log.close();
  await t.drop();
});

const start = (ctx: Ctx) =>
  startIntegrationRelay({
    db: ctx.log.db,
    store: ctx.log.store,
    kafka: ctx.t.kafka,
    topics: ctx.t.topics,
    name: 'relay',
  }).then((relay) => (ctx.relays.push(relay), relay));

/**
 * The log's published events once `count` of them are visible: `$all` readers see an append
 * only when no older transaction is still open (gap safety), so the newest may lag a moment.
 */
const mappedEvents = (log: TestLog, count: number): Promise<RecordedEvent[]> =>
  eventually(`${count} events in $all`, async () => {
    const events = await log.store.readAll({
      maxCount: 100_000,
      filter: { eventTypes: PUBLISHED_EVENT_TYPES },
    });
    return events.length === count ? events : undefined;
  });
const allTopics = ({ topics }: TestTopics) => [
  topics.orders,
  topics.inventory,
  topics.paymentRequests,
  topics.payments,
];
const eventIds = (messages: readonly ReadMessage[]) => messages.map((m) => m.headers['event-id']);

test('publishes every mapped event of an order flow with its key and headers, and skips the rest', async (ctx) => {
  const { log, t } = ctx;
  await registerProduct(log.run, 'MUG-1', 10);
  for (const orderId of ['o-1', 'o-2', 'o-3']) await runOrderFlow(log.run, { orderId, sku: 'MUG-1' });
  // A type this release cannot even read: the relay's filter must keep it out of its way.
  await log.store.appendToStream('internal-1', [{ id: newId(), type: 'InternalNote', data: { secret: 1 } }]);
  const expected = await mappedEvents(log, 2 + 3 * 6);

  const relay = await start(ctx);
  const messages = await readTopics(t.kafka, allTopics(t), (m) => m.length >= expected.length);
  assert.deepEqual(eventIds(messages).sort(), expected.map((e) => e.id).sort(), 'each event once');

  const byId = new Map(expected.map((e) => [e.id, e]));
  const topicOf: Record<string, string> = {
    order: t.topics.orders,
    inventory: t.topics.inventory,
    payment: t.topics.payments,
  };
  for (const message of messages) {
    const event = byId.get(message.headers['event-id']!)!;
    const body = JSON.parse(message.value!) as IntegrationEvent;
    assert.equal(body.eventId, event.id);
    assert.equal(message.headers['event-type'], body.schema);
    assert.equal(message.headers['schema-version'], '1');
    assert.equal(message.headers['content-type'], 'application/json');
    assert.equal(
      message.key,
      event.streamName.slice(event.streamName.indexOf('-') + 1),
      'key = aggregate id',
    );
    assert.equal(body.subject, message.key);
    assert.equal(body.sequence, Number(event.revision));
    assert.equal(message.headers['correlation-id'], event.metadata.correlationId);
    assert.equal(message.headers['causation-id'], event.metadata.causationId);
    const category = event.streamName.split('-')[0]!;
    const topic = event.type === 'PaymentRequested' ? t.topics.paymentRequests : topicOf[category];
    assert.equal(message.topic, topic, `${event.type} on its topic`);
  }
  const order = messages.filter((m) => m.key === 'o-2').map((m) => m.headers['event-type']);
  assert.deepEqual(
    order.filter((type) => type!.startsWith('orderflow.order.')),
    ['orderflow.order.placed', 'orderflow.order.confirmed'],
  );

  await eventually('checkpoint at the last mapped event', async () => {
    const row = await log.db(PROCESSOR_CHECKPOINTS).where({ name: 'relay' }).first<{ position: string }>();
    return relay.position === expected.at(-1)!.position && BigInt(row.position) === relay.position;
  });
});

test('a restarted relay resumes from its checkpoint and publishes only what came after', async (ctx) => {
  const { log, t } = ctx;
  await registerProduct(log.run, 'TEA-1', 10);
  await runOrderFlow(log.run, { orderId: 'o-1', sku: 'TEA-1' });
  const first = await start(ctx);
  const before = await mappedEvents(log, 2 + 6);
  await eventually('first relay caught up', () => first.position === before.at(-1)!.position);
  await first.stop();

  await runOrderFlow(log.run, { orderId: 'o-2', sku: 'TEA-1' });
  const all = await mappedEvents(log, 2 + 2 * 6);
  const second = await start(ctx);
  assert.equal(second.position, before.at(-1)!.position, 'starts from the saved checkpoint');
  const messages = await readTopics(t.kafka, allTopics(t), (m) => m.length >= all.length);
  await eventually('second relay caught up', () => second.position === all.at(-1)!.position);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(
    eventIds(messages).sort(),
    all.map((e) => e.id).sort(),
    'nothing twice after a clean stop',
  );
});

test('with the broker unreachable the checkpoint does not move, and stop() still returns', async (ctx) => {
  const { log } = ctx;
  await registerProduct(log.run, 'CUP-1', 1);
  const unreachable = createKafkaClient({
    brokers: ['127.0.0.1:1'],
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 50 },
  });
  const errors: unknown[] = [];
  const relay = await startIntegrationRelay({
    db: log.db,
    store: log.store,
    kafka: unreachable,
    topics: ctx.t.topics,
    name: 'unreachable',
    onError: (e) => errors.push(e),
  });
  ctx.relays.push(relay);
  await eventually('a failed send', () => errors.length > 0);
  assert.equal(relay.position, 0n);
  await relay.stop();
  const row = await log
    .db(PROCESSOR_CHECKPOINTS)
    .where({ name: 'unreachable' })
    .first<{ position: string }>();
  assert.equal(row.position, '0');
});

test.run();
