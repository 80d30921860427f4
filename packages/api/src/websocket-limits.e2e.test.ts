import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { createApiKey, revokeApiKey } from './auth/api-keys.ts';
import { assertStillServing } from './test/bad-input.ts';
import { startHarness, type Harness } from './test/harness.ts';
import { DASHBOARD_SUBSCRIPTION } from './test/legit-queries.ts';
import { openWs, type RawWs, type WsMessage } from './test/ws-socket.ts';

/**
 * WebSocket hygiene on a listening server with small limits: connection_init timeout, caps per
 * key and per connection, revoked keys' sockets closed, subscriptions validated like HTTP. One
 * server for the suite; each test uses its own keys.
 */
const test = suite<{ h: Harness; url: string; events: number }>('websocket limits');
test.before(async (ctx) => {
  ctx.h = await startHarness({
    server: {
      limits: {
        websocket: {
          initTimeoutMs: 300,
          maxConnectionsPerKey: 2,
          maxSubscriptionsPerConnection: 2,
          authRecheckMs: 200,
        },
      },
    },
  });
  const address = await ctx.h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  ctx.url = `${address.replace('http', 'ws')}/graphql`;
});
test.before.each(async (ctx) => {
  ctx.events = await ctx.h.eventCount();
});
test.after.each(async ({ h, events }) => assertStillServing(h, events));
test.after(async ({ h }) => h.close());

