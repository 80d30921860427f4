import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { COMPENSATION_FORCED } from '../runtime/process-manager.ts';
import { input, processManagerSpecification } from '../testing/specification.ts';
import { createOrderFulfillment, PAYMENT_TIMED_OUT } from './index.ts';

const pm = createOrderFulfillment({ paymentTimeoutMs: 60_000 });
const spec = processManagerSpecification(pm);
const at = new Date('2026-11-20T10:00:00.000Z');
const orderId = 'o-1';

/** An order of SKU A with coupon SAVE10 (10 % off 500 = 50): total 450. */
const created = input('OrderCreated', {
  orderId,
  customerId: 'c',
  lines: [{ sku: 'A', quantity: 5, unitPrice: 100, discount: 50 }],
  subtotal: 500,
  discount: 50,
  coupons: [{ code: 'SAVE10', discount: 50 }],
  total: 450,
  currency: 'GBP',
  placedAt: at.toISOString(),
});
const stockReserved = input('StockReserved', { sku: 'A', orderId, quantity: 5 });
const couponReserved = input('CouponReserved', { code: 'SAVE10', orderId, customerId: 'c' });
const couponReleased = input('CouponReleased', { code: 'SAVE10', orderId, customerId: 'c' });
const couponRedeemed = input('CouponRedeemed', { code: 'SAVE10', orderId, customerId: 'c' });
const refused = input('CouponReservationRefused', {
  code: 'SAVE10',
  orderId,
  customerId: 'c',
  reason: 'EXHAUSTED',
});
const requested = input('PaymentRequested', { paymentId: orderId, orderId });
const paid = input('PaymentConfirmed', { paymentId: orderId, orderId, providerRef: 'p', amount: 450 });
const confirmed = input('OrderConfirmed', { orderId });
const awaitingPayment = [created, stockReserved, couponReserved, requested];
const kinds = (commands: ReadonlyArray<{ type: string }>) => commands.map((c) => c.type);

test('OrderCreated reserves the stock and every coupon, in parallel', () => {
  const result = spec.given([]).when(created);
  assert.deepEqual(kinds(result.raw), ['ReserveStock', 'ReserveCoupon']);
  assert.deepEqual(result.raw[1]!.data, {
    code: 'SAVE10',
    orderId,
    customerId: 'c',
    currency: 'GBP',
    subtotal: 500,
    skus: ['A'],
    codes: ['SAVE10'],
    placedAt: at.toISOString(),
  });
});

test('payment is requested for the discounted total only once stock and coupon are both reserved', () => {
  assert.deepEqual(spec.given([created]).when(stockReserved).raw, []);
  for (const [first, last] of [
    [stockReserved, couponReserved],
    [couponReserved, stockReserved],
  ] as const) {
    const result = spec.given([created, first]).when(last);
    assert.deepEqual(kinds(result.raw), ['RequestPayment']);
    const request = result.raw[0]!;
    assert.ok(request.type === 'RequestPayment');
    assert.equal(request.data.amount, 450);
    assert.equal(result.state!.status, 'awaiting_payment');
  }
});

test('a refused coupon releases the reserved stock and cancels COUPON_REJECTED naming the code and why', () => {
  const result = spec.given([created, stockReserved]).when(refused);
  assert.deepEqual(kinds(result.raw), ['ReleaseStock', 'CancelOrder']);
  assert.deepEqual(result.raw[1]!.data, {
    orderId,
    reason: 'COUPON_REJECTED',
    cancelledAt: at.toISOString(),
    coupon: { code: 'SAVE10', reason: 'EXHAUSTED' },
  });
  // stock reserved after the refusal is released as well
  assert.deepEqual(kinds(spec.given([created, refused]).when(stockReserved).raw), ['ReleaseStock']);
  const done = spec
    .given([created, stockReserved, refused, input('OrderCancelled', { orderId, reason: 'COUPON_REJECTED' })])
    .when(input('StockReleased', { sku: 'A', orderId, quantity: 5 }));
  assert.equal(done.status, 'compensated');
});

test('out of stock releases the reserved coupon; a coupon reserved late is released', () => {
  const failed = input('StockReservationFailed', { sku: 'A', orderId, reason: 'INSUFFICIENT_STOCK' });
  const result = spec.given([created, couponReserved]).when(failed);
  assert.deepEqual(kinds(result.raw), ['ReleaseCoupon', 'CancelOrder']);
  assert.deepEqual(kinds(spec.given([created, failed]).when(couponReserved).raw), ['ReleaseCoupon']);
  const cancelled = input('OrderCancelled', { orderId, reason: 'OUT_OF_STOCK' });
  const notYet = spec.given([created, couponReserved, failed]).when(cancelled);
  assert.equal(notYet.status, 'compensating', 'the coupon is still held');
  assert.equal(
    spec.given([created, couponReserved, failed, cancelled]).when(couponReleased).status,
    'compensated',
  );
});

test('payment failed, payment timeout, customer cancel and forced compensation all release the coupon', () => {
  const failed = input('PaymentFailed', { paymentId: orderId, orderId, reason: 'declined' });
  const timedOut = input(PAYMENT_TIMED_OUT, { orderId }, new Date(at.getTime() + 60_000));
  const customer = input('OrderCancelled', { orderId, reason: 'CUSTOMER_CANCELLED' });
  const forced = input(COMPENSATION_FORCED, { orderId, actor: 'ops' });
  for (const trigger of [failed, timedOut, customer, forced]) {
    const types = kinds(spec.given(awaitingPayment).when(trigger).raw);
    assert.ok(types.includes('ReleaseStock'), `${trigger.type}: ${types.join(',')}`);
    assert.ok(types.includes('ReleaseCoupon'), `${trigger.type}: ${types.join(',')}`);
  }
});

test('the confirmed order commits its stock and redeems its coupon; completed only once both are done', () => {
  const result = spec.given([...awaitingPayment, paid]).when(confirmed);
  assert.deepEqual(kinds(result.raw), ['CommitStock', 'RedeemCoupon']);
  const committed = input('StockCommitted', { sku: 'A', orderId, quantity: 5 });
  assert.equal(spec.given([...awaitingPayment, paid, confirmed]).when(committed).state!.status, 'confirming');
  assert.equal(
    spec.given([...awaitingPayment, paid, confirmed, committed]).when(couponRedeemed).status,
    'completed',
  );
});

test('an order without coupons reads as before (state of an instance started before coupons)', () => {
  const { coupons: _c, ...old } = created.data as Record<string, unknown>;
  const result = spec.given([]).when(input('OrderCreated', old));
  assert.deepEqual(kinds(result.raw), ['ReserveStock']);
  assert.deepEqual(kinds(spec.given([input('OrderCreated', old)]).when(stockReserved).raw), [
    'RequestPayment',
  ]);
});

test.run();
