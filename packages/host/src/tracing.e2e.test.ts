import * as assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { orderStream } from '@orderflow/domain';
import { createTestTopics, ensureBroker, testBrokers, type TestTopics } from '@orderflow/kafka/testing';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import { suite } from 'uvu';
import type { OrderflowOptions } from './orderflow.ts';
import { orderInput, PLACE, postGraphQL, REGISTER } from './testing/graphql.ts';
import { startTracing, type Tracing } from './tracing.ts';

/**
 * Tracing on in the test process with an in-memory exporter, every role in process, one order
 * placed over HTTP: its trace must run from the request through the events' metadata to the
 * process manager, the payment step (in-process simulator, or Kafka relay → provider →
 * callbacks) and the projectors.
 */
const ADMIN_KEY = 'tracing-e2e-admin-key-0123456789abcdef';

interface Ctx {
  database: TestDatabase;
  tracing: Tracing;
  exporter: InMemorySpanExporter;
  db: Knex;
}
const test = suite<Ctx>('one trace per order');
// Once per process, as in production: the instrumentations patch modules when they are loaded,
// and a second SDK would not patch those again.
test.before(async (ctx) => {
  ctx.exporter = new InMemorySpanExporter();
  ctx.tracing = (await startTracing({
    spanProcessors: [new SimpleSpanProcessor({ exporter: ctx.exporter })],
  }))!;
});
test.after(async (ctx) => {
  await ctx.tracing.stop();
});
test.before.each(async (ctx) => {
  ctx.exporter.reset();
  ctx.database = await createTestDatabase('tracing');
  ctx.db = knexFactory({ client: 'pg', connection: ctx.database.url, pool: { min: 0, max: 2 } });
});
test.after.each(async (ctx) => {
  await ctx.db.destroy();
  await ctx.database.drop();
});

/** The span context in a carrier's `traceparent`, read with the registered propagator. */
const spanContextOf = (carrier: Record<string, unknown>) => {
  const context = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
  assert.ok(context, `a trace context in ${JSON.stringify(carrier)}`);
  return context;
};

interface StoredEvent {
  type: string;
  metadata: Record<string, unknown>;
}

/** One order's trace: its events (those whose traceparent is in it) and its finished spans. */
interface OrderTrace {
  /** The span id in the `traceparent` of the first event of `type`. */
  parentOf(type: string): string;
  find(name: string | RegExp): ReadableSpan;
  byId: ReadonlyMap<string, ReadableSpan>;
  spans: readonly ReadableSpan[];
}

/**
 * Starts every role in process (loaded after tracing started, as `orderflow serve` does: the
 * instrumentations hook require), places one order over HTTP, waits until it is confirmed and
 * its saga completed, then until the trace is complete: every span's parent among its spans,
 * and a span whose name starts with each of `expected`.
 */
