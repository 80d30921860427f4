/**
 * The three receivers of `pnpm bench alerts`: a `stockAlerts` subscription (graphql-transport-ws),
 * a Kafka consumer of inventory.alerts and a webhook receiver (node:http, signatures verified).
 * Each notes the bench's Date.now() when an alert arrives, by the alert's event id (the
 * subscription, which carries no event id, by its position).
 */
import { createKafkaClient } from '@orderflow/kafka';
import { startWebhookReceiver, type WebhookReceiver } from '@orderflow/webhooks/testing';
import { logLevel, type Consumer } from 'kafkajs';
import WebSocket from 'ws';

/** Arrival times (epoch ms) per channel. */
export interface Arrivals {
  /** Subscription pushes by position (a string), first arrival. */
  readonly subscription: Map<string, number>;
  /** Kafka messages by eventId, first arrival; `kafkaCopies` counts every copy. */
  readonly kafka: Map<string, number>;
  kafkaCopies: number;
  /** Genuine webhooks by idempotency key, first arrival; `webhookCopies` counts every request. */
  readonly webhook: Map<string, number>;
  webhookCopies: number;
  /** Webhooks whose signature did not verify. */
  badSignatures: number;
}

/** The subscription's socket; `onAlert` gets every push (the bench restocks on a raised one). */
export async function subscribeAlerts(
  url: string,
  apiKey: string,
  arrivals: Arrivals,
  onAlert: (alert: { sku: string; low: boolean; position: string }) => void,
): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stockAlerts: no connection_ack in 10 s')), 10_000);
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } }),
      ),
    );
    socket.on('message', (raw) => {
      const at = Date.now();
      const message = JSON.parse(raw.toString()) as { type: string; payload?: any };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(
          JSON.stringify({
            id: 'alerts',
            type: 'subscribe',
            payload: { query: 'subscription { stockAlerts { sku low position } }' },
          }),
        );
        resolve();
      } else if (message.type === 'next' && message.payload?.data?.stockAlerts) {
        const alert = message.payload.data.stockAlerts as { sku: string; low: boolean; position: string };
        if (!arrivals.subscription.has(alert.position)) arrivals.subscription.set(alert.position, at);
        onAlert(alert);
      }
    });
  });
  return socket;
}

/** A consumer of `topic` (own group, from the latest offset at start) noting each eventId's arrival. */
export async function consumeAlerts(brokers: string[], topic: string, arrivals: Arrivals): Promise<Consumer> {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-alerts', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-alerts-${Date.now()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = Date.now();
      arrivals.kafkaCopies++;
      const eventId = (JSON.parse(message.value?.toString() ?? '{}') as { eventId?: string }).eventId;
      if (eventId && !arrivals.kafka.has(eventId)) arrivals.kafka.set(eventId, at);
    },
  });
  await ready;
  return consumer;
}

/** A webhook receiver noting each genuine alert's first arrival (set its `secret` once registered). */
export async function receiveWebhooks(arrivals: Arrivals): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver();
  receiver.onRequest = (r) => {
    arrivals.webhookCopies++;
    if (r.rejection) arrivals.badSignatures++;
    else if (!arrivals.webhook.has(r.idempotencyKey)) arrivals.webhook.set(r.idempotencyKey, r.receivedAt);
  };
  // The receiver keeps every request for tests; the bench needs only the arrival times.
  const requests = receiver.requests;
  const trim = setInterval(() => requests.splice(0, requests.length), 1000);
  trim.unref();
  return receiver;
}
