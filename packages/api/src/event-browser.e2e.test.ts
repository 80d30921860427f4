import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

/**
 * The event browser through GraphQL on a real server over real Postgres: `stream` pages one
 * stream by revision, `events` pages `$all` by position and filters it by type, correlation id
 * and order id; limits are bounded, bad input is VALIDATION_FAILED and reads nothing, and only
 * admin keys may read the log.
 */
const test = suite<{ h: Harness; orders: string[] }>('event browser through GraphQL');

const EVENT = 'id type streamName revision position recordedAt data metadata';
const STREAM = `query($name: String!, $from: String, $limit: Int) {
  stream(name: $name, from: $from, limit: $limit) { name revision nextRevision events { ${EVENT} } } }`;
const EVENTS = `query($after: String, $types: [String!], $correlationId: String, $orderId: String, $limit: Int) {
  events(after: $after, types: $types, correlationId: $correlationId, orderId: $orderId, limit: $limit) {
    events { ${EVENT} } pageInfo { hasNextPage endCursor } headPosition } }`;

interface Logged {
  id: string;
  type: string;
  streamName: string;
  revision: string;
  position: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
interface StreamAnswer {
  stream: { name: string; revision: string | null; nextRevision: string | null; events: Logged[] };
}
interface EventsAnswer {
  events: {
    events: Logged[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    headPosition: string;
  };
}

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await ctx.h.ok(REGISTER, { sku: 'EVT-1', stock: 20 });
  ctx.orders = [];
  for (const key of ['evt-a', 'evt-b']) {
    const { placeOrder } = await ctx.h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
      input: { customerId: `c-${key}`, lines: [{ sku: 'EVT-1', quantity: 1, unitPrice: 250 }] },
      key,
    });
    ctx.orders.push(placeOrder.orderId);
    await ctx.h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  }
  // The saga's last commands (StockCommitted …) land after the order is confirmed.
  await eventually('both sagas completed', async () => {
    for (const id of ctx.orders) {
      const { saga } = await ctx.h.ok(`query($id: ID!) { saga(id: $id) { status } }`, { id });
      if (saga?.status !== 'COMPLETED') return undefined;
    }
    return true;
  });
});
test.after(async ({ h }) => h?.close());

test("stream: an order's events in revision order with data, metadata and the current revision", async ({
  h,
  orders,
}) => {
  const name = `order-${orders[0]}`;
  const { stream } = await h.ok<StreamAnswer>(STREAM, { name });
  assert.equal(stream.name, name);
  assert.ok(stream.events.length >= 2, 'created and confirmed at least');
  assert.deepEqual(
    stream.events.map((e) => e.revision),
    stream.events.map((_, i) => String(i)),
  );
  assert.equal(stream.revision, String(stream.events.length - 1));
  assert.equal(stream.nextRevision, null);
  const [created] = stream.events;
  assert.equal(created!.type, 'OrderCreated');
  assert.equal(created!.streamName, name);
  assert.equal((created!.data as { orderId: string }).orderId, orders[0]);
  assert.equal(created!.metadata.correlationId, orders[0]);
  assert.equal(created!.metadata.recordedAt, undefined, 'recordedAt is its own field');
  assert.ok(Date.parse(created!.recordedAt) > Date.now() - 60_000);
  assert.match(created!.position, /^\d+$/);
  assert.match(created!.id, /^[0-9a-f-]{36}$/);
  assert.ok(stream.events.some((e) => e.type === 'OrderConfirmed'));

  // Paging by revision: one event per page, nextRevision leads to the next.
  const seen: string[] = [];
  let from: string | null = '0';
  while (from !== null) {
    const page: StreamAnswer = await h.ok<StreamAnswer>(STREAM, { name, from, limit: 1 });
    assert.equal(page.stream.events.length, 1);
    seen.push(page.stream.events[0]!.id);
    from = page.stream.nextRevision;
  }
  assert.deepEqual(
    seen,
    stream.events.map((e) => e.id),
  );
  const past = await h.ok<StreamAnswer>(STREAM, { name, from: '1000' });
  assert.deepEqual(past.stream.events, []);
  assert.equal(past.stream.revision, stream.revision);
});

test('stream: an unknown stream is empty with a null revision, not an error', async ({ h }) => {
  const { stream } = await h.ok<StreamAnswer>(STREAM, { name: 'order-nobody' });
  assert.deepEqual(stream, { name: 'order-nobody', revision: null, nextRevision: null, events: [] });
});

test('events: $all pages by position with a type filter', async ({ h, orders }) => {
  const all = await h.ok<EventsAnswer>(EVENTS, { limit: 500 });
  const positions = all.events.events.map((e) => BigInt(e.position));
  assert.ok(positions.length > 6);
  assert.deepEqual(
    positions,
    [...positions].sort((a, b) => (a < b ? -1 : 1)),
    'position order',
  );
  assert.equal(all.events.pageInfo.hasNextPage, false);
  assert.equal(all.events.headPosition, all.events.events.at(-1)!.position);

  const created: Logged[] = [];
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 5, 'paging ends');
    const page: EventsAnswer = await h.ok<EventsAnswer>(EVENTS, { types: ['OrderCreated'], limit: 1, after });
    created.push(...page.events.events);
    if (!page.events.pageInfo.hasNextPage) break;
    after = page.events.pageInfo.endCursor;
  }
  assert.deepEqual(
    created.map((e) => (e.data as { orderId: string }).orderId),
    orders,
  );
  assert.ok(created.every((e) => e.type === 'OrderCreated'));
  const rest = await h.ok<EventsAnswer>(EVENTS, { after: created[0]!.position, types: ['OrderCreated'] });
  assert.deepEqual(
    rest.events.events.map((e) => e.id),
    [created[1]!.id],
  );
});

