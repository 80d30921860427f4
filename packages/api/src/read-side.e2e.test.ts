import * as assert from 'node:assert/strict';
import { deterministicId } from '@orderflow/core';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';
import { subscribe } from './test/ws-client.ts';

const test = suite<{ h: Harness }>('read side: freshness, subscriptions, reports, status');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

const place = (h: Harness, key: string, quantity = 1, shippingCountry = 'France') =>
  h.ok(PLACE, {
    input: { customerId: 'c-1', shippingCountry, lines: [{ sku: 'MUG-1', quantity, unitPrice: 250 }] },
    key,
  });

test('minPosition: a query right after a mutation sees its effect', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  for (let i = 0; i < 5; i++) {
    const { placeOrder } = await place(h, `k-${i}`);
    const { order } = await h.ok(
      `query($id: ID!, $p: String) { order(id: $id, minPosition: $p) { id status } }`,
      {
        id: placeOrder.orderId,
        p: placeOrder.position,
      },
    );
    assert.ok(order, `order ${i} visible at its own position`);
  }
});

test('minPosition: malformed is VALIDATION_FAILED; unreachable is TIMEOUT', async ({ h }) => {
  const bad = await h.gql(`{ orders(minPosition: "12x") { totalCount } }`);
  assert.equal(bad.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  assert.equal(bad.errors?.[0]?.extensions?.field, 'minPosition');
  const started = Date.now();
  const far = await h.gql(`{ orders(minPosition: "99999999999999999999") { totalCount } }`);
  assert.equal(far.errors?.[0]?.extensions?.code, 'TIMEOUT');
  assert.equal(far.errors?.[0]?.extensions?.projection, 'order-details');
  assert.ok(Date.now() - started >= 400, 'it waited before giving up');
});

test('orderStatusChanged pushes each status change over a real WebSocket', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  // The order id is derived from (customer, key), so we can subscribe before placing it.
  const id = deterministicId('order', 'c-1', 'k-sub');
  const sub = await subscribe<{ orderStatusChanged: { status: string; position: string } }>(
    `${address.replace('http', 'ws')}/graphql`,
    `subscription($id: ID!) { orderStatusChanged(orderId: $id) { orderId status cancellationReason position at } }`,
    { id },
    h.adminAuth,
  );
  try {
    await place(h, 'k-sub');
    const messages = await sub.next(3);
    assert.deepEqual(
      messages.map((m) => m.data.orderStatusChanged.status),
      ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED'],
    );
    const positions = messages.map((m) => BigInt(m.data.orderStatusChanged.position));
    assert.ok(positions[0]! < positions[1]! && positions[1]! < positions[2]!);
  } finally {
    await sub.close();
  }
});

test('dailySales reports confirmed orders by day and country; projections reports status', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 100 });
  const placed = [
    await place(h, 'a', 2, 'France'),
    await place(h, 'b', 3, 'France'),
    await place(h, 'c', 1, 'EIRE'),
  ];
  for (const p of placed) await h.waitForStatus(p.placeOrder.orderId, ['CONFIRMED']);
  const last = placed.at(-1)!.placeOrder.position;
  const { dailySales } = await h.ok(
    `query($p: String) { dailySales(minPosition: $p) { day country currency orders units revenue } }`,
    { p: last },
  );
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(
    dailySales
      .map((r: { country: string }) => r)
      .sort((a: { country: string }, b: { country: string }) => a.country.localeCompare(b.country)),
    [
      { day: today, country: 'EIRE', currency: 'GBP', orders: 1, units: 1, revenue: 250 },
      { day: today, country: 'France', currency: 'GBP', orders: 2, units: 5, revenue: 1250 },
    ],
  );
  const bad = await h.gql(`{ dailySales(from: "yesterday") { day } }`);
  assert.equal(bad.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  const { projections } = await h.ok(
    `{ projections { name store version state checkpoint lagPositions parked } }`,
  );
  assert.deepEqual(
    projections.map((p: { name: string; store: string; parked: number }) => [p.name, p.store, p.parked]),
    [
      ['order-details', 'postgres', 0],
      ['stock-levels', 'postgres', 0],
      ['daily-sales', 'postgres', 0],
      ['coupons', 'postgres', 0],
      ['stock-alerts', 'postgres', 0],
    ],
  );
  assert.ok(projections.every((p: { checkpoint: string }) => BigInt(p.checkpoint) > 0n));
});

test.run();
