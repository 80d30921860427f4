import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, PRODUCT, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('order flow through GraphQL');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

test('happy path: placed, stock reserved, paid, confirmed, stock committed', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  await h.ok(REGISTER, { sku: 'TEA-2', stock: 5, price: 199 });
  const { placeOrder } = await h.ok(PLACE, {
    input: {
      customerId: 'c-1',
      lines: [
        { sku: 'MUG-1', quantity: 3, unitPrice: 250 },
        { sku: 'TEA-2', quantity: 2, unitPrice: 199 },
      ],
    },
    key: 'k-1',
  });
  assert.ok(BigInt(placeOrder.position) > 0n);
  await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  const { order } = await h.ok(
    `query($id: ID!) { order(id: $id) { customerId status total currency lines { sku quantity unitPrice } createdAt updatedAt } }`,
    {
      id: placeOrder.orderId,
    },
  );
  assert.equal(order.total, 3 * 250 + 2 * 199);
  assert.equal(order.currency, 'GBP');
  assert.deepEqual(order.lines, [
    { sku: 'MUG-1', quantity: 3, unitPrice: 250 },
    { sku: 'TEA-2', quantity: 2, unitPrice: 199 },
  ]);
  await eventually('stock committed', async () => {
    const { product } = await h.ok(PRODUCT, { sku: 'MUG-1' });
    return product.onHand === 7 && product.reserved === 0 ? product : undefined;
  });
  const list = await h.ok(`{ orders(customerId: "c-1") { totalCount edges { node { id status } } } }`);
  assert.equal(list.orders.totalCount, 1);
});

test('out of stock: the reserved line is released and the order cancelled OUT_OF_STOCK', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'PLENTY', stock: 100 });
  await h.ok(REGISTER, { sku: 'SCARCE', stock: 1 });
  const { placeOrder } = await h.ok(PLACE, {
    input: {
      customerId: 'c-2',
      lines: [
        { sku: 'PLENTY', quantity: 5, unitPrice: 250 },
        { sku: 'SCARCE', quantity: 2, unitPrice: 250 },
      ],
    },
    key: 'k-2',
  });
  const order = await h.waitForStatus(placeOrder.orderId, ['CANCELLED']);
  assert.equal(order.cancellationReason, 'OUT_OF_STOCK');
  await eventually('stock released', async () => {
    const [a, b] = await Promise.all([h.ok(PRODUCT, { sku: 'PLENTY' }), h.ok(PRODUCT, { sku: 'SCARCE' })]);
    return a.product.reserved === 0 && a.product.onHand === 100 && b.product.available === 1
      ? true
      : undefined;
  });
});

test('customer cancellation of a confirmed order is refused with INVALID_STATE', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'X-1', stock: 3 });
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-3', lines: [{ sku: 'X-1', quantity: 1, unitPrice: 250 }] },
    key: 'k-3',
  });
  await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  const response = await h.gql(`mutation($id: ID!) { cancelOrder(orderId: $id) { orderId position } }`, {
    id: placeOrder.orderId,
  });
  assert.equal(response.errors?.[0]?.extensions?.code, 'INVALID_STATE');
  const missing = await h.gql(
    `mutation { cancelOrder(orderId: "00000000-0000-4000-8000-000000000000") { orderId } }`,
  );
  assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
});

test('health and readiness', async ({ h }) => {
  assert.equal((await h.orderflow.app.inject({ url: '/health' })).statusCode, 200);
  const ready = await h.orderflow.app.inject({ url: '/ready' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, 'ready');
});

test.run();
