import * as assert from 'node:assert/strict';
import { inventoryDecider, type InventoryEvent } from '@orderflow/domain';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, PRODUCT, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('stock is never oversold');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

test('200 concurrent orders for a SKU with 50 units: exactly 50 committed, 150 cancelled OUT_OF_STOCK', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'HOT-1', stock: 50 });
  const placed = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      h.ok(PLACE, {
        input: { customerId: `c-${i}`, lines: [{ sku: 'HOT-1', quantity: 1, unitPrice: 250 }] },
        key: `k-${i}`,
      }),
    ),
  );
  assert.equal(new Set(placed.map((p) => p.placeOrder.orderId)).size, 200);
  const counts = await eventually(
    'every order settled',
    async () => {
      const data = await h.ok(`{
        confirmed: orders(status: CONFIRMED, first: 0) { totalCount }
        cancelled: orders(status: CANCELLED, first: 0) { totalCount }
      }`);
      return data.confirmed.totalCount + data.cancelled.totalCount === 200 ? data : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  assert.equal(counts.confirmed.totalCount, 50);
  assert.equal(counts.cancelled.totalCount, 150);
  const reasons = await h.ok(
    `{ orders(status: CANCELLED, first: 100) { edges { node { cancellationReason } } } }`,
  );
  assert.ok(
    reasons.orders.edges.every(
      (e: { node: { cancellationReason: string } }) => e.node.cancellationReason === 'OUT_OF_STOCK',
    ),
  );

  // Fold the SKU's stream event by event: available never negative; once every confirmed
  // order's CommitStock has landed, exactly 50 units are committed.
  const committed = await eventually('50 units committed', async () => {
    const events = await h.orderflow.store.readStream<InventoryEvent>('inventory-HOT-1');
    let state = inventoryDecider.initialState();
    let units = 0;
    for (const event of events) {
      state = inventoryDecider.evolve(state, event);
      if (state.status === 'registered')
        assert.ok(state.onHand - state.reserved >= 0, `negative stock at revision ${event.revision}`);
      if (event.type === 'StockCommitted') units += event.data.quantity;
    }
    assert.ok(units <= 50, `oversold: ${units} units committed`);
    return units === 50 && state.status === 'registered' && state.reserved === 0 ? units : undefined;
  });
  assert.equal(committed, 50);
  await eventually('read model settled', async () => {
    const { product } = await h.ok(PRODUCT, { sku: 'HOT-1' });
    return product.onHand === 0 && product.reserved === 0 ? true : undefined;
  });
});

test.run();
