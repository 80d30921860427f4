import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('Redis read models through GraphQL');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1, redis: true });
});
test.after.each(async ({ h }) => h.close());

test('order status, stock availability and top sellers from Redis agree with Postgres', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  await h.ok(REGISTER, { sku: 'TEA-2', stock: 10 });
  let last = '';
  for (const [key, sku, quantity] of [
    ['a', 'MUG-1', 3],
    ['b', 'TEA-2', 1],
    ['c', 'MUG-1', 2],
  ] as const) {
    const { placeOrder } = await h.ok(PLACE, {
      input: { customerId: 'c-1', lines: [{ sku, quantity, unitPrice: 250 }] },
      key,
    });
    await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
    last = placeOrder.orderId;
  }
  const { projections } = await h.ok(`{ projections { name store state } }`);
  assert.deepEqual(
    projections.filter((p: { store: string }) => p.store === 'redis').map((p: { name: string }) => p.name),
    ['order-status', 'stock-availability', 'top-sellers'],
  );
  // Redis catches up on its own; wait until it answers what Postgres answers.
  const read = () =>
    h.ok(
      `query($id: ID!) { orderStatus(id: $id) { status } stockAvailability(sku: "MUG-1") { onHand reserved available } topSellers(first: 5) { sku units } }`,
      { id: last },
    );
  const deadline = Date.now() + 10_000;
  let answer = await read();
  const expected = {
    orderStatus: { status: 'CONFIRMED' },
    stockAvailability: { onHand: 5, reserved: 0, available: 5 },
    topSellers: [
      { sku: 'MUG-1', units: 5 },
      { sku: 'TEA-2', units: 1 },
    ],
  };
  while (JSON.stringify(answer) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await read();
  }
  assert.deepEqual(answer, expected);
  // The Postgres twin is another processor: it may still be a batch behind Redis.
  const twin = () => h.ok(`{ product(sku: "MUG-1") { onHand reserved available } }`);
  let { product } = await twin();
  while (
    JSON.stringify(product) !== JSON.stringify(expected.stockAvailability) &&
    Date.now() < deadline + 5_000
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ({ product } = await twin());
  }
  assert.deepEqual(product, expected.stockAvailability, 'the Postgres twin says the same');
});

test.run();