async function traceOneOrder(
  ctx: Ctx,
  options: Partial<OrderflowOptions>,
  expected: readonly string[],
): Promise<OrderTrace> {
  const { startOrderflow } = await import('./orderflow.ts');
  const orderflow = await startOrderflow({ databaseUrl: ctx.database.url, adminKey: ADMIN_KEY, ...options });
  try {
    const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}/graphql`;
    await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'TRACE-1', stock: 10 });
    const { placeOrder } = await postGraphQL<{ placeOrder: { orderId: string } }>(url, ADMIN_KEY, PLACE, {
      input: orderInput(1, ['TRACE-1']),
      key: 'trace-1',
    });
    const { orderId } = placeOrder;
    await eventually(
      'the order confirmed and its saga completed',
      async () => {
        const [order] = await ctx.db('orders').where({ order_id: orderId }).select('status');
        const [saga] = await ctx.db('saga_instances').where({ instance_id: orderId }).select('status');
        return order?.status === 'CONFIRMED' && saga?.status === 'completed';
      },
      { timeoutMs: 30_000 },
    );
    const [created] = (await ctx
      .db('eventstore.events')
      .where({ stream_name: orderStream(orderId), type: 'OrderCreated' })
      .select('type', 'metadata')) as StoredEvent[];
    assert.ok(created, 'OrderCreated stored');
    const traceId = spanContextOf(created.metadata).traceId;
    // Every event of the order's flow carries the trace: ask the log for them by trace id.
    const traced = (await ctx
      .db('eventstore.events')
      .whereRaw(`metadata->>'traceparent' LIKE ?`, [`00-${traceId}-%`])
      .orderBy('position')
      .select('type', 'metadata')) as StoredEvent[];
    const types = traced.map((e) => e.type);
    for (const type of [
      'OrderCreated',
      'StockReserved',
      'PaymentRequested',
      'PaymentConfirmed',
      'OrderConfirmed',
    ])
      assert.ok(types.includes(type), `${type} in the trace: ${types.join(', ')}`);
    const spans = await eventually(
      'the spans of the trace, each parent among them',
      () => {
        const mine = ctx.exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
        const ids = new Set(mine.map((s) => s.spanContext().spanId));
        const complete =
          mine.every((s) => !s.parentSpanContext || ids.has(s.parentSpanContext.spanId)) &&
          expected.every((prefix) => mine.some((s) => s.name.startsWith(prefix)));
        return complete ? mine : undefined;
      },
      { timeoutMs: 15_000 },
    );
    return {
      spans,
      byId: new Map(spans.map((s) => [s.spanContext().spanId, s])),
      parentOf: (type) => spanContextOf(traced.find((e) => e.type === type)!.metadata).spanId,
      find(name) {
        const span = spans.find((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
        assert.ok(span, `span "${name}" among ${[...new Set(spans.map((s) => s.name))].join(', ')}`);
        return span;
      },
    };
  } finally {
    await orderflow.stop();
  }
}

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** What both payment paths share: one tree from the HTTP request, the saga and a projector. */
function assertOrderTrace(t: OrderTrace): void {
  const roots = t.spans.filter((s) => !s.parentSpanContext);
  assert.equal(roots.length, 1, `roots: ${roots.map((s) => s.name).join(', ')}`);
  assert.equal(roots[0]!.kind, SpanKind.SERVER, roots[0]!.name);
  // The API: OrderCreated was appended inside the request's spans.
  assert.ok(t.byId.has(t.parentOf('OrderCreated')), 'the span that appended OrderCreated is in the trace');
  // The process manager continues from OrderCreated's context; PaymentRequested carries it on.
  assert.equal(parentId(t.find('order-fulfillment OrderCreated')), t.parentOf('OrderCreated'));
  assert.match(t.byId.get(t.parentOf('PaymentRequested'))?.name ?? '', /^order-fulfillment /);
  // The saga confirms the order from PaymentConfirmed; a projector applies OrderConfirmed.
  assert.equal(parentId(t.find('order-fulfillment PaymentConfirmed')), t.parentOf('PaymentConfirmed'));
  assert.match(t.byId.get(t.parentOf('OrderConfirmed'))?.name ?? '', /^order-fulfillment /);
  const projector = t.find('project order-details OrderConfirmed');
  assert.equal(parentId(projector), t.parentOf('OrderConfirmed'));
  assert.equal(projector.kind, SpanKind.CONSUMER);
}

test('one placeOrder: one trace through the API, the process manager, the payment step and a projector', async (ctx) => {
  const t = await traceOneOrder(ctx, { paymentSimulator: { approvalRate: 1, latencyMs: 5 } }, [
    'order-fulfillment PaymentConfirmed',
    'payment-simulator ',
    'project order-details OrderConfirmed',
  ]);
  assertOrderTrace(t);
  // The payment step continues from PaymentRequested; its answer's event carries the step on.
  const payment = t.find('payment-simulator PaymentRequested');
  assert.equal(parentId(payment), t.parentOf('PaymentRequested'));
  assert.equal(t.parentOf('PaymentConfirmed'), payment.spanContext().spanId);
});

/** The Kafka payment-provider simulator in this process, on this test's topics. */
async function startProvider(topics: TestTopics) {
  const { startKafkaPaymentProvider } = await import('@orderflow/payment-simulator/kafka-provider');
  const provider = await startKafkaPaymentProvider(
    {
      brokers: testBrokers(),
      requestsTopic: topics.topics.paymentRequests,
      callbacksTopic: topics.topics.paymentCallbacks,
      groupId: `${topics.prefix}payment-provider`,
      clientId: 'tracing-test-provider',
      approvalRate: 1,
      refundApprovalRate: 1,
      refundAnswerRate: 1,
      latencyMs: 5,
      duplicateRate: 0,
      reorder: false,
    },
    { log: () => undefined },
  );
  await provider.ready;
  return provider;
}

test('through Kafka: relay → provider → callbacks stay in the order trace', async (ctx) => {
  await ensureBroker();
  const topics = await createTestTopics();
  const simulator = await startProvider(topics);
  let t: OrderTrace;
  try {
    t = await traceOneOrder(
      ctx,
      { paymentSimulator: false, kafka: { brokers: testBrokers(), topicPrefix: topics.prefix } },
      ['order-fulfillment PaymentConfirmed', 'payment-callbacks ', 'project order-details OrderConfirmed'],
    );
  } finally {
    await simulator.stop();
    await topics.drop();
  }
  assertOrderTrace(t);
  // The relay publishes PaymentRequested in a producer span continued from the event…
  const publish = t.find(`publish ${topics.topics.paymentRequests}`);
  assert.equal(publish.kind, SpanKind.PRODUCER);
  assert.equal(parentId(publish), t.parentOf('PaymentRequested'));
  // …the provider continues from the message's headers…
  const provider = t.find('payment-provider authorize');
  assert.equal(parentId(provider), publish.spanContext().spanId);
  // …its callback (through kafkajs' send span) leads to the callback consumer's span, in which
  // ConfirmPayment appends PaymentConfirmed.
  const callback = t.find('payment-callbacks ConfirmPayment');
  const ancestors: string[] = [];
  for (let s: ReadableSpan | undefined = callback; s; s = t.byId.get(parentId(s) ?? ''))
    ancestors.push(s.spanContext().spanId);
  assert.ok(
    ancestors.includes(provider.spanContext().spanId),
    'the callback descends from the provider span',
  );
  assert.equal(t.parentOf('PaymentConfirmed'), callback.spanContext().spanId);
});

test.run();
