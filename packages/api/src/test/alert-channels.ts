/**
 * The three ways a low-stock alert leaves Orderflow, for the acceptance tests: an Orderflow with
 * the Kafka relay on this test's topics and the webhooks role with a fast retry policy, a
 * `stockAlerts` subscription over a real WebSocket, and a real webhook receiver registered as an
 * endpoint.
 */
import { createTestTopics, testBrokers, type TestTopics } from '@orderflow/kafka/testing';
import { registerEndpoint, type DeliveryPolicy } from '@orderflow/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '@orderflow/webhooks/testing';
import { REGISTER, PLACE, startHarness, type Harness } from './harness.ts';
import { subscribe, type WsSubscription } from './ws-client.ts';

export type StockAlert = {
  stockAlerts: { sku: string; low: boolean; available: number; threshold: number; position: string };
};

/** Everything a test of alert delivery holds; `close()` ends it all. */
export interface AlertChannels {
  readonly h: Harness;
  readonly topics: TestTopics;
  readonly receiver: WebhookReceiver;
  readonly sub: WsSubscription<StockAlert>;
  /** Places an order of `quantity` units of `sku` (idempotency key `key`). */
  place(sku: string, quantity: number, key: string): Promise<unknown>;
  restock(sku: string, quantity: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the server, topics, receiver (endpoint registered, secret set) and subscription; registers `sku` with `stock` units and `threshold`. */
export async function startAlertChannels(
  sku: string,
  stock: number,
  threshold: number,
  policy: Partial<DeliveryPolicy>,
): Promise<AlertChannels> {
  const topics = await createTestTopics();
  const receiver = await startWebhookReceiver();
  const h = await startHarness({
    server: {
      // Payments then go to Kafka and stay unanswered: alerts come from reservations and restocks.
      kafka: { brokers: testBrokers(), topicPrefix: topics.prefix },
      paymentSimulator: false,
      webhooks: policy,
    },
  });
  const endpoint = await registerEndpoint(h.orderflow.db, { url: receiver.url });
  receiver.secret = endpoint.secret;
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const sub = await subscribe<StockAlert>(
    `${address.replace('http', 'ws')}/graphql`,
    `subscription { stockAlerts { sku low available threshold position } }`,
    {},
    h.adminAuth,
  );
  await h.ok(REGISTER, { sku, stock });
  await h.ok(
    `mutation($sku: String!, $t: Int!) { setStockThreshold(sku: $sku, threshold: $t) { position } }`,
    {
      sku,
      t: threshold,
    },
  );
  return {
    h,
    topics,
    receiver,
    sub,
    place: (s, quantity, key) =>
      h.ok(PLACE, { input: { customerId: 'c-1', lines: [{ sku: s, quantity }] }, key }),
    restock: (s, quantity) =>
      h.ok(`mutation($sku: String!, $q: Int!) { restock(sku: $sku, quantity: $q) { position } }`, {
        sku: s,
        q: quantity,
      }),
    async close() {
      await sub.close();
      await h.close();
      await receiver.close();
      await topics.drop().catch(() => undefined);
    },
  };
}
