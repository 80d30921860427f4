import * as assert from 'node:assert/strict';
import { projections, verifyProjection } from '@orderflow/projections';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, PRODUCT, REGISTER, startHarness, type Harness } from './test/harness.ts';

const REFUND = `mutation($id: ID!, $lines: [RefundLineInput!], $reason: String!, $restock: Boolean, $refundId: ID) {
  refundOrder(orderId: $id, lines: $lines, reason: $reason, restockOnReturn: $restock, refundId: $refundId) {
    refundId status amount currency lines { sku quantity amount } position
  }
}`;
const ORDER = `query($id: ID!, $at: String) {
  order(id: $id, minPosition: $at) { status total refundedAmount }
  orderStatus(id: $id, minPosition: $at) { status }
}`;
const SAGA = `query($id: ID!) { saga(id: $id) { status state } }`;
const SHIP = `mutation($id: ID!) { shipOrder(orderId: $id, carrier: "RM", trackingNumber: "T1") { position } }`;

const test = suite<{ h: Harness }>('after the sale: refunds');
test.after.each(async ({ h }) => h?.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

/** Registers MUG (price 250) and TEA (price 400) and places a confirmed order of 3 MUG + 1 TEA. */
async function confirmedOrder(h: Harness, waitFor = ['CONFIRMED']): Promise<string> {
  await h.ok(REGISTER, { sku: 'MUG', stock: 10, price: 250 });
  await h.ok(REGISTER, { sku: 'TEA', stock: 10, price: 400 });
  const { placeOrder } = await h.ok(PLACE, {
    input: {
      customerId: 'c-1',
      lines: [
        { sku: 'MUG', quantity: 3 },
        { sku: 'TEA', quantity: 1 },
      ],
    },
    key: 'k-1',
  });
  await h.waitForStatus(placeOrder.orderId, waitFor, 15_000);
  return placeOrder.orderId as string;
}

/** The saga's status once it is one of `statuses`. */
const sagaSettles = (h: Harness, id: string, statuses: string[]) =>
  eventually(
    `saga ${id} ${statuses.join('|')}`,
    async () => {
      const { saga } = await h.ok(SAGA, { id });
      return saga && statuses.includes(saga.status) ? saga : undefined;
    },
    { timeoutMs: 20_000 },
  );

test('a partial, then a full refund: PARTIALLY_REFUNDED, then REFUNDED; stock back on hand; read models agree', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5, redis: true }));
  const id = await confirmedOrder(h);
  await h.ok(SHIP, { id });
  // CONFIRMED comes before StockCommitted (the saga commits stock on OrderConfirmed): read the
  // baseline once the commit of the order's 3 MUG of 10 is projected, or a late commit and the
  // restock cancel out and the check below waits for ever.
  const before = await eventually("the order's stock committed", async () =>
    (await h.ok(PRODUCT, { sku: 'MUG' })).product.onHand === 7 ? 7 : undefined,
  );
  const partial = await h.ok(REFUND, {
    id,
    lines: [{ sku: 'MUG', quantity: 1 }],
    reason: 'broken',
    restock: true,
  });
  assert.deepEqual(
    [partial.refundOrder.status, partial.refundOrder.amount, partial.refundOrder.lines],
    ['REQUESTED', 250, [{ sku: 'MUG', quantity: 1, amount: 250 }]],
  );
  await sagaSettles(h, `returns:${partial.refundOrder.refundId}`, ['COMPLETED']);
  const afterPartial = await eventually('partly refunded', async () => {
    const r = await h.ok(ORDER, { id });
    return r.order.status === 'PARTIALLY_REFUNDED' && r.orderStatus.status === 'PARTIALLY_REFUNDED'
      ? r
      : undefined;
  });
  assert.equal(afterPartial.order.refundedAmount, 250);
  // OrderRefunded → the returns saga sends Restock → StockAdded → the stock read model: three
  // asynchronous hops, slow on two loaded cores.
  await eventually(
    'the returned mug is on hand again',
    async () => ((await h.ok(PRODUCT, { sku: 'MUG' })).product.onHand === before + 1 ? true : undefined),
    { timeoutMs: 30_000 },
  );
  assert.equal(
    code(await h.gql(REFUND, { id, lines: [{ sku: 'MUG', quantity: 3 }], reason: 'again' })),
    'REFUND_EXCEEDS_PAYMENT',
    'only 2 mugs are left to refund',
  );

  const full = await h.ok(REFUND, { id, reason: 'customer returned everything', refundId: 'rf-full' });
  assert.equal(full.refundOrder.amount, 2 * 250 + 400, 'the rest of the order');
  const again = await h.ok(REFUND, { id, reason: 'customer returned everything', refundId: 'rf-full' });
  assert.equal(again.refundOrder.position, null, 'the same refundId again is a repeat');
  await sagaSettles(h, 'returns:rf-full', ['COMPLETED']);
  const done = await eventually('refunded', async () => {
    const r = await h.ok(ORDER, { id });
    return r.order.status === 'REFUNDED' && r.orderStatus.status === 'REFUNDED' ? r : undefined;
  });
  assert.equal(done.order.refundedAmount, done.order.total);
  assert.equal(await h.eventCount('RefundCompleted'), 2);
  assert.equal(code(await h.gql(REFUND, { id, reason: 'more' })), 'INVALID_STATE', 'nothing left');
  assert.equal(code(await h.gql(SHIP, { id })), 'INVALID_STATE');
  for (const projection of projections) {
    const result = await verifyProjection(h.orderflow.db, h.orderflow.store, projection);
    assert.deepEqual(result.differences, [], projection.name);
  }
});

