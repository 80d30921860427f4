import * as assert from 'node:assert/strict';
import { deterministicId } from '@orderflow/core';
import { suite } from 'uvu';
import { createApiKey, revokeApiKey } from './auth/api-keys.ts';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';
import { subscribe } from './test/ws-client.ts';

/** API keys and roles through GraphQL: who may call what, and what customers see. */
const test = suite<{ h: Harness }>('authentication and roles');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
  await ctx.h.ok(REGISTER, { sku: 'AUTH-1', stock: 50 });
});
test.after.each(async ({ h }) => h.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
const placeFor = (customerId: string, key: string) => ({
  input: { customerId, lines: [{ sku: 'AUTH-1', quantity: 1, unitPrice: 250 }] },
  key,
});

test('no key, a malformed header or an unknown key is UNAUTHENTICATED and changes nothing', async ({ h }) => {
  for (const authorization of [null, 'Basic abc', 'Bearer', 'Bearer of_not-a-key']) {
    assert.equal(
      code(await h.gqlAs(authorization, `{ products { totalCount } }`)),
      'UNAUTHENTICATED',
      String(authorization),
    );
    assert.equal(
      code(await h.gqlAs(authorization, PLACE, placeFor('c-1', `k-${authorization}`))),
      'UNAUTHENTICATED',
    );
  }
  const { orders } = await h.ok(`{ orders { totalCount } }`);
  assert.equal(orders.totalCount, 0, 'no order was placed');
});

test('a revoked key is refused; a fresh table key works', async ({ h }) => {
  const { id, key } = await createApiKey(h.orderflow.db, { role: 'admin', label: 'ops' });
  await revokeApiKey(h.orderflow.db, id);
  assert.equal(code(await h.gqlAs(`Bearer ${key}`, `{ products { totalCount } }`)), 'UNAUTHENTICATED');
  const other = await createApiKey(h.orderflow.db, { role: 'admin', label: 'ops-2' });
  const ok = await h.gqlAs(`Bearer ${other.key}`, `{ sagaStats { total } }`);
  assert.equal(ok.errors, undefined);
});

test('a customer key is FORBIDDEN on admin fields', async ({ h }) => {
  const customer = await h.customerAuth('c-1');
  for (const query of [
    `{ sagas { totalCount } }`,
    `{ saga(id: "x") { id } }`,
    `{ sagaStats { total } }`,
    `{ sagaThroughput { started } }`,
    `{ dailySales { day } }`,
    `{ projections { name } }`,
    `{ parkedEvents { eventId } }`,
    `mutation { retrySaga(id: "x") { commandIds } }`,
    `mutation { abortSaga(id: "x", reason: "r") { commandIds } }`,
    `mutation { restock(sku: "AUTH-1", quantity: 5) { sku } }`,
    `mutation { registerProduct(sku: "NEW", name: "n", unitPrice: 1, currency: "GBP", initialStock: 1) { sku } }`,
  ])
    assert.equal(code(await h.gqlAs(customer, query)), 'FORBIDDEN', query);
  const { product } = await h.ok(`{ product(sku: "AUTH-1") { onHand } }`);
  assert.equal(product.onHand, 50, 'restock was refused');
  assert.equal((await h.ok(`{ product(sku: "NEW") { sku } }`)).product, null, 'registerProduct was refused');
});

test('a customer places, sees and cancels only their own orders', async ({ h }) => {
  const alice = await h.customerAuth('alice');
  const bob = await h.customerAuth('bob');
  const mine = await h.gqlAs<{ placeOrder: { orderId: string; position: string } }>(
    alice,
    PLACE,
    placeFor('alice', 'a-1'),
  );
  assert.equal(mine.errors, undefined);
  const orderId = mine.data!.placeOrder.orderId;
  assert.equal(
    code(await h.gqlAs(alice, PLACE, placeFor('bob', 'a-2'))),
    'FORBIDDEN',
    'ordering for someone else',
  );
  await h.ok(PLACE, placeFor('bob', 'b-1')); // the admin may place for anyone
  await h.waitForStatus(orderId, ['CONFIRMED']);

  const own = await h.gqlAs<{
    orders: { totalCount: number; edges: Array<{ node: { customerId: string } }> };
  }>(
    alice,
    `{ orders(minPosition: "${mine.data!.placeOrder.position}") { totalCount edges { node { customerId } } } }`,
  );
  assert.equal(own.data!.orders.totalCount, 1, 'alice sees her order only');
  assert.deepEqual(
    own.data!.orders.edges.map((e) => e.node.customerId),
    ['alice'],
  );
  assert.equal(code(await h.gqlAs(alice, `{ orders(customerId: "bob") { totalCount } }`)), 'FORBIDDEN');

  const query = `query($id: ID!) { order(id: $id) { id } orderStatus(id: $id) { status } }`;
  const seenByAlice = await h.gqlAs<{ order: { id: string } | null; orderStatus: unknown }>(alice, query, {
    id: orderId,
  });
  assert.equal(seenByAlice.data!.order?.id, orderId);
  const seenByBob = await h.gqlAs<{ order: unknown; orderStatus: unknown }>(bob, query, { id: orderId });
  assert.deepEqual(seenByBob.data, { order: null, orderStatus: null }, "bob cannot see alice's order");

  const cancel = `mutation($id: ID!) { cancelOrder(orderId: $id) { orderId } }`;
  assert.equal(code(await h.gqlAs(bob, cancel, { id: orderId })), 'FORBIDDEN');
  assert.equal((await h.orderStatus(orderId))?.status, 'CONFIRMED', 'nothing changed');
});

test('subscriptions: the key travels in connection_init; customers follow only their orders', async ({
  h,
}) => {
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${address.replace('http', 'ws')}/graphql`;
  const ORDER_SUB = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }`;
  const alice = await h.customerAuth('alice');
  const { placeOrder } = await h.ok(PLACE, placeFor('alice', 'a-ws'));
  await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);

  const expectError = async (
    expected: string,
    query: string,
    variables: Record<string, unknown>,
    auth?: string,
  ) => {
    const sub = await subscribe(url, query, variables, auth);
    try {
      await assert.rejects(sub.next(1, 3000), (e: Error) => e.message.includes(expected), expected);
    } finally {
      await sub.close();
    }
  };
  await expectError('UNAUTHENTICATED', ORDER_SUB, { id: placeOrder.orderId });
  const bobs = await h.ok(PLACE, placeFor('bob', 'b-ws'));
  await expectError('FORBIDDEN', ORDER_SUB, { id: bobs.placeOrder.orderId }, alice);
  await expectError('FORBIDDEN', `subscription { sagaUpdated { id } }`, {}, alice);

  // Alice follows her next order before placing it (its id derives from customer and key).
  const id = deterministicId('order', 'alice', 'a-ws-2');
  const sub = await subscribe<{ orderStatusChanged: { status: string } }>(url, ORDER_SUB, { id }, alice);
  try {
    await h.gqlAs(alice, PLACE, placeFor('alice', 'a-ws-2'));
    const messages = await sub.next(3);
    assert.deepEqual(
      messages.map((m) => m.data.orderStatusChanged.status),
      ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED'],
    );
  } finally {
    await sub.close();
  }
});

test.run();
