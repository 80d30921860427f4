import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { COMPENSATION_FORCED } from '../runtime/process-manager.ts';
import { input, processManagerSpecification } from '../testing/specification.ts';
import { createOrderFulfillment, PAYMENT_TIMED_OUT } from './index.ts';

const pm = createOrderFulfillment({ paymentTimeoutMs: 60_000 });
const spec = processManagerSpecification(pm);
const at = new Date('2026-11-20T10:00:00.000Z');
const orderId = 'o-1';

const created = input('OrderCreated', {
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
const reserved = (sku: string) => input('StockReserved', { sku, orderId, quantity: 1 });
const released = (sku: string) => input('StockReleased', { sku, orderId, quantity: 1 });
const committed = (sku: string) => input('StockCommitted', { sku, orderId, quantity: 1 });
const requested = input('PaymentRequested', { paymentId: orderId, orderId });
const paid = input('PaymentConfirmed', { paymentId: orderId, orderId, providerRef: 'p', amount: 500 });
const voided = (refunded: boolean) => input('PaymentVoided', { paymentId: orderId, orderId, refunded });
const cancelled = (reason: string) => input('OrderCancelled', { orderId, reason });
const confirmed = input('OrderConfirmed', { orderId });
const timedOut = input(PAYMENT_TIMED_OUT, { orderId }, new Date(at.getTime() + 60_000));
const awaitingPayment = [created, reserved('A'), reserved('B'), requested];

test('OrderCreated reserves stock for every line', () => {
  assert.deepEqual(spec.given([]).when(created).commands, [
    ['ReserveStock', 'A'],
    ['ReserveStock', 'B'],
  ]);
});

test('the last line reserved requests the payment and arms the payment timeout', () => {
  assert.equal(spec.given([created]).when(reserved('A')).state!.status, 'reserving');
  const last = spec.given([created, reserved('A')]).when(reserved('B'));
  assert.deepEqual(last.commands, [['RequestPayment', null]]);
  const request = last.raw[0]!;
  assert.ok(request.type === 'RequestPayment');
  assert.deepEqual(
    [request.data.amount, request.data.currency, request.data.paymentId],
    [500, 'GBP', orderId],
  );
  assert.equal(last.state!.status, 'awaiting_payment');
  assert.deepEqual(
    last.timers.map((t) => [t.name, t.dueAt.toISOString(), t.input.type]),
    [['payment-timeout', new Date(at.getTime() + 60_000).toISOString(), PAYMENT_TIMED_OUT]],
  );
});

test('a failed line releases the reserved ones and cancels OUT_OF_STOCK; a late reservation is released', () => {
  const failed = input('StockReservationFailed', { sku: 'B', orderId, reason: 'INSUFFICIENT_STOCK' });
  const result = spec.given([created, reserved('A')]).when(failed);
  assert.deepEqual(result.commands, [
    ['ReleaseStock', 'A'],
    ['CancelOrder', 'OUT_OF_STOCK'],
  ]);
  assert.equal(result.status, 'compensating');
  assert.deepEqual(spec.given([created, failed]).when(reserved('A')).commands, [['ReleaseStock', 'A']]);
});

test('payment confirmed confirms the order first; the confirmed order commits its stock; completed', () => {
  const onPaid = spec.given(awaitingPayment).when(paid);
  assert.deepEqual(onPaid.commands, [['ConfirmOrder', null]]);
  assert.deepEqual(onPaid.timers, [], 'the payment timeout is cancelled');
  assert.deepEqual(spec.given([...awaitingPayment, paid]).when(confirmed).commands, [
    ['CommitStock', 'A'],
    ['CommitStock', 'B'],
  ]);
  const done = spec.given([...awaitingPayment, paid, confirmed, committed('A')]).when(committed('B'));
  assert.equal(done.status, 'completed');
});

test('payment failed releases stock and cancels PAYMENT_FAILED; compensated once released', () => {
  const failed = input('PaymentFailed', { paymentId: orderId, orderId, reason: 'declined' });
  assert.deepEqual(spec.given(awaitingPayment).when(failed).commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['CancelOrder', 'PAYMENT_FAILED'],
  ]);
  const settled = [...awaitingPayment, failed, cancelled('PAYMENT_FAILED'), released('A')];
  assert.equal(spec.given(settled).when(released('B')).status, 'compensated');
});

test('customer cancels while PENDING: reserved lines released, a late reservation too, no payment', () => {
  const onCancel = spec.given([created, reserved('A')]).when(cancelled('CUSTOMER_CANCELLED'));
  assert.deepEqual(onCancel.commands, [['ReleaseStock', 'A']]);
  const late = spec.given([created, reserved('A'), cancelled('CUSTOMER_CANCELLED')]).when(reserved('B'));
  assert.deepEqual(late.commands, [['ReleaseStock', 'B']], 'released, and no RequestPayment');
  const all = [created, reserved('A'), cancelled('CUSTOMER_CANCELLED'), reserved('B'), released('A')];
  assert.equal(spec.given(all).when(released('B')).status, 'compensated');
});

test('customer cancels while AWAITING_PAYMENT: stock released, payment voided, timer cancelled', () => {
  const onCancel = spec.given(awaitingPayment).when(cancelled('CUSTOMER_CANCELLED'));
  assert.deepEqual(onCancel.commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['VoidPayment', 'order cancelled by the customer'],
  ]);
  assert.deepEqual(onCancel.timers, []);
  const after = [...awaitingPayment, cancelled('CUSTOMER_CANCELLED'), released('A'), released('B')];
  assert.equal(spec.given(after).when(voided(false)).status, 'compensated');
});

