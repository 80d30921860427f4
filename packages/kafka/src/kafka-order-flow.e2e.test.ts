import * as assert from 'node:assert/strict';
import { deterministicId } from '@orderflow/core';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import {
  createTestTopics,
  ensureBroker,
  readTopics,
  startTsProcess,
  testBrokers,
  type ReadMessage,
  type TestProcess,
  type TestTopics,
} from './testing/index.ts';

/**
 * The whole system with Kafka, as an operator runs it: `orderflow serve` with KAFKA_BROKERS
 * (so the in-process payment simulator is off) and the payment-provider simulator as its own
 * process, both child processes; the test drives the server's GraphQL endpoint over HTTP.
 */
interface Ctx {
  database: TestDatabase;
  t: TestTopics;
  server: TestProcess;
  provider: TestProcess;
  graphql: string;
}
/** The admin key the server is started with (ORDERFLOW_ADMIN_KEY). */
const ADMIN_KEY = 'kafka-e2e-admin-key-0123456789';
const test = suite<Ctx>('order flow through Kafka');
test.before(ensureBroker);
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('kafka_e2e');
  ctx.t = await createTestTopics();
  const brokers = testBrokers().join(',');
  // `serve` with DATABASE_URL refuses a schema that is not current: migrate first, as an operator does.
  const migrate = startTsProcess('packages/cli/src/main.ts', ['migrate'], { DATABASE_URL: ctx.database.url });
  await new Promise<void>((resolve, reject) =>
    migrate.child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`orderflow migrate: ${migrate.output()}`)),
    ),
  );
  ctx.server = startTsProcess('packages/cli/src/main.ts', ['serve'], {
    DATABASE_URL: ctx.database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: ctx.t.prefix,
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
  });
  ctx.provider = startTsProcess(
    'packages/payment-simulator/src/kafka-provider.ts',
    [
      ...['--brokers', brokers, '--topic-prefix', ctx.t.prefix, '--approval-rate', '1', '--latency-ms', '10'],
      ...['--duplicate-rate', '0.5', '--reorder'],
    ],
    {},
  );
  // The JSON start-up line: {"msg":"Orderflow listening","graphql":"http://…/graphql",…}.
  const [, url] = await ctx.server.waitFor(/"graphql":"(http:\/\/[^"]+\/graphql)"/);
  ctx.graphql = url!;
  await ctx.provider.waitFor(/payment provider simulator: ready/);
});
test.after.each(async ({ server, provider, database, t }) => {
  await Promise.all([server.stop(), provider.stop()]);
  await database.drop();
  await t.drop();
});

