import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { foldEvents } from '@orderflow/core';
import { deciderSpecification } from '@orderflow/core/testing';
import { ORDER_CANCELLATION_REASONS, orderDecider, orderStream, type CancelOrder } from './index.ts';
import { cancel, cancelled, confirm, confirmed, created, later, orderId } from './test-fixtures.ts';

const spec = deciderSpecification(orderDecider);

test('a pending order can be confirmed', () => {
  spec.given([created]).when(confirm).then([confirmed]);
});

test('confirming a confirmed order again changes nothing', () => {
  spec.given([created, confirmed]).when(confirm).thenNothing();
});

test('a cancelled order cannot be confirmed', () => {
  spec
    .given([created, cancelled])
    .when(confirm)
    .thenThrows('INVALID_STATE', 'a cancelled order cannot be confirmed');
});

test('confirming a missing order fails with NOT_FOUND', () => {
  spec.given([]).when(confirm).thenThrows('NOT_FOUND');
});

test('a pending order can be cancelled for each listed reason', () => {
  for (const reason of ORDER_CANCELLATION_REASONS) {
    const coupon = reason === 'COUPON_REJECTED' ? { code: 'SPRING10', reason: 'EXHAUSTED' as const } : null;
    const command: CancelOrder = {
      type: 'CancelOrder',
      data: { orderId, reason, cancelledAt: later, coupon },
    };
    spec
      .given([created])
      .when(command)
      .then([{ type: 'OrderCancelled', data: { orderId, reason, cancelledAt: later, coupon } }]);
  }
});

test('COUPON_REJECTED needs the coupon, and only it takes one', () => {
  const data = { orderId, cancelledAt: later };
  spec
    .given([created])
    .when({ type: 'CancelOrder', data: { ...data, reason: 'COUPON_REJECTED' } })
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([created])
    .when({
      type: 'CancelOrder',
      data: { ...data, reason: 'OUT_OF_STOCK', coupon: { code: 'SPRING10', reason: 'EXHAUSTED' } },
    })
    .thenThrows('VALIDATION_FAILED');
});

test('cancelling a cancelled order again changes nothing', () => {
  spec.given([created, cancelled]).when(cancel).thenNothing();
});

test('a confirmed order cannot be cancelled', () => {
  spec.given([created, confirmed]).when(cancel).thenThrows('INVALID_STATE', 'refund it instead');
});

test('cancelling a missing order fails with NOT_FOUND', () => {
  spec.given([]).when(cancel).thenThrows('NOT_FOUND');
});

test('a cancellation reason outside the list fails validation', () => {
  const command = {
    type: 'CancelOrder',
    data: { ...cancel.data, reason: 'BORED' },
  } as unknown as CancelOrder;
  spec.given([created]).when(command).thenThrows('VALIDATION_FAILED');
});

test('a command for another order fails validation', () => {
  spec
    .given([created])
    .when({ type: 'ConfirmOrder', data: { orderId: 'order-2', confirmedAt: later } })
    .thenThrows('VALIDATION_FAILED');
});

test('evolve: created → pending, then confirmed or cancelled, keeping the details', () => {
  const pending = foldEvents(orderDecider, [created]);
  assert.equal(pending.status, 'pending');
  // The state keeps the order's details; where its prices came from stays in the event.
  const { priceSource: _priceSource, ...details } = created.data;
  const done = foldEvents(orderDecider, [created, confirmed]);
  assert.deepEqual(done, { status: 'confirmed', ...details, confirmedAt: later, refunds: [] });
  const gone = foldEvents(orderDecider, [created, cancelled]);
  assert.deepEqual(gone, {
    status: 'cancelled',
    ...details,
    reason: 'PAYMENT_FAILED',
    cancelledAt: later,
  });
});

test('evolve ignores events that do not apply', () => {
  assert.deepEqual(foldEvents(orderDecider, [confirmed]), { status: 'empty' });
  const state = foldEvents(orderDecider, [created, confirmed, cancelled, created]);
  assert.equal(state.status, 'confirmed');
});

test('a confirmed order ships once and is delivered once; retries change nothing', () => {
  const ship = {
    type: 'ShipOrder' as const,
    data: { orderId, carrier: 'Royal Mail', trackingNumber: 'RM1', shippedAt: later },
  };
  const shipped = { type: 'OrderShipped' as const, data: ship.data };
  const deliver = { type: 'MarkDelivered' as const, data: { orderId, deliveredAt: later } };
  const delivered = { type: 'OrderDelivered' as const, data: deliver.data };
  spec.given([created, confirmed]).when(ship).then([shipped]);
  spec.given([created, confirmed, shipped]).when(ship).thenNothing();
  spec
    .given([created, confirmed, shipped])
    .when({ ...ship, data: { ...ship.data, trackingNumber: 'RM2' } })
    .thenThrows('INVALID_STATE');
  spec.given([created]).when(ship).thenThrows('INVALID_STATE');
  spec.given([created, cancelled]).when(ship).thenThrows('INVALID_STATE');
  spec.given([]).when(ship).thenThrows('NOT_FOUND');
  spec.given([created, confirmed, shipped]).when(deliver).then([delivered]);
  spec.given([created, confirmed, shipped, delivered]).when(deliver).thenNothing();
  spec.given([created, confirmed]).when(deliver).thenThrows('INVALID_STATE');
  spec.given([created, confirmed, shipped]).when(cancel).thenThrows('INVALID_STATE');
  spec
    .given([created, confirmed])
    .when({ ...ship, data: { ...ship.data, carrier: '' } })
    .thenThrows('VALIDATION_FAILED');
  assert.equal(foldEvents(orderDecider, [created, confirmed, shipped, delivered]).status, 'delivered');
});

test('orderStream names the stream order-<orderId>', () => {
  assert.equal(orderStream('0b9e'), 'order-0b9e');
});

test.run();