test('cancel/confirm race: a cancellation that wins after payment refunds it and releases (never commits) stock', () => {
  const racing = [...awaitingPayment, paid];
  const onCancel = spec.given(racing).when(cancelled('CUSTOMER_CANCELLED'));
  assert.deepEqual(onCancel.commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['VoidPayment', 'order cancelled by the customer'],
  ]);
  assert.ok(
    pm.tolerates!(
      { commandId: 'x', type: 'ConfirmOrder', data: { orderId, confirmedAt: at.toISOString() } },
      'INVALID_STATE',
      onCancel.state!,
    ),
  );
  assert.ok(
    !pm.tolerates!(
      {
        commandId: 'x',
        type: 'CancelOrder',
        data: { orderId, reason: 'CUSTOMER_CANCELLED', cancelledAt: at.toISOString() },
      },
      'INVALID_STATE',
      onCancel.state!,
    ),
  );
  const after = [...racing, cancelled('CUSTOMER_CANCELLED'), released('A'), released('B')];
  assert.equal(spec.given(after).when(voided(true)).status, 'compensated');
});

test('payment timeout: stock released, order cancelled PAYMENT_TIMEOUT, payment voided; ignored once paid', () => {
  const onTimeout = spec.given(awaitingPayment).when(timedOut);
  assert.deepEqual(onTimeout.commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['CancelOrder', 'PAYMENT_TIMEOUT'],
    ['VoidPayment', 'payment timed out'],
  ]);
  const cancel = onTimeout.raw[2]!;
  assert.ok(cancel.type === 'CancelOrder');
  assert.equal(cancel.data.cancelledAt, timedOut.at.toISOString());
  assert.equal(onTimeout.status, 'compensating');
  assert.deepEqual(spec.given([...awaitingPayment, paid]).when(timedOut).commands, []);
});

test('a payment confirmed after the timeout cancelled the order is refunded; the order stays cancelled', () => {
  const afterTimeout = [
    ...awaitingPayment,
    timedOut,
    cancelled('PAYMENT_TIMEOUT'),
    released('A'),
    released('B'),
  ];
  const late = spec.given(afterTimeout).when(paid);
  assert.deepEqual(
    late.commands.map(([type]) => type),
    ['VoidPayment'],
  );
  assert.equal(late.state!.order, 'cancelled');
  assert.equal(spec.given([...afterTimeout, paid]).when(voided(true)).status, 'compensated');
});

test('a payment confirmed after the saga was compensated reopens it until the refund is recorded', () => {
  const settled = [...awaitingPayment, timedOut, cancelled('PAYMENT_TIMEOUT'), released('A'), released('B')];
  assert.equal(spec.given(settled).when(voided(false)).status, 'compensated');
  const late = spec.given([...settled, voided(false)]).when(paid);
  assert.deepEqual([late.status, late.commands.map(([type]) => type)], ['compensating', ['VoidPayment']]);
  assert.equal(spec.given([...settled, voided(false), paid]).when(voided(true)).status, 'compensated');
});

test('forced compensation releases, voids and cancels; refused once the order is confirmed', () => {
  const forced = input(COMPENSATION_FORCED, { actor: 'cli:ops', reason: 'stuck' });
  const result = spec.given(awaitingPayment).when(forced);
  assert.deepEqual(result.commands, [
    ['ReleaseStock', 'A'],
    ['ReleaseStock', 'B'],
    ['VoidPayment', 'compensation forced by cli:ops'],
    ['CancelOrder', 'PAYMENT_FAILED'],
  ]);
  assert.equal(result.status, 'compensating');
  const confirmedState = spec.given([...awaitingPayment, paid]).when(confirmed).state!;
  assert.match(pm.compensationRefusal!(confirmedState)!, /confirmed/);
  assert.equal(pm.compensationRefusal!(result.state!), null);
});

test('events of unknown orders start nothing; commands are the same on replay', () => {
  assert.equal(pm.evolve(null, reserved('A')), null);
  assert.deepEqual(pm.decide(created, null), pm.decide(created, null));
});

test.run();