test('events: by order id (its stream and events naming it) and by correlation id', async ({ h, orders }) => {
  const [mine, other] = orders as [string, string];
  const byOrder = (await h.ok<EventsAnswer>(EVENTS, { orderId: mine, limit: 500 })).events.events;
  const streams = new Set(byOrder.map((e) => e.streamName));
  assert.ok(streams.has(`order-${mine}`));
  assert.ok(streams.has('inventory-EVT-1'), 'the stock reservation, in the SKU stream');
  assert.ok(byOrder.some((e) => e.type === 'StockReserved'));
  for (const e of byOrder)
    assert.ok(
      e.streamName === `order-${mine}` || (e.data as { orderId?: string }).orderId === mine,
      `${e.type} of ${e.streamName} is about ${mine}`,
    );
  assert.ok(!JSON.stringify(byOrder).includes(other), 'nothing of the other order');

  const reserved = (await h.ok<EventsAnswer>(EVENTS, { orderId: mine, types: ['StockReserved'] })).events
    .events;
  assert.deepEqual(
    reserved.map((e) => e.type),
    ['StockReserved'],
  );

  const byCorrelation = (await h.ok<EventsAnswer>(EVENTS, { correlationId: mine, limit: 500 })).events.events;
  assert.ok(byCorrelation.length >= 3);
  assert.ok(byCorrelation.every((e) => e.metadata.correlationId === mine));
  assert.ok(
    byCorrelation.some((e) => e.streamName !== `order-${mine}`),
    'other streams of the same work',
  );

  // Paging a search: two pages of one give the first two matches.
  const first = (await h.ok<EventsAnswer>(EVENTS, { correlationId: mine, limit: 1 })).events;
  assert.equal(first.pageInfo.hasNextPage, true);
  const second = (
    await h.ok<EventsAnswer>(EVENTS, { correlationId: mine, limit: 1, after: first.pageInfo.endCursor })
  ).events;
  assert.deepEqual(
    [...first.events, ...second.events].map((e) => e.id),
    byCorrelation.slice(0, 2).map((e) => e.id),
  );
  const none = (await h.ok<EventsAnswer>(EVENTS, { correlationId: 'no-such-work' })).events;
  assert.deepEqual(none.events, []);
  assert.deepEqual(none.pageInfo, { hasNextPage: false, endCursor: null });
});

test('bad input is VALIDATION_FAILED naming the field, and reads nothing', async ({ h }) => {
  const before = await h.eventCount();
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [STREAM, { name: 'order-x', limit: 0 }, 'limit'],
    [STREAM, { name: 'order-x', limit: 501 }, 'limit'],
    [STREAM, { name: '' }, 'name'],
    [STREAM, { name: 'x'.repeat(201) }, 'name'],
    [STREAM, { name: '$all' }, 'name'],
    [STREAM, { name: 'order-x', from: '-1' }, 'from'],
    [STREAM, { name: 'order-x', from: '1.5' }, 'from'],
    [EVENTS, { limit: 0 }, 'limit'],
    [EVENTS, { limit: 100_000 }, 'limit'],
    [EVENTS, { after: 'abc' }, 'after'],
    [EVENTS, { types: [] }, 'types'],
    [EVENTS, { types: [''] }, 'types'],
    [EVENTS, { types: Array.from({ length: 21 }, (_, i) => `T${i}`) }, 'types'],
    [EVENTS, { correlationId: '' }, 'correlationId'],
    [EVENTS, { orderId: 'o'.repeat(201) }, 'orderId'],
  ];
  for (const [query, variables, field] of cases) {
    const response = await h.gql(query, variables);
    assert.equal(code(response), 'VALIDATION_FAILED', JSON.stringify(variables));
    assert.equal(response.errors?.[0]?.extensions?.field, field, JSON.stringify(variables));
    assert.equal(response.data, null);
  }
  assert.equal(await h.eventCount(), before);
});

test('a customer key is FORBIDDEN and no key UNAUTHENTICATED', async ({ h, orders }) => {
  const customer = await h.customerAuth('c-evt-a');
  for (const [query, variables] of [
    [STREAM, { name: `order-${orders[0]}` }],
    [EVENTS, { orderId: orders[0] }],
  ] as const) {
    const refused = await h.gqlAs(customer, query, variables);
    assert.equal(code(refused), 'FORBIDDEN');
    assert.equal(refused.data, null);
    assert.equal(code(await h.gqlAs(null, query, variables)), 'UNAUTHENTICATED');
  }
});

test.run();