test('refusals: a cancelled order is INVALID_STATE, an unknown line VALIDATION_FAILED, customers FORBIDDEN', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 0, latencyMs: 5 }));
  const cancelled = await confirmedOrder(h, ['CANCELLED']);
  assert.equal(code(await h.gql(REFUND, { id: cancelled, reason: 'x' })), 'INVALID_STATE');
  assert.equal(code(await h.gql(REFUND, { id: 'nope', reason: 'x' })), 'NOT_FOUND');
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-2', lines: [{ sku: 'MUG', quantity: 1 }] },
    key: 'k-2',
  });
  assert.equal(
    code(await h.gql(REFUND, { id: placeOrder.orderId, lines: [{ sku: 'SOCK', quantity: 1 }], reason: 'x' })),
    'INVALID_STATE',
    'not confirmed (its payment is declined) comes before the line check',
  );
  const customer = await h.customerAuth('c-1');
  assert.equal(code(await h.gqlAs(customer, REFUND, { id: cancelled, reason: 'x' })), 'FORBIDDEN');
  assert.equal(await h.eventCount('OrderRefundRequested'), 0, 'nothing was written');
});

test('an unknown line and a bad quantity are VALIDATION_FAILED on a confirmed order', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  const id = await confirmedOrder(h);
  assert.equal(
    code(await h.gql(REFUND, { id, lines: [{ sku: 'SOCK', quantity: 1 }], reason: 'x' })),
    'VALIDATION_FAILED',
  );
  assert.equal(
    code(await h.gql(REFUND, { id, lines: [{ sku: 'MUG', quantity: 0 }], reason: 'x' })),
    'VALIDATION_FAILED',
  );
  assert.equal(code(await h.gql(REFUND, { id, reason: '' })), 'VALIDATION_FAILED');
  assert.equal(await h.eventCount('OrderRefundRequested'), 0);
});

test('the provider refuses: RefundFailed recorded, the saga compensated, the order as it was', async (ctx) => {
  const h = (ctx.h = await startHarness({
    server: { paymentSimulator: { approvalRate: 1, latencyMs: 5, refundApprovalRate: 0 } },
  }));
  const id = await confirmedOrder(h);
  const { refundOrder } = await h.ok(REFUND, { id, reason: 'broken', restock: true });
  const saga = await sagaSettles(h, `returns:${refundOrder.refundId}`, ['COMPENSATED']);
  assert.equal(saga.state.failure, 'REFUND_DECLINED_BY_SIMULATOR');
  assert.equal(await h.eventCount('RefundFailed'), 1);
  assert.equal(await h.eventCount('OrderRefundDeclined'), 1);
  assert.equal(await h.eventCount('OrderRefunded'), 0);
  const { order } = await h.ok(ORDER, { id });
  assert.deepEqual([order.status, order.refundedAmount], ['CONFIRMED', 0]);
  const retry = await h.ok(REFUND, { id, lines: [{ sku: 'TEA', quantity: 1 }], reason: 'try again' });
  assert.equal(retry.refundOrder.amount, 400, 'the declined units are free to refund again');
});

test('the provider never answers: asked again, then given up (PROVIDER_TIMEOUT) and compensated', async (ctx) => {
  const h = (ctx.h = await startHarness({
    server: {
      paymentSimulator: { approvalRate: 1, latencyMs: 5, refundAnswerRate: 0 },
      refundTimeoutMs: 300,
      refundAttempts: 2,
      processManager: { timerIntervalMs: 50 },
    },
  }));
  const id = await confirmedOrder(h);
  const { refundOrder } = await h.ok(REFUND, { id, lines: [{ sku: 'MUG', quantity: 2 }], reason: 'late' });
  const saga = await sagaSettles(h, `returns:${refundOrder.refundId}`, ['COMPENSATED']);
  assert.match(saga.state.failure, /PROVIDER_TIMEOUT: no answer after 2 attempts/);
  assert.equal(await h.eventCount('RefundRequested'), 2, 'the first attempt and one retry');
  assert.equal(await h.eventCount('RefundFailed'), 1);
  assert.equal(await h.eventCount('OrderRefundDeclined'), 1);
  assert.equal((await h.ok(ORDER, { id })).order.status, 'CONFIRMED');
});

test('a capture after the void is recorded and refunded automatically, never lost', async (ctx) => {
  // The payment times out after 200 ms and is voided; the simulator answers 0.75–2.25 s later.
  const h = (ctx.h = await startHarness({
    server: {
      paymentSimulator: { approvalRate: 1, latencyMs: 1500 },
      paymentTimeoutMs: 200,
      processManager: { timerIntervalMs: 50 },
    },
  }));
  const id = await confirmedOrder(h, ['CANCELLED']);
  assert.equal((await h.orderStatus(id))?.cancellationReason, 'PAYMENT_TIMEOUT');
  const saga = await sagaSettles(h, `returns:late-capture-${id}`, ['COMPLETED']);
  assert.equal(saga.state.amount, 3 * 250 + 400, 'the whole captured amount goes back');
  assert.equal(await h.eventCount('PaymentCapturedAfterVoid'), 1);
  assert.equal(await h.eventCount('RefundCompleted'), 1);
  assert.equal((await h.orderStatus(id))?.status, 'CANCELLED', 'the order stays cancelled');
});

test.run();
