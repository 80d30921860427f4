import * as assert from 'node:assert/strict';
import { couponStream } from '@orderflow/domain';
import { projections, verifyProjection } from '@orderflow/projections';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, PRODUCT, REGISTER, startHarness, type Harness } from './test/harness.ts';

const DEFINE = `mutation($input: DefineCouponInput!) { defineCoupon(input: $input) { code position } }`;
const DISABLE = `mutation($code: String!) { disableCoupon(code: $code, reason: "leaked") { code position } }`;
const COUPON = `query($code: String!) {
  coupon(code: $code) { code status reserved redeemed released refused remaining refusals { reason count } byDay { day reserved redeemed released refused } }
}`;
const ORDER = `query($id: ID!) {
  order(id: $id) { status cancellationReason rejectedCoupon { code reason } subtotal discount total coupons { code discount } lines { sku discount } }
}`;
const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id) { orderId } }`;

const test = suite<{ h: Harness }>('coupons in the order loop');
test.after.each(async ({ h }) => h?.close());

const place = (
  h: Harness,
  customerId: string,
  key: string,
  couponCodes: string[],
  quantity = 1,
  sku = 'MUG',
) => h.gql(PLACE, { input: { customerId, lines: [{ sku, quantity }], couponCodes }, key });

/** Every order of the test database, once each is CONFIRMED or CANCELLED. */
async function settledOrders(h: Harness, count: number, timeoutMs = 90_000) {
  return eventually(
    `${count} orders confirmed or cancelled`,
    async () => {
      const { rows } = (await h.orderflow.db.raw(
        `SELECT order_id, customer_id, status, cancellation_reason, rejected_coupon, discount, total, coupons
           FROM orders WHERE status IN ('CONFIRMED', 'CANCELLED')`,
      )) as {
        rows: Array<{
          order_id: string;
          customer_id: string;
          status: string;
          cancellation_reason: string | null;
          rejected_coupon: { code: string; reason: string } | null;
          discount: string;
          total: string;
          coupons: Array<{ code: string; discount: string }>;
        }>;
      };
      return rows.length === count ? rows : undefined;
    },
    { timeoutMs },
  );
}

/** The most orders ever holding `code` (reserved + redeemed) along its stream. */
async function peakUses(h: Harness, code: string) {
  let uses = 0;
  let peak = 0;
  for (const e of await h.orderflow.store.readStream(couponStream(code))) {
    if (e.type === 'CouponReserved') uses += 1;
    if (e.type === 'CouponReleased') uses -= 1;
    peak = Math.max(peak, uses);
  }
  return peak;
}

async function expectVerifyClean(h: Harness) {
  for (const projection of projections) {
    const result = await verifyProjection(h.orderflow.db, h.orderflow.store, projection);
    assert.deepEqual(result.differences, [], `${projection.name} differs from a rebuild`);
  }
}

test('500 concurrent orders on a code capped at 50: exactly 50 confirm with it, 450 cancelled EXHAUSTED, stock released', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 10_000, price: 1000 });
  await h.ok(DEFINE, { input: { code: 'CAP50', kind: 'PERCENT_OFF', value: 1000, totalRedemptions: 50 } });
  const placed = await Promise.all(
    Array.from({ length: 500 }, (_, i) => place(h, `c-${i}`, `k-${i}`, ['cap50'])),
  );
  assert.deepEqual(
    placed.filter((r) => r.errors),
    [],
    'every order is placed',
  );
  const orders = await settledOrders(h, 500);
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const cancelled = orders.filter((o) => o.status === 'CANCELLED');
  assert.equal(confirmed.length, 50);
  for (const o of confirmed) {
    assert.deepEqual([Number(o.discount), Number(o.total)], [100, 900]);
    assert.deepEqual(o.coupons, [{ code: 'CAP50', discount: 100 }]);
  }
  assert.equal(cancelled.length, 450);
  for (const o of cancelled) {
    assert.equal(o.cancellation_reason, 'COUPON_REJECTED');
    assert.deepEqual(o.rejected_coupon, { code: 'CAP50', reason: 'EXHAUSTED' });
  }
  assert.ok((await peakUses(h, 'CAP50')) <= 50, 'the coupon stream never held more than 50 uses');
  // Redemptions follow the confirmations; the read model follows the stream.
  const { coupon } = await eventually('50 redeemed', async () => {
    const c = await h.ok(COUPON, { code: 'CAP50' });
    return c.coupon.redeemed === 50 ? c : undefined;
  });
  assert.deepEqual(
    [coupon.reserved, coupon.redeemed, coupon.refused, coupon.remaining, coupon.refusals],
    [0, 50, 450, 0, [{ reason: 'EXHAUSTED', count: 450 }]],
  );
  assert.equal(coupon.byDay[0].redeemed, 50);
  const { product } = await eventually('stock settled', async () => {
    const p = await h.ok(PRODUCT, { sku: 'MUG' });
    return p.product.reserved === 0 ? p : undefined;
  });
  assert.equal(product.onHand, 10_000 - 50, 'only the confirmed orders took stock');
  await expectVerifyClean(h);
});

test('one customer, 20 concurrent orders, a once-per-customer code: one confirms with it', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 1000, price: 1000 });
  await h.ok(DEFINE, {
    input: { code: 'WELCOME', kind: 'AMOUNT_OFF', value: 300, currency: 'GBP', perCustomer: 1 },
  });
  const placed = await Promise.all(
    Array.from({ length: 20 }, (_, i) => place(h, 'c-1', `k-${i}`, ['WELCOME'])),
  );
  assert.deepEqual(
    placed.filter((r) => r.errors),
    [],
  );
  const orders = await settledOrders(h, 20);
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  assert.equal(confirmed.length, 1);
  assert.equal(Number(confirmed[0]!.total), 700);
  assert.ok(
    orders
      .filter((o) => o.status === 'CANCELLED')
      .every((o) => o.rejected_coupon?.reason === 'ALREADY_USED_BY_CUSTOMER'),
  );
});

/** Places one order with code SAVE10 and returns its id. */
async function orderWithCoupon(h: Harness, stock: number, quantity: number) {
  await h.ok(REGISTER, { sku: 'MUG', stock, price: 1000 });
  await h.ok(DEFINE, { input: { code: 'SAVE10', kind: 'PERCENT_OFF', value: 1000 } });
  const placed = await place(h, 'c-1', 'k-1', ['SAVE10'], quantity);
  assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
  return placed.data!.placeOrder.orderId as string;
}

/** Waits until SAVE10 was given back by `orderId`: held by nobody, released once. */
async function expectReleased(h: Harness) {
  const { coupon } = await eventually('coupon released', async () => {
    const c = await h.ok(COUPON, { code: 'SAVE10' });
    return c.coupon?.released === 1 ? c : undefined;
  });
  assert.deepEqual([coupon.reserved, coupon.redeemed, coupon.released], [0, 0, 1]);
  const types = (await h.orderflow.store.readStream(couponStream('SAVE10'))).map((e) => e.type);
  assert.deepEqual(types, ['CouponDefined', 'CouponReserved', 'CouponReleased']);
}

test('out of stock releases the coupon', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  const orderId = await orderWithCoupon(h, 1, 2);
  assert.equal((await h.waitForStatus(orderId, ['CANCELLED'])).cancellationReason, 'OUT_OF_STOCK');
  await expectReleased(h);
});

test('a declined payment releases the coupon; the payment asked for the discounted total', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 0, latencyMs: 5 }));
  const orderId = await orderWithCoupon(h, 10, 2);
  assert.equal((await h.waitForStatus(orderId, ['CANCELLED'])).cancellationReason, 'PAYMENT_FAILED');
  await expectReleased(h);
  const [requested] = await h.orderflow.store.readStream(`payment-${orderId}`);
  assert.equal(requested!.data.amount, 1800);
});

test('a payment timeout releases the coupon', async (ctx) => {
  const h = (ctx.h = await startHarness({
    approvalRate: 1,
    latencyMs: 60_000,
    server: { paymentTimeoutMs: 300, processManager: { timerIntervalMs: 50 } },
  }));
  const orderId = await orderWithCoupon(h, 10, 1);
  assert.equal((await h.waitForStatus(orderId, ['CANCELLED'])).cancellationReason, 'PAYMENT_TIMEOUT');
  await expectReleased(h);
});

test("the customer's cancellation releases the coupon", async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 60_000 }));
  const orderId = await orderWithCoupon(h, 10, 1);
  await h.waitForStatus(orderId, ['AWAITING_PAYMENT']);
  await h.ok(CANCEL, { id: orderId });
  assert.equal((await h.waitForStatus(orderId, ['CANCELLED'])).cancellationReason, 'CUSTOMER_CANCELLED');
  await expectReleased(h);
});

test('a confirmed order shows subtotal, discount, total and codes, and redeems the coupon', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  const orderId = await orderWithCoupon(h, 10, 3);
  await h.waitForStatus(orderId, ['CONFIRMED']);
  const { order } = await h.ok(ORDER, { id: orderId });
  assert.deepEqual(order, {
    status: 'CONFIRMED',
    cancellationReason: null,
    rejectedCoupon: null,
    subtotal: 3000,
    discount: 300,
    total: 2700,
    coupons: [{ code: 'SAVE10', discount: 300 }],
    lines: [{ sku: 'MUG', discount: 300 }],
  });
  const { coupon } = await eventually('redeemed', async () => {
    const c = await h.ok(COUPON, { code: 'save10' });
    return c.coupon.redeemed === 1 ? c : undefined;
  });
  assert.deepEqual([coupon.reserved, coupon.remaining], [0, null]);
  // a retry with the same key returns the same order
  const again = await place(h, 'c-1', 'k-1', ['SAVE10'], 3);
  assert.equal(again.data!.placeOrder.orderId, orderId);
});

test('codes refused before anything is written: unknown, expired, not stackable, disabled, bad', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 10, price: 1000 });
  const define = (input: Record<string, unknown>) =>
    h.ok(DEFINE, { input: { kind: 'PERCENT_OFF', value: 500, ...input } });
  await define({ code: 'OLD', validUntil: '2020-01-01T00:00:00Z' });
  await define({ code: 'ALONE' });
  await define({ code: 'TOGETHER', stackable: true });
  await define({ code: 'GONE' });
  await define({ code: 'BIGSPEND', minimumSubtotal: 1_000_000 });
  await h.ok(DISABLE, { code: 'GONE' });
  const before = await h.eventCount();
  const cases: Array<[string[], string, string | undefined]> = [
    [['NOPE'], 'NOT_FOUND', undefined],
    [['OLD'], 'COUPON_REJECTED', 'EXPIRED'],
    [['ALONE', 'TOGETHER'], 'COUPON_REJECTED', 'NOT_STACKABLE'],
    [['GONE'], 'COUPON_REJECTED', 'DISABLED'],
    [['BIGSPEND'], 'COUPON_REJECTED', 'NOT_APPLICABLE'],
    [['a b'], 'VALIDATION_FAILED', undefined],
    [['TOGETHER', 'together'], 'VALIDATION_FAILED', undefined],
    [['A1X', 'B1X', 'C1X', 'D1X', 'E1X', 'F1X'], 'VALIDATION_FAILED', undefined],
  ];
  for (const [codes, code, reason] of cases) {
    const response = await place(h, 'c-1', `k-${codes.join()}`, codes);
    assert.equal(
      response.errors?.[0]?.extensions?.code,
      code,
      `${codes.join()}: ${JSON.stringify(response.errors)}`,
    );
    if (reason) assert.equal(response.errors![0]!.extensions!.reason, reason);
  }
  assert.equal(await h.eventCount(), before, 'nothing was appended');
  const bad = await h.gql(DEFINE, { input: { code: 'PCT', kind: 'PERCENT_OFF', value: 20_000 } });
  assert.equal(bad.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  const twice = await h.gql(DEFINE, { input: { code: 'ALONE', kind: 'PERCENT_OFF', value: 900 } });
  assert.equal(twice.errors?.[0]?.extensions?.code, 'ALREADY_EXISTS');
});

test.run();
