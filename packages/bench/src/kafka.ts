/**
 * `pnpm bench kafka [--events N] [--writers N] [--batch-size N]`: the integration relay against
 * the local broker (infra/kafka, started if needed), on its own database and topics.
 *
 * Live phase: `writers` concurrent loops append N order events (per order: OrderCreated, then
 * OrderConfirmed, one event per append, as commands do) while the relay runs.
 * - relay_eps: N / (last broker acknowledgement − first append call);
 * - append → ack latency per event: from the call to appendToStream to the broker's
 *   acknowledgement of the relay batch that holds the event (P50/P99).
 * Catch-up phase: a second relay (new checkpoint, new topics) publishes the same N events from
 * position 0: catchup_eps = N / time until its last acknowledgement.
 * The append → ack latency is also split where the store's subscription hands the event to the
 * relay. Both relays' topic end offsets are checked against N. The last line is JSON.
 */
import { parseArgs } from 'node:util';
import { newId, type RecordedEvent } from '@orderflow/core';
import { orderStream } from '@orderflow/domain';
import { startIntegrationRelay, type IntegrationRelay, type TopicNames } from '@orderflow/kafka';
import {
  createTestLog,
  createTestTopics,
  ensureBroker,
  type TestLog,
  type TestTopics,
} from '@orderflow/kafka/testing';
import type { EventStore } from '@orderflow/eventstore';
import type { Kafka } from 'kafkajs';
import { percentile, printTable, round } from './_stats.ts';