const ORDER = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }`;
const subscribe = (ws: RawWs, id: string, query: string, variables: Record<string, unknown> = {}) =>
  ws.send({ id, type: 'subscribe', payload: { query, variables } });
const errorOf = (ws: RawWs, id: string) => ws.next((m) => m.type === 'error' && m.id === id);
const extensionsOf = (m: WsMessage) =>
  (m.payload as Array<{ extensions?: Record<string, unknown> }>)[0]?.extensions ?? {};

test('a socket that sends no connection_init is closed with 4408; a second init with 4429', async ({
  url,
  h,
}) => {
  const silent = await openWs(url);
  assert.deepEqual(await silent.closed(), { code: 4408, reason: 'Connection initialisation timeout' });
  const twice = await openWs(url);
  await twice.init(h.adminAuth);
  twice.send({ type: 'connection_init', payload: { authorization: h.adminAuth } });
  assert.equal((await twice.closed()).code, 4429);
});

test('at most N connections per key: the next is closed with 4429; other keys and freed slots are fine', async ({
  h,
  url,
}) => {
  const key = await h.customerAuth('ws-cap');
  const [one, two] = [await openWs(url), await openWs(url)];
  await one.init(key);
  await two.init(key);
  const three = await openWs(url);
  three.send({ type: 'connection_init', payload: { authorization: key } });
  const closed = await three.closed();
  assert.equal(closed.code, 4429);
  assert.match(closed.reason, /RATE_LIMITED/);
  const other = await openWs(url);
  await other.init(await h.customerAuth('ws-cap-other'));
  one.close();
  await one.closed();
  const again = await openWs(url);
  await again.init(key);
  for (const ws of [two, other, again]) ws.close();
});

test('at most N subscriptions per connection: the next is RATE_LIMITED until one completes', async ({
  h,
  url,
}) => {
  const ws = await openWs(url);
  await ws.init(h.adminAuth);
  // A subscription is established once an event published to it arrives (publish until one does).
  const established = async (id: string, orderId: string) => {
    const payload = {
      orderStatusChanged: { orderId, status: 'PENDING', position: '1', at: new Date().toISOString() },
    };
    const arrived = () => ws.messages.some((m) => m.type === 'next' && m.id === id);
    for (let i = 0; i < 250 && !arrived(); i++) {
      h.orderflow.app.graphql.pubsub.publish({ topic: `orderStatusChanged:${orderId}`, payload });
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(arrived(), `${id} established`);
  };
  for (const n of [1, 2]) {
    subscribe(ws, `s${n}`, ORDER, { id: `o-${n}` });
    await established(`s${n}`, `o-${n}`);
  }
  subscribe(ws, 's3', ORDER, { id: 'o-3' });
  assert.deepEqual(extensionsOf(await errorOf(ws, 's3')), {
    code: 'RATE_LIMITED',
    limit: 'subscriptionsPerConnection',
    max: 2,
  });
  ws.send({ id: 's1', type: 'complete' });
  subscribe(ws, 's4', ORDER, { id: 'o-4' });
  await established('s4', 'o-4');
  subscribe(ws, 's5', ORDER, { id: 'o-5' });
  assert.equal(extensionsOf(await errorOf(ws, 's5')).code, 'RATE_LIMITED');
  ws.close();
});

test("revoking a key closes that key's open sockets (4403); other keys stay connected", async ({
  h,
  url,
}) => {
  const { id, key } = await createApiKey(h.orderflow.db, { role: 'customer', customerId: 'ws-rev' });
  const revoked = await openWs(url);
  await revoked.init(`Bearer ${key}`);
  subscribe(revoked, 's1', ORDER, { id: 'o-rev' });
  const kept = await openWs(url);
  await kept.init(h.adminAuth);
  await revokeApiKey(h.orderflow.db, id);
  assert.deepEqual(await revoked.closed(), { code: 4403, reason: 'API key revoked' });
  subscribe(kept, 'k1', DASHBOARD_SUBSCRIPTION, {});
  await new Promise((r) => setTimeout(r, 400)); // two re-check rounds
  assert.ok(!kept.messages.some((m) => m.type === 'error'), JSON.stringify(kept.messages));
  kept.close();
  assert.equal((await kept.closed()).code, 1005);
});

test('subscriptions are validated like HTTP requests: strings, depth, unknown fields, tokens', async ({
  h,
  url,
}) => {
  const ws = await openWs(url);
  await ws.init(h.adminAuth);
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    [ORDER, { id: 'o\u0000' }, { code: 'VALIDATION_FAILED', field: 'orderId', reason: 'NUL_CHARACTER' }],
    [
      `subscription($t: String) { sagaUpdated(type: $t) { id } }`,
      { t: '\uD800' },
      { field: 'type', reason: 'UNPAIRED_SURROGATE' },
    ],
    [`subscription { sagaUpdated { id nope } }`, {}, { code: 'VALIDATION_FAILED' }],
    [
      `subscription { sagaUpdated { ${Array.from({ length: 30 }, (_, i) => `a${i}: id`).join(' ')} } }`,
      {},
      { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' },
    ],
    [
      `subscription { sagaUpdated { ${Array.from({ length: 10 }, (_, i) => `s${i}: steps(first: 500) { totalCount edges { cursor node { seq kind detail position actor at } } pageInfo { hasNextPage endCursor } }`).join(' ')} } }`,
      {},
      { code: 'QUERY_TOO_COMPLEX', limit: 'cost' },
    ],
    [
      `subscription { sagaUpdated { ${'id '.repeat(2500)} } }`,
      {},
      { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' },
    ],
    [
      `subscription { sagaUpdated { id } orderStatusChanged(orderId: "x") { status } }`,
      {},
      { code: 'VALIDATION_FAILED' },
    ],
  ];
  for (const [i, [query, variables, expected]] of cases.entries()) {
    subscribe(ws, `c${i}`, query, variables);
    const extensions = extensionsOf(await errorOf(ws, `c${i}`));
    for (const [key, value] of Object.entries(expected))
      assert.equal(extensions[key], value, `${query}: ${JSON.stringify(extensions)}`);
  }
  ws.close();
});

test('a message past the WebSocket size limit (64 KiB) closes the socket with 1009', async ({ h, url }) => {
  const ws = await openWs(url);
  await ws.init(h.adminAuth);
  subscribe(ws, 'big', `subscription { sagaUpdated { id } } # ${'x'.repeat(70_000)}`);
  assert.equal((await ws.closed()).code, 1009);
});

test("the dashboard's subscription still runs, and a customer follows an order as before", async ({
  h,
  url,
}) => {
  const ws = await openWs(url);
  await ws.init(h.adminAuth);
  subscribe(ws, 'd1', DASHBOARD_SUBSCRIPTION, { type: 'order-fulfillment' });
  const customer = await openWs(url);
  await customer.init(await h.customerAuth('ws-ok'));
  subscribe(customer, 'o1', ORDER, { id: 'o-ok' });
  await new Promise((r) => setTimeout(r, 100));
  for (const socket of [ws, customer]) {
    assert.ok(!socket.messages.some((m) => m.type === 'error'), JSON.stringify(socket.messages));
    socket.close();
  }
});

test.run();
