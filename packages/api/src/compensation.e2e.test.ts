import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, PRODUCT, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('compensations through GraphQL');
test.after.each(async ({ h }) => h.close());

test('payment declined: stock released, order cancelled PAYMENT_FAILED', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 0 }));
  await h.ok(REGISTER, { sku: 'PAY-1', stock: 4 });
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-9', lines: [{ sku: 'PAY-1', quantity: 3, unitPrice: 250 }] },
    key: 'k-9',
  });
  const order = await h.waitForStatus(placeOrder.orderId, ['CANCELLED']);
  assert.equal(order.cancellationReason, 'PAYMENT_FAILED');
  await eventually('stock released', async () => {
    const { product } = await h.ok(PRODUCT, { sku: 'PAY-1' });
    return product.onHand === 4 && product.reserved === 0 ? true : undefined;
  });
});

test('customer cancels while the payment is outstanding: stock released, payment voided', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 60_000 }));
  await h.ok(REGISTER, { sku: 'SLOW-1', stock: 4 });
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-10', lines: [{ sku: 'SLOW-1', quantity: 2, unitPrice: 250 }] },
    key: 'k-10',
  });
  await h.waitForStatus(placeOrder.orderId, ['AWAITING_PAYMENT']);
  const cancelled = await h.ok(`mutation($id: ID!) { cancelOrder(orderId: $id) { orderId position } }`, {
    id: placeOrder.orderId,
  });
  assert.ok(cancelled.cancelOrder.position);
  const order = await h.waitForStatus(placeOrder.orderId, ['CANCELLED']);
  assert.equal(order.cancellationReason, 'CUSTOMER_CANCELLED');
  await eventually('stock released and payment voided', async () => {
    const { product } = await h.ok(PRODUCT, { sku: 'SLOW-1' });
    const payment = await h.orderflow.store.readStream(`payment-${placeOrder.orderId}`);
    return product.reserved === 0 && product.onHand === 4 && payment.some((e) => e.type === 'PaymentVoided')
      ? true
      : undefined;
  });
  const again = await h.ok(`mutation($id: ID!) { cancelOrder(orderId: $id) { position } }`, {
    id: placeOrder.orderId,
  });
  assert.equal(again.cancelOrder.position, null, 'a repeated cancellation changes nothing');
});

test.run();