async function gql<T = Record<string, any>>(url: string, query: string, variables = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const REGISTER = `mutation($sku: String!, $stock: Int!) {
  registerProduct(sku: $sku, name: "Kafka mug", unitPrice: 250, currency: "GBP", initialStock: $stock) { sku }
}`;
const PLACE = `mutation($input: PlaceOrderInput!, $key: String!) {
  placeOrder(input: $input, idempotencyKey: $key) { orderId }
}`;
const STATUS = `query($id: ID!) { order(id: $id) { status } }`;

test('orders are paid through Kafka and confirmed; their events are published', async (ctx) => {
  const { graphql, t } = ctx;
  await gql(graphql, REGISTER, { sku: 'KAFKA-MUG', stock: 10 });
  const orderIds: string[] = [];
  for (const key of ['k-1', 'k-2', 'k-3']) {
    const { placeOrder } = await gql(graphql, PLACE, {
      input: { customerId: 'c-kafka', lines: [{ sku: 'KAFKA-MUG', quantity: 2, unitPrice: 250 }] },
      key,
    });
    orderIds.push(placeOrder.orderId);
  }
  for (const id of orderIds) {
    await eventually(
      `order ${id} confirmed`,
      async () => (await gql(graphql, STATUS, { id })).order?.status === 'CONFIRMED',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  }

  const expected = [
    'orderflow.order.placed',
    'orderflow.payment.requested',
    'orderflow.payment.confirmed',
    'orderflow.order.confirmed',
  ];
  const typesOf = (read: readonly ReadMessage[], id: string) =>
    read.filter((m) => m.key === id).map((m) => m.headers['event-type']);
  const messages = await readTopics(
    t.kafka,
    [t.topics.orders, t.topics.paymentRequests, t.topics.payments],
    (read) => orderIds.every((id) => expected.every((type) => typesOf(read, id).includes(type))),
  );
  const body = (m: ReadMessage) => JSON.parse(m.value!) as { eventId: string; data: Record<string, unknown> };
  for (const id of orderIds) {
    assert.deepEqual(
      typesOf(messages, id).filter((type) => type!.startsWith('orderflow.order.')),
      ['orderflow.order.placed', 'orderflow.order.confirmed'],
    );
    // Paid by the Kafka provider: its providerRef derives from the request's event id.
    const of = (type: string) => messages.find((m) => m.key === id && m.headers['event-type'] === type)!;
    const requested = body(of('orderflow.payment.requested'));
    const callbackId = deterministicId('payment-simulator', requested.eventId);
    assert.equal(body(of('orderflow.payment.confirmed')).data.providerRef, `sim-${callbackId.slice(0, 8)}`);
  }
  const db = new pg.Client({ connectionString: ctx.database.url });
  await db.connect();
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM processor_checkpoints WHERE name = 'payment-simulator'`,
  );
  await db.end();
  assert.equal(rows[0].n, 0, 'the in-process payment simulator never started');
  assert.match(ctx.server.output(), /a payment provider must run/, 'serve says who must answer payments');
  // Every callback handled: the callback consumer group's lag, as /metrics reports it, returns to 0.
  const lagLine = new RegExp(
    `^orderflow_kafka_consumer_lag_messages\\{group="${ctx.t.prefix}orderflow-payment-callbacks",topic="${t.topics.paymentCallbacks}"\\} (\\d+)$`,
    'm',
  );
  await eventually(
    'callback consumer lag 0 on /metrics',
    async () => {
      const scrape = await (await fetch(ctx.graphql.replace('/graphql', '/metrics'))).text();
      return lagLine.exec(scrape)?.[1] === '0';
    },
    { timeoutMs: 20_000, intervalMs: 250 },
  );
});

const REFUND = `mutation($id: ID!) {
  refundOrder(orderId: $id, lines: [{ sku: "KAFKA-MUG", quantity: 1 }], reason: "broken") { refundId amount }
}`;

test('a refund goes to the provider on payments.requests and comes back on payments.callbacks', async (ctx) => {
  const { graphql, t } = ctx;
  await gql(graphql, REGISTER, { sku: 'KAFKA-MUG', stock: 10 });
  const { placeOrder } = await gql(graphql, PLACE, {
    input: { customerId: 'c-kafka', lines: [{ sku: 'KAFKA-MUG', quantity: 2 }] },
    key: 'k-refund',
  });
  const id = placeOrder.orderId as string;
  const statusIs = (status: string) =>
    eventually(
      `order ${id} ${status}`,
      async () => (await gql(graphql, STATUS, { id })).order?.status === status,
      {
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
  await statusIs('CONFIRMED');
  const { refundOrder } = await gql(graphql, REFUND, { id });
  assert.equal(refundOrder.amount, 250);
  await statusIs('PARTIALLY_REFUNDED');
  const expected = [
    'orderflow.payment.refund-requested',
    'orderflow.payment.refunded',
    'orderflow.order.refunded',
  ];
  const messages = await readTopics(
    t.kafka,
    [t.topics.orders, t.topics.paymentRequests, t.topics.payments],
    (read) => expected.every((type) => read.some((m) => m.key === id && m.headers['event-type'] === type)),
  );
  const of = (type: string) =>
    JSON.parse(messages.find((m) => m.key === id && m.headers['event-type'] === type)!.value!) as {
      eventId: string;
      data: Record<string, unknown>;
    };
  const requested = of('orderflow.payment.refund-requested');
  assert.equal(requested.data.refundId, refundOrder.refundId);
  const callbackId = deterministicId('payment-simulator', requested.eventId);
  assert.equal(of('orderflow.payment.refunded').data.providerRef, `sim-rf-${callbackId.slice(0, 8)}`);
  assert.deepEqual(
    [of('orderflow.order.refunded').data.amount, of('orderflow.order.refunded').data.fullyRefunded],
    [250, false],
  );
});

test.run();
