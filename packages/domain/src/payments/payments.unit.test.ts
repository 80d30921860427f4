import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { foldEvents } from '@orderflow/core';
import { deciderSpecification } from '@orderflow/core/testing';
import {
  paymentDecider,
  paymentStream,
  type ConfirmPayment,
  type FailPayment,
  type PaymentConfirmed,
  type PaymentFailed,
  type PaymentRequested,
  type PaymentVoided,
  type RequestPayment,
  type VoidPayment,
} from './index.ts';

const spec = deciderSpecification(paymentDecider);
const paymentId = 'order-1';
const orderId = 'order-1';
const at = '2025-01-31T12:00:00.000Z';
const later = '2025-01-31T12:01:00.000Z';

const request: RequestPayment = {
  type: 'RequestPayment',
  data: { paymentId, orderId, amount: 3399, currency: 'EUR', requestedAt: at },
};
const requested: PaymentRequested = { type: 'PaymentRequested', data: request.data };
const requestWith = (patch: Record<string, unknown>): RequestPayment =>
  ({ type: 'RequestPayment', data: { ...request.data, ...patch } }) as RequestPayment;

const confirm: ConfirmPayment = {
  type: 'ConfirmPayment',
  data: { paymentId, providerRef: 'ch_42', confirmedAt: later },
};
const confirmed: PaymentConfirmed = {
  type: 'PaymentConfirmed',
  data: { paymentId, orderId, providerRef: 'ch_42', amount: 3399, currency: 'EUR', confirmedAt: later },
};
const fail: FailPayment = {
  type: 'FailPayment',
  data: { paymentId, reason: 'card declined', failedAt: later },
};
const failed: PaymentFailed = {
  type: 'PaymentFailed',
  data: { paymentId, orderId, reason: 'card declined', failedAt: later },
};
const voidIt: VoidPayment = {
  type: 'VoidPayment',
  data: { paymentId, reason: 'out of stock', voidedAt: later },
};
const voided = (refunded: boolean): PaymentVoided => ({
  type: 'PaymentVoided',
  data: { paymentId, orderId, reason: 'out of stock', refunded, voidedAt: later },
});

test('requesting a payment records it', () => {
  spec.given([]).when(request).then([requested]);
});

test('the amount is a positive safe integer in minor units and the currency is valid', () => {
  for (const amount of [0, -1, 10.5, Number.MAX_SAFE_INTEGER + 1]) {
    spec.given([]).when(requestWith({ amount })).thenThrows('VALIDATION_FAILED');
  }
  spec
    .given([])
    .when(requestWith({ currency: 'Eur' }))
    .thenThrows('VALIDATION_FAILED');
});

test('requesting the same payment again changes nothing, whatever its state', () => {
  spec.given([requested]).when(request).thenNothing();
  spec.given([requested, confirmed]).when(request).thenNothing();
  spec.given([requested, failed]).when(request).thenNothing();
  spec
    .given([requested, voided(false)])
    .when(request)
    .thenNothing();
});

test('requesting the payment again with a different order, amount or currency fails with INVALID_STATE', () => {
  spec
    .given([requested])
    .when(requestWith({ orderId: 'order-2' }))
    .thenThrows('INVALID_STATE');
  spec
    .given([requested])
    .when(requestWith({ amount: 3400 }))
    .thenThrows('INVALID_STATE');
  spec
    .given([requested])
    .when(requestWith({ currency: 'USD' }))
    .thenThrows('INVALID_STATE');
});

test('a requested payment can be confirmed', () => {
  spec.given([requested]).when(confirm).then([confirmed]);
});

test('a repeated provider callback changes nothing', () => {
  spec.given([requested, confirmed]).when(confirm).thenNothing();
  spec
    .given([requested, confirmed])
    .when({ ...confirm, data: { ...confirm.data, providerRef: 'ch_43' } })
    .thenNothing();
});

test('a failed payment cannot be confirmed', () => {
  spec.given([requested, failed]).when(confirm).thenThrows('INVALID_STATE');
});

test('a capture after the void is recorded once, not dropped; a void that refunded ignores a repeat', () => {
  const captured = {
    type: 'PaymentCapturedAfterVoid' as const,
    data: { paymentId, orderId, providerRef: 'ch_42', amount: 3399, currency: 'EUR', capturedAt: later },
  };
  spec
    .given([requested, voided(false)])
    .when(confirm)
    .then([captured]);
  spec
    .given([requested, voided(false), captured])
    .when(confirm)
    .thenNothing();
  spec
    .given([requested, confirmed, voided(true)])
    .when(confirm)
    .thenNothing();
  const state = foldEvents(paymentDecider, [requested, voided(false), captured]);
  assert.deepEqual(state.status === 'voided' && state.lateCapture, {
    providerRef: 'ch_42',
    capturedAt: later,
  });
});

test('a requested payment can fail; failing again changes nothing', () => {
  spec.given([requested]).when(fail).then([failed]);
  spec.given([requested, failed]).when(fail).thenNothing();
  spec
    .given([requested, voided(false)])
    .when(fail)
    .thenNothing();
});

test('a confirmed payment cannot fail', () => {
  spec.given([requested, confirmed]).when(fail).thenThrows('INVALID_STATE');
});

test('voiding a requested payment refunds nothing; voiding a confirmed one refunds it', () => {
  spec
    .given([requested])
    .when(voidIt)
    .then([voided(false)]);
  spec
    .given([requested, confirmed])
    .when(voidIt)
    .then([voided(true)]);
});

test('voiding a failed or voided payment changes nothing', () => {
  spec.given([requested, failed]).when(voidIt).thenNothing();
  spec
    .given([requested, confirmed, voided(true)])
    .when(voidIt)
    .thenNothing();
});

test('confirming, failing or voiding a missing payment fails with NOT_FOUND', () => {
  spec.given([]).when(confirm).thenThrows('NOT_FOUND');
  spec.given([]).when(fail).thenThrows('NOT_FOUND');
  spec.given([]).when(voidIt).thenThrows('NOT_FOUND');
});

test('commands need their fields', () => {
  spec
    .given([requested])
    .when({ ...confirm, data: { ...confirm.data, providerRef: '' } })
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([requested])
    .when({ ...fail, data: { ...fail.data, failedAt: 'now' } })
    .thenThrows('VALIDATION_FAILED');
  spec
    .given([requested])
    .when({ ...voidIt, data: { ...voidIt.data, paymentId: 'other' } })
    .thenThrows('VALIDATION_FAILED');
});

test('evolve follows the payment through its states', () => {
  assert.deepEqual(foldEvents(paymentDecider, [requested, confirmed, voided(true)]), {
    status: 'voided',
    ...request.data,
    reason: 'out of stock',
    refunded: true,
    voidedAt: later,
    lateCapture: null,
    refunds: [],
  });
  assert.deepEqual(foldEvents(paymentDecider, [requested, failed]), {
    status: 'failed',
    ...request.data,
    reason: 'card declined',
    failedAt: later,
  });
  assert.equal(foldEvents(paymentDecider, [requested, failed, confirmed]).status, 'failed');
  assert.deepEqual(foldEvents(paymentDecider, [confirmed]), { status: 'empty' });
});

test('paymentStream names the stream payment-<paymentId>', () => {
  assert.equal(paymentStream('order-1'), 'payment-order-1');
});

test.run();
