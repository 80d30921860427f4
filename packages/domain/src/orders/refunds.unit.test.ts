import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { foldEvents } from '@orderflow/core';
import { deciderSpecification } from '@orderflow/core/testing';
import {
  orderDecider,
  refundAmount,
  type CompleteOrderRefund,
  type DeclineOrderRefund,
  type OrderCreated,
  type OrderEvent,
  type OrderRefundRequested,
  type RequestOrderRefund,
} from './index.ts';
import { cancelled, confirmed, created, later, orderId } from './test-fixtures.ts';

const spec = deciderSpecification(orderDecider);
const at = '2025-02-03T09:00:00.000Z';

const request = (refundId: string, lines?: Array<{ sku: string; quantity: number }>): RequestOrderRefund => ({
  type: 'RequestOrderRefund',
  data: { orderId, refundId, lines, reason: 'damaged', restockOnReturn: true, requestedAt: at },
});
const complete = (refundId: string): CompleteOrderRefund => ({
  type: 'CompleteOrderRefund',
  data: { orderId, refundId, providerRef: `ref-${refundId}`, refundedAt: at },
});
const decline = (refundId: string): DeclineOrderRefund => ({
  type: 'DeclineOrderRefund',
  data: { orderId, refundId, reason: 'DECLINED_BY_PROVIDER', declinedAt: at },
});

/** The events `command` decides after `given`. */
const decided = (given: OrderEvent[], command: Parameters<typeof orderDecider.decide>[0]) =>
  orderDecider.decide(command, foldEvents(orderDecider, given));

/** A discounted order: 3 mugs at 1250 with 1000 off the line, 1 tea at 899 with 1 off. */
const discounted: OrderCreated = {
  ...created,
  data: {
    ...created.data,
    lines: [
      { sku: 'MUG-BLUE', quantity: 3, unitPrice: 1250, discount: 1000 },
      { sku: 'tea_earl.grey', quantity: 1, unitPrice: 899, discount: 1 },
    ],
    subtotal: 3 * 1250 + 899,
    discount: 1001,
    coupons: [{ code: 'SPRING10', discount: 1001 }],
    total: 3 * 1250 + 899 - 1001,
  },
};

test('a confirmed order refunds one line: the units asked, at their unit price', () => {
  spec
    .given([created, confirmed])
    .when(request('r-1', [{ sku: 'MUG-BLUE', quantity: 1 }]))
    .then([
      {
        type: 'OrderRefundRequested',
        data: {
          orderId,
          refundId: 'r-1',
          lines: [{ sku: 'MUG-BLUE', quantity: 1, amount: 1250 }],
          amount: 1250,
          currency: 'EUR',
          full: false,
          reason: 'damaged',
          restockOnReturn: true,
          requestedAt: at,
        },
      },
    ]);
});

test('a refund without lines refunds the whole order; the same refundId again changes nothing', () => {
  const [requested] = decided([created, confirmed], request('r-1'));
  assert.equal(requested?.type, 'OrderRefundRequested');
  const data = (requested as OrderRefundRequested).data;
  assert.equal(data.amount, created.data.total);
  assert.equal(data.full, true);
  spec.given([created, confirmed, requested!]).when(request('r-1')).thenNothing();
});

test('partial refunds of a discounted order use each line discounted amount and add up to the total, exactly', () => {
  const history: OrderEvent[] = [discounted, confirmed];
  const amounts: number[] = [];
  for (const [i, lines] of [
    [{ sku: 'MUG-BLUE', quantity: 1 }],
    [{ sku: 'MUG-BLUE', quantity: 1 }],
    undefined,
  ].entries()) {
    const [requested] = decided(history, request(`r-${i}`, lines));
    history.push(requested!);
    const [refunded] = decided(history, complete(`r-${i}`));
    history.push(refunded!);
    amounts.push((requested as OrderRefundRequested).data.amount);
  }
  // The mug line is worth 3·1250 − 1000 = 2750: ⌊2750/3⌋ = 916, ⌊5500/3⌋ − 916 = 917, then the rest.
  assert.deepEqual(amounts, [916, 917, 917 + 898]);
  assert.equal(
    amounts.reduce((a, b) => a + b, 0),
    discounted.data.total,
  );
  const last = history.at(-1)!;
  assert.equal(last.type, 'OrderRefunded');
  assert.deepEqual(last.type === 'OrderRefunded' && [last.data.refundedTotal, last.data.fullyRefunded], [
    discounted.data.total,
    true,
  ]);
  assert.equal(foldEvents(orderDecider, history).status, 'refunded');
});

test('refundAmount: the last unit takes the remainder, never below 0', () => {
  assert.equal(refundAmount(2750, 3, 0, 0, 3), 2750);
  assert.equal(refundAmount(1, 3, 0, 0, 1), 0);
  assert.equal(refundAmount(1, 3, 2, 0, 1), 1);
  assert.equal(
    refundAmount(Number.MAX_SAFE_INTEGER, 7, 0, 0, 3),
    Number((BigInt(Number.MAX_SAFE_INTEGER) * 3n) / 7n),
  );
});

