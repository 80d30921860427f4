import * as assert from 'node:assert/strict';
import { newId, type RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import { orderFulfillment } from './index.ts';
import type { FulfillmentState } from './state.ts';

let position = 0n;
const at = new Date('2026-11-20T10:00:00.000Z');
const event = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: newId(),
  type,
  data,
  streamName: 'x-1',
  revision: 0n,
  position: ++position,
  metadata: { schemaVersion: 1, recordedAt: at },
});

const orderId = 'o-1';
const created = event('OrderCreated', {
  orderId,
  customerId: 'c',
  lines: [
    { sku: 'A', quantity: 2, unitPrice: 100 },
    { sku: 'B', quantity: 1, unitPrice: 300 },
  ],
  total: 500,
  currency: 'GBP',
  placedAt: at.toISOString(),
});
const reserved = (sku: string) => event('StockReserved', { sku, orderId, quantity: 1 });

/** Given events, when `next` arrives: the commands sent and the state after it. */
function given(events: RecordedEvent[], next: RecordedEvent) {
  let state: FulfillmentState | null = null;
  for (const e of events) state = orderFulfillment.evolve(state, e);
  const commands = orderFulfillment
    .decide(next, state)
    .map((c) => [c.type, c.data.sku ?? c.data.reason ?? null]);
  return { commands, state: orderFulfillment.evolve(state, next) };
}

test('OrderCreated reserves stock for every line', () => {
  assert.deepEqual(given([], created).commands, [
    ['ReserveStock', 'A'],
    ['ReserveStock', 'B'],
  ]);
});

test('the last line reserved requests the payment for the total', () => {
  const { state } = given([created], reserved('A'));
  assert.equal(state!.status, 'reserving');
  const last = given([created, reserved('A')], reserved('B'));
  assert.deepEqual(last.commands, [['RequestPayment', null]]);
  assert.equal(last.state!.status, 'awaiting_payment');
  const request = orderFulfillment.decide(reserved('B'), given([created], reserved('A')).state)[0]!;
  assert.deepEqual(
    [request.data.amount, request.data.currency, request.data.paymentId],
    [500, 'GBP', orderId],
  );
});

test('a failed line releases the reserved ones and cancels OUT_OF_STOCK; a late reservation is released', () => {
  const failed = event('StockReservationFailed', {
    sku: 'B',
    orderId,
    quantity: 1,
    reason: 'INSUFFICIENT_STOCK',
    available: 0,
  });
  const result = given([created, reserved('A')], failed);
  assert.deepEqual(result.commands, [
    ['ReleaseStock', 'A'],
    ['CancelOrder', 'OUT_OF_STOCK'],
  ]);
  assert.equal(result.state!.status, 'compensating');
  assert.deepEqual(given([created, failed], reserved('A')).commands, [['ReleaseStock', 'A']]);
});

test('payment confirmed commits every line and confirms; completed once all is recorded', () => {
  const paid = event('PaymentConfirmed', {
    paymentId: orderId,
    orderId,
    providerRef: 'p',
    amount: 500,
    currency: 'GBP',
  });
  const before = [
    created,
    reserved('A'),
    reserved('B'),
    event('PaymentRequested', { paymentId: orderId, orderId }),
  ];
  assert.deepEqual(given(before, paid).commands, [
    ['CommitStock', 'A'],
    ['CommitStock', 'B'],
    ['ConfirmOrder', null],
  ]);
  const done = [
    ...before,
    paid,
    event('StockCommitted', { sku: 'A', orderId, quantity: 2 }),
    event('StockCommitted', { sku: 'B', orderId, quantity: 1 }),
  ];
  const { state } = given(done, event('OrderConfirmed', { orderId }));
  assert.equal(orderFulfillment.status(state!), 'completed');
});

test('payment failed releases stock and cancels PAYMENT_FAILED; compensated once released', () => {
  const before = [created, reserved('A'), reserved('B')];
  const failed = event('PaymentFailed', { paymentId: orderId, orderId, reason: 'declined' });
  assert.deepEqual(given(before, failed).commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['CancelOrder', 'PAYMENT_FAILED'],
  ]);
  const settled = [
    ...before,
    failed,
    event('OrderCancelled', { orderId, reason: 'PAYMENT_FAILED' }),
    event('StockReleased', { sku: 'A', orderId, quantity: 2 }),
  ];
  const { state } = given(settled, event('StockReleased', { sku: 'B', orderId, quantity: 1 }));
  assert.equal(orderFulfillment.status(state!), 'compensated');
});

test('a customer cancellation releases reserved stock and voids a requested payment', () => {
  const before = [
    created,
    reserved('A'),
    reserved('B'),
    event('PaymentRequested', { paymentId: orderId, orderId }),
  ];
  const cancelled = event('OrderCancelled', { orderId, reason: 'CUSTOMER_CANCELLED' });
  assert.deepEqual(given(before, cancelled).commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['VoidPayment', 'order cancelled by the customer'],
  ]);
  const late = event('PaymentConfirmed', { paymentId: orderId, orderId, providerRef: 'p' });
  assert.deepEqual(
    given([...before, cancelled], late).commands.map(([type]) => type),
    ['VoidPayment'],
  );
});

test('events of unknown orders start nothing; commands are the same on replay', () => {
  assert.equal(orderFulfillment.evolve(null, reserved('A')), null);
  assert.deepEqual(orderFulfillment.decide(created, null), orderFulfillment.decide(created, null));
});

test.run();
