import { test } from 'uvu';
import { deciderSpecification } from '@orderflow/core/testing';
import {
  paymentDecider,
  type CompleteRefund,
  type FailRefund,
  type PaymentEvent,
  type RefundRequested,
  type RequestRefund,
} from './index.ts';

const spec = deciderSpecification(paymentDecider);
const paymentId = 'order-1';
const orderId = 'order-1';
const at = '2025-02-01T10:00:00.000Z';

const requested: PaymentEvent = {
  type: 'PaymentRequested',
  data: { paymentId, orderId, amount: 3399, currency: 'EUR', requestedAt: at },
};
const confirmed: PaymentEvent = {
  type: 'PaymentConfirmed',
  data: { paymentId, orderId, providerRef: 'ch_1', amount: 3399, currency: 'EUR', confirmedAt: at },
};
const voided = (refunded: boolean): PaymentEvent => ({
  type: 'PaymentVoided',
  data: { paymentId, orderId, reason: 'timeout', refunded, voidedAt: at },
});
const captured: PaymentEvent = {
  type: 'PaymentCapturedAfterVoid',
  data: { paymentId, orderId, providerRef: 'ch_1', amount: 3399, currency: 'EUR', capturedAt: at },
};

const ask = (refundId: string, amount: number, attempt = 1): RequestRefund => ({
  type: 'RequestRefund',
  data: { paymentId, refundId, amount, reason: 'damaged', attempt, requestedAt: at },
});
const asked = (refundId: string, amount: number, attempt = 1): RefundRequested => ({
  type: 'RefundRequested',
  data: {
    paymentId,
    orderId,
    refundId,
    amount,
    currency: 'EUR',
    reason: 'damaged',
    attempt,
    requestedAt: at,
  },
});
const complete = (refundId: string): CompleteRefund => ({
  type: 'CompleteRefund',
  data: { paymentId, refundId, providerRef: `rf-${refundId}`, completedAt: at },
});
const completed = (refundId: string, amount: number): PaymentEvent => ({
  type: 'RefundCompleted',
  data: {
    paymentId,
    orderId,
    refundId,
    amount,
    currency: 'EUR',
    providerRef: `rf-${refundId}`,
    completedAt: at,
  },
});
const fail = (refundId: string): FailRefund => ({
  type: 'FailRefund',
  data: { paymentId, refundId, reason: 'DECLINED', failedAt: at },
});
const failed = (refundId: string, amount: number): PaymentEvent => ({
  type: 'RefundFailed',
  data: { paymentId, orderId, refundId, amount, reason: 'DECLINED', failedAt: at },
});

test('a confirmed payment refunds in parts, up to what it took', () => {
  spec
    .given([requested, confirmed])
    .when(ask('r-1', 1000))
    .then([asked('r-1', 1000)]);
  spec
    .given([requested, confirmed, asked('r-1', 1000)])
    .when(ask('r-2', 2399))
    .then([asked('r-2', 2399)]);
  spec
    .given([requested, confirmed, asked('r-1', 1000)])
    .when(ask('r-2', 2400))
    .thenThrows('REFUND_EXCEEDS_PAYMENT', '2399 left');
});

test('asking again: the same attempt changes nothing, a later attempt asks the provider again', () => {
  const given = [requested, confirmed, asked('r-1', 1000)];
  spec.given(given).when(ask('r-1', 1000)).thenNothing();
  spec
    .given(given)
    .when(ask('r-1', 1000, 2))
    .then([asked('r-1', 1000, 2)]);
  spec
    .given(given)
    .when(ask('r-1', 999, 2))
    .thenThrows('INVALID_STATE');
  spec
    .given([...given, completed('r-1', 1000)])
    .when(ask('r-1', 1000, 2))
    .thenNothing();
});

test('the provider completes or refuses a refund once; a refused refund frees its money', () => {
  const given = [requested, confirmed, asked('r-1', 3399)];
  spec
    .given(given)
    .when(complete('r-1'))
    .then([completed('r-1', 3399)]);
  spec
    .given([...given, completed('r-1', 3399)])
    .when(complete('r-1'))
    .thenNothing();
  spec
    .given([...given, completed('r-1', 3399)])
    .when(fail('r-1'))
    .thenThrows('INVALID_STATE');
  spec
    .given(given)
    .when(fail('r-1'))
    .then([failed('r-1', 3399)]);
  spec
    .given([...given, failed('r-1', 3399)])
    .when(fail('r-1'))
    .thenNothing();
  spec
    .given([...given, failed('r-1', 3399)])
    .when(ask('r-2', 3399))
    .then([asked('r-2', 3399)]);
  // The provider refunded after all: the money went back, so it is recorded.
  spec
    .given([...given, failed('r-1', 3399)])
    .when(complete('r-1'))
    .then([completed('r-1', 3399)]);
  spec.given(given).when(complete('r-9')).thenThrows('NOT_FOUND');
});

test('only taken money is refunded: a late capture after a void can be, a void that refunded cannot', () => {
  spec.given([requested]).when(ask('r-1', 1)).thenThrows('INVALID_STATE', 'requested');
  spec
    .given([requested, voided(false)])
    .when(ask('r-1', 1))
    .thenThrows('INVALID_STATE');
  spec
    .given([requested, confirmed, voided(true)])
    .when(ask('r-1', 1))
    .thenThrows('INVALID_STATE');
  spec
    .given([requested, voided(false), captured])
    .when(ask('late', 3399))
    .then([asked('late', 3399)]);
  spec.given([]).when(ask('r-1', 1)).thenThrows('NOT_FOUND');
  spec.given([requested, confirmed]).when(ask('r-1', 0)).thenThrows('VALIDATION_FAILED');
  spec.given([requested, confirmed]).when(ask('', 1)).thenThrows('VALIDATION_FAILED');
});

test.run();