const positiveInt = (text: string | undefined, name: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer`);
  return n;
};

/** Appends `events` order events (2 per order) with `writers` concurrent loops, noting each call's time in `calledAt`. */
async function appendOrders(
  log: TestLog,
  events: number,
  writers: number,
  calledAt: Map<string, number>,
): Promise<void> {
  const orders = Math.ceil(events / 2);
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < orders; i = next++) {
        const orderId = newId();
        const stream = orderStream(orderId);
        const placedAt = new Date().toISOString();
        const created = {
          id: newId(),
          type: 'OrderCreated',
          data: {
            orderId,
            customerId: `c-${i % 500}`,
            lines: [{ sku: `SKU-${i % 100}`, quantity: 1 + (i % 3), unitPrice: 250, discount: 0 }],
            subtotal: 250 * (1 + (i % 3)),
            discount: 0,
            coupons: [],
            total: 250 * (1 + (i % 3)),
            priceSource: 'catalog',
            currency: 'GBP',
            placedAt,
            receivedAt: placedAt,
            shippingCountry: 'United Kingdom',
          },
          metadata: { correlationId: orderId },
        };
        calledAt.set(created.id, Date.now());
        await log.store.appendToStream(stream, [created], { expectedRevision: 'no_stream' });
        if (2 * i + 1 >= events) continue;
        const confirmed = {
          id: newId(),
          type: 'OrderConfirmed',
          data: { orderId, confirmedAt: new Date().toISOString() },
          metadata: { correlationId: orderId },
        };
        calledAt.set(confirmed.id, Date.now());
        await log.store.appendToStream(stream, [confirmed], { expectedRevision: 0n });
      }
    }),
  );
}

/**
 * `store` with its subscriptions noting, per event, when the batch holding it was handed to the
 * subscriber (here: the relay), to split the append → ack latency into its two legs.
 */
function withDeliveryTimes(store: EventStore, deliveredAt: Map<string, number>): EventStore {
  const observed = Object.create(store) as EventStore;
  observed.subscribeToAll = (options) =>
    store.subscribeToAll({
      ...options,
      onEvents: async (events) => {
        const now = Date.now();
        for (const event of events) deliveredAt.set(event.id, now);
        await options.onEvents(events);
      },
    });
  return observed;
}

/** Starts a relay that calls `onAck` per acknowledged batch; resolves `done` once `events` were acknowledged. */
async function relayUntil(
  log: TestLog,
  store: EventStore,
  kafka: Kafka,
  topics: TopicNames,
  name: string,
  events: number,
  batchSize: number,
  onAck: (batch: readonly RecordedEvent[], ackedAt: number) => void = () => undefined,
): Promise<{ relay: IntegrationRelay; done: Promise<number> }> {
  let acked = 0;
  let finish!: (at: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const relay = await startIntegrationRelay({
    db: log.db,
    store,
    kafka,
    topics,
    name,
    batchSize,
    onError: (e) => console.error(`relay ${name}:`, e),
    onPublished: (batch, ackedAt) => {
      onAck(batch, ackedAt);
      acked += batch.length;
      if (acked >= events) finish(ackedAt);
    },
  });
  return { relay, done };
}

/** Σ of the end offsets of `topic`'s partitions: the messages it holds. */
async function messagesIn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      events: { type: 'string', default: '50000' },
      writers: { type: 'string', default: '8' },
      'batch-size': { type: 'string', default: '500' },
    },
  });
  const events = positiveInt(values.events, 'events');
  const writers = positiveInt(values.writers, 'writers');
  const batchSize = positiveInt(values['batch-size'], 'batch-size');

  await ensureBroker();
  const log = await createTestLog('bench_kafka');
  const topicSets: TestTopics[] = [];
  try {
    const live = await createTestTopics();
    topicSets.push(live);
    const latencies: number[] = [];
    const toDelivery: number[] = [];
    const deliveryToAck: number[] = [];
    const calledAt = new Map<string, number>();
    const deliveredAt = new Map<string, number>();
    const { relay, done } = await relayUntil(
      log,
      withDeliveryTimes(log.store, deliveredAt),
      live.kafka,
      live.topics,
      'bench-live',
      events,
      batchSize,
      (batch, at) => {
        for (const e of batch) {
          latencies.push(at - calledAt.get(e.id)!);
          toDelivery.push(deliveredAt.get(e.id)! - calledAt.get(e.id)!);
          deliveryToAck.push(at - deliveredAt.get(e.id)!);
        }
      },
    );
    const start = Date.now();
    await appendOrders(log, events, writers, calledAt);
    const appendedAt = Date.now();
    const lastAck = await done;
    await relay.stop();

    const catchUp = await createTestTopics();
    topicSets.push(catchUp);
    const catchUpStart = Date.now();
    const second = await relayUntil(
      log,
      log.store,
      catchUp.kafka,
      catchUp.topics,
      'bench-catch-up',
      events,
      batchSize,
    );
    const catchUpEnd = await second.done;
    await second.relay.stop();

    const published = [
      await messagesIn(live.kafka, live.topics.orders),
      await messagesIn(catchUp.kafka, catchUp.topics.orders),
    ];
    const relayEps = events / ((lastAck - start) / 1000);
    const appendEps = events / ((appendedAt - start) / 1000);
    const catchUpEps = events / ((catchUpEnd - catchUpStart) / 1000);
    printTable(
      ['figure', 'value'],
      [
        ['events (OrderCreated + OrderConfirmed, 1 per append)', events],
        ['appending writers / relay batch size', `${writers} / ${batchSize}`],
        ['append rate, events/s', round(appendEps, 0)],
        ['relay, live: events/s (first append → last ack)', round(relayEps, 0)],
        ['append → ack P50 ms', round(percentile(latencies, 50), 1)],
        ['append → ack P90 ms', round(percentile(latencies, 90), 1)],
        ['append → ack P99 ms', round(percentile(latencies, 99), 1)],
        ['append → ack max ms', round(Math.max(...latencies), 1)],
        [
          '  of it, append → handed to the relay P50 / P99 ms',
          `${round(percentile(toDelivery, 50), 1)} / ${round(percentile(toDelivery, 99), 1)}`,
        ],
        [
          '  of it, handed to the relay → ack P50 / P99 ms',
          `${round(percentile(deliveryToAck, 50), 1)} / ${round(percentile(deliveryToAck, 99), 1)}`,
        ],
        ['relay, catch-up from 0: events/s', round(catchUpEps, 0)],
        ['messages on orders.events (live / catch-up)', `${published[0]} / ${published[1]}`],
      ],
    );
    if (published.some((n) => n < events))
      throw new Error(`published ${published.join(' / ')} of ${events} events`);
    console.log(
      JSON.stringify({
        relay_eps: round(relayEps, 0),
        append_to_ack_p50_ms: round(percentile(latencies, 50), 1),
        append_to_ack_p99_ms: round(percentile(latencies, 99), 1),
        events,
        append_eps: round(appendEps, 0),
        catchup_eps: round(catchUpEps, 0),
      }),
    );
  } finally {
    await log.close();
    for (const t of topicSets) await t.drop().catch(() => undefined);
  }
}