test('refusals: pending or cancelled → INVALID_STATE; unknown line → VALIDATION_FAILED; too many units → REFUND_EXCEEDS_PAYMENT', () => {
  spec.given([created]).when(request('r-1')).thenThrows('INVALID_STATE', 'pending');
  spec.given([created, cancelled]).when(request('r-1')).thenThrows('INVALID_STATE', 'cancelled');
  spec.given([]).when(request('r-1')).thenThrows('NOT_FOUND');
  spec
    .given([created, confirmed])
    .when(request('r-1', [{ sku: 'NOPE', quantity: 1 }]))
    .thenThrows('VALIDATION_FAILED', 'no line NOPE');
  spec
    .given([created, confirmed])
    .when(request('r-1', [{ sku: 'MUG-BLUE', quantity: 3 }]))
    .thenThrows('REFUND_EXCEEDS_PAYMENT', '2 left');
  spec
    .given([created, confirmed])
    .when(request('r-1', [{ sku: 'MUG-BLUE', quantity: 0 }]))
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([created, confirmed])
    .when({ ...request('r-1'), data: { ...request('r-1').data, reason: ' ' } })
    .thenThrows('VALIDATION_FAILED');
});

test('units held by a pending refund cannot be refunded twice; a declined refund frees them', () => {
  const [held] = decided([created, confirmed], request('r-1', [{ sku: 'MUG-BLUE', quantity: 2 }]));
  spec
    .given([created, confirmed, held!])
    .when(request('r-2', [{ sku: 'MUG-BLUE', quantity: 1 }]))
    .thenThrows('REFUND_EXCEEDS_PAYMENT');
  const [declined] = decided([created, confirmed, held!], decline('r-1'));
  assert.equal(declined?.type, 'OrderRefundDeclined');
  spec.given([created, confirmed, held!, declined!]).when(decline('r-1')).thenNothing();
  const after = foldEvents(orderDecider, [created, confirmed, held!, declined!]);
  assert.equal(after.status, 'confirmed', 'a declined refund leaves the order as it was');
  const [again] = decided(
    [created, confirmed, held!, declined!],
    request('r-2', [{ sku: 'MUG-BLUE', quantity: 2 }]),
  );
  assert.equal(again?.type, 'OrderRefundRequested');
});

test('a fully refunded order refuses more refunds, shipping and cancelling; completing twice changes nothing', () => {
  const [requested] = decided([created, confirmed], request('r-1'));
  const [refunded] = decided([created, confirmed, requested!], complete('r-1'));
  const history = [created, confirmed, requested!, refunded!];
  spec.given(history).when(complete('r-1')).thenNothing();
  spec.given(history).when(decline('r-1')).thenThrows('INVALID_STATE');
  spec.given(history).when(request('r-2')).thenThrows('INVALID_STATE', 'refunded');
  spec
    .given(history)
    .when({ type: 'ShipOrder', data: { orderId, carrier: 'RM', trackingNumber: '1', shippedAt: later } })
    .thenThrows('INVALID_STATE');
  spec
    .given(history)
    .when({ type: 'CancelOrder', data: { orderId, reason: 'CUSTOMER_CANCELLED', cancelledAt: later } })
    .thenThrows('INVALID_STATE');
  spec.given(history).when(complete('r-9')).thenThrows('NOT_FOUND');
});

test('a partly refunded order still ships and is delivered, then refunds the rest', () => {
  const shipped: OrderEvent = {
    type: 'OrderShipped',
    data: { orderId, carrier: 'RM', trackingNumber: '1', shippedAt: later },
  };
  const [requested] = decided(
    [created, confirmed, shipped],
    request('r-1', [{ sku: 'tea_earl.grey', quantity: 1 }]),
  );
  const [refunded] = decided([created, confirmed, shipped, requested!], complete('r-1'));
  assert.deepEqual(
    refunded?.type === 'OrderRefunded' && [refunded.data.refundedTotal, refunded.data.fullyRefunded],
    [899, false],
  );
  const history = [created, confirmed, shipped, requested!, refunded!];
  spec
    .given(history)
    .when({ type: 'MarkDelivered', data: { orderId, deliveredAt: at } })
    .then([{ type: 'OrderDelivered', data: { orderId, deliveredAt: at } }]);
  const [rest] = decided(history, request('r-2'));
  assert.deepEqual(rest?.type === 'OrderRefundRequested' && rest.data.lines, [
    { sku: 'MUG-BLUE', quantity: 2, amount: 2500 },
  ]);
});

test('a refund the provider completes after it was declined is recorded, if its units are still free', () => {
  const [requested] = decided([created, confirmed], request('r-1', [{ sku: 'MUG-BLUE', quantity: 2 }]));
  const [declined] = decided([created, confirmed, requested!], decline('r-1'));
  const [late] = decided([created, confirmed, requested!, declined!], complete('r-1'));
  assert.equal(late?.type, 'OrderRefunded');
  const [other] = decided(
    [created, confirmed, requested!, declined!],
    request('r-2', [{ sku: 'MUG-BLUE', quantity: 1 }]),
  );
  spec
    .given([created, confirmed, requested!, declined!, other!])
    .when(complete('r-1'))
    .thenThrows('INVALID_STATE');
});

test.run();
