import type { RecordedEvent } from '@orderflow/core';
import type {
  PaymentCapturedAfterVoid,
  PaymentConfirmed,
  PaymentFailed,
  PaymentRequested,
  PaymentVoided,
  RefundCompleted,
  RefundFailed,
  RefundRequested,
} from '@orderflow/domain';
import { envelope, type IntegrationEnvelope } from './envelope.ts';

/**
 * `orderflow.payment.requested` v1 on payments.requests — what the payment provider consumes:
 * take `amount` minor units of `currency` (ISO 4217) for `orderId`, then answer on
 * payments.callbacks with this `paymentId`.
 */
export type PaymentRequestedV1 = IntegrationEnvelope<
  'orderflow.payment.requested',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly amount: number;
    readonly currency: string;
    readonly requestedAt: string;
  }
>;

/** `orderflow.payment.confirmed` v1: the provider took the money; `providerRef` is its reference. */
export type PaymentConfirmedV1 = IntegrationEnvelope<
  'orderflow.payment.confirmed',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly providerRef: string;
    readonly amount: number;
    readonly currency: string;
    readonly confirmedAt: string;
  }
>;

/** `orderflow.payment.failed` v1: the provider declined; `reason` is its free text. */
export type PaymentFailedV1 = IntegrationEnvelope<
  'orderflow.payment.failed',
  1,
  { readonly paymentId: string; readonly orderId: string; readonly reason: string; readonly failedAt: string }
>;

/** `orderflow.payment.voided` v1: cancelled; `refunded` is true when the money goes back. */
export type PaymentVoidedV1 = IntegrationEnvelope<
  'orderflow.payment.voided',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly reason: string;
    readonly refunded: boolean;
    readonly voidedAt: string;
  }
>;

/**
 * `orderflow.payment.refund-requested` v1 on payments.requests — for the payment provider: give
 * back `amount` minor units of `currency` of payment `paymentId` as refund `refundId`, then answer
 * on payments.callbacks with `type: "refund"` and this `refundId`. `attempt` counts up when
 * Orderflow asks again after no answer (same refundId: refund once).
 */
export type RefundRequestedV1 = IntegrationEnvelope<
  'orderflow.payment.refund-requested',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly currency: string;
    readonly reason: string;
    readonly attempt: number;
    readonly requestedAt: string;
  }
>;

/** `orderflow.payment.refunded` v1: the provider gave back `amount`; `providerRef` is its reference. */
export type PaymentRefundedV1 = IntegrationEnvelope<
  'orderflow.payment.refunded',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly currency: string;
    readonly providerRef: string;
    readonly refundedAt: string;
  }
>;

/** `orderflow.payment.refund-failed` v1: the provider refused the refund, or it was given up. */
export type PaymentRefundFailedV1 = IntegrationEnvelope<
  'orderflow.payment.refund-failed',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly reason: string;
    readonly failedAt: string;
  }
>;

/** `orderflow.payment.captured-after-void` v1: money taken after the payment was voided; it is refunded. */
export type PaymentCapturedAfterVoidV1 = IntegrationEnvelope<
  'orderflow.payment.captured-after-void',
  1,
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly providerRef: string;
    readonly amount: number;
    readonly currency: string;
    readonly capturedAt: string;
  }
>;

/** Every public payment event. */
export type PaymentIntegrationEvent =
  | PaymentRequestedV1
  | PaymentConfirmedV1
  | PaymentFailedV1
  | PaymentVoidedV1
  | RefundRequestedV1
  | PaymentRefundedV1
  | PaymentRefundFailedV1
  | PaymentCapturedAfterVoidV1;

/** RefundRequested → {@link RefundRequestedV1}. */
export const refundRequestedV1 = (event: RecordedEvent<RefundRequested>): RefundRequestedV1 => {
  const { paymentId, orderId, refundId, amount, currency, reason, attempt, requestedAt } = event.data;
  return envelope(event, 'orderflow.payment.refund-requested', 1, paymentId, {
    paymentId,
    orderId,
    refundId,
    amount,
    currency,
    reason,
    attempt,
    requestedAt,
  });
};

/** RefundCompleted → {@link PaymentRefundedV1}. */
export const paymentRefundedV1 = (event: RecordedEvent<RefundCompleted>): PaymentRefundedV1 => {
  const { paymentId, orderId, refundId, amount, currency, providerRef, completedAt } = event.data;
  return envelope(event, 'orderflow.payment.refunded', 1, paymentId, {
    paymentId,
    orderId,
    refundId,
    amount,
    currency,
    providerRef,
    refundedAt: completedAt,
  });
};

/** RefundFailed → {@link PaymentRefundFailedV1}. */
export const paymentRefundFailedV1 = (event: RecordedEvent<RefundFailed>): PaymentRefundFailedV1 => {
  const { paymentId, orderId, refundId, amount, reason, failedAt } = event.data;
  return envelope(event, 'orderflow.payment.refund-failed', 1, paymentId, {
    paymentId,
    orderId,
    refundId,
    amount,
    reason,
    failedAt,
  });
};

/** PaymentCapturedAfterVoid → {@link PaymentCapturedAfterVoidV1}. */
export const paymentCapturedAfterVoidV1 = (
  event: RecordedEvent<PaymentCapturedAfterVoid>,
): PaymentCapturedAfterVoidV1 => {
  const { paymentId, orderId, providerRef, amount, currency, capturedAt } = event.data;
  return envelope(event, 'orderflow.payment.captured-after-void', 1, paymentId, {
    paymentId,
    orderId,
    providerRef,
    amount,
    currency,
    capturedAt,
  });
};

/** PaymentRequested → {@link PaymentRequestedV1}. */
export const paymentRequestedV1 = (event: RecordedEvent<PaymentRequested>): PaymentRequestedV1 => {
  const { paymentId, orderId, amount, currency, requestedAt } = event.data;
  return envelope(event, 'orderflow.payment.requested', 1, paymentId, {
    paymentId,
    orderId,
    amount,
    currency,
    requestedAt,
  });
};

/** PaymentConfirmed → {@link PaymentConfirmedV1}. */
export const paymentConfirmedV1 = (event: RecordedEvent<PaymentConfirmed>): PaymentConfirmedV1 => {
  const { paymentId, orderId, providerRef, amount, currency, confirmedAt } = event.data;
  return envelope(event, 'orderflow.payment.confirmed', 1, paymentId, {
    paymentId,
    orderId,
    providerRef,
    amount,
    currency,
    confirmedAt,
  });
};

/** PaymentFailed → {@link PaymentFailedV1}. */
export const paymentFailedV1 = (event: RecordedEvent<PaymentFailed>): PaymentFailedV1 => {
  const { paymentId, orderId, reason, failedAt } = event.data;
  return envelope(event, 'orderflow.payment.failed', 1, paymentId, { paymentId, orderId, reason, failedAt });
};

/** PaymentVoided → {@link PaymentVoidedV1}. */
export const paymentVoidedV1 = (event: RecordedEvent<PaymentVoided>): PaymentVoidedV1 => {
  const { paymentId, orderId, reason, refunded, voidedAt } = event.data;
  return envelope(event, 'orderflow.payment.voided', 1, paymentId, {
    paymentId,
    orderId,
    reason,
    refunded,
    voidedAt,
  });
};
