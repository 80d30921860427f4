import type { RecordedEvent } from '@orderflow/core';
import type { PaymentConfirmed, PaymentFailed, PaymentRequested, PaymentVoided } from '@orderflow/domain';
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

/** Every public payment event. */
export type PaymentIntegrationEvent =
  PaymentRequestedV1 | PaymentConfirmedV1 | PaymentFailedV1 | PaymentVoidedV1;

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
