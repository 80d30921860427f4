import type { Event } from '@orderflow/core';

/**
 * A refund of `amount` minor units of `currency` was asked of the provider, for attempt
 * `attempt` (1 first; a later attempt asks again after the provider did not answer). `reason` is
 * free text; `requestedAt` ISO-8601.
 */
export type RefundRequested = Event<
  'RefundRequested',
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

/** The provider gave the money back; `providerRef` is its reference for the refund. */
export type RefundCompleted = Event<
  'RefundCompleted',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly currency: string;
    readonly providerRef: string;
    readonly completedAt: string;
  }
>;

/** The provider refused the refund, or it was given up (no answer): `reason` says which. */
export type RefundFailed = Event<
  'RefundFailed',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: number;
    readonly reason: string;
    readonly failedAt: string;
  }
>;

/** The refund events of a payment stream. */
export type PaymentRefundEvent = RefundRequested | RefundCompleted | RefundFailed;

/** One refund of a payment: how much, the last attempt, and where it is. */
export interface PaymentRefund {
  readonly refundId: string;
  readonly amount: number;
  readonly attempt: number;
  readonly status: 'requested' | 'completed' | 'failed';
}

/** Minor units held by refunds asked for or done. */
export const heldByRefunds = (refunds: readonly PaymentRefund[]): number =>
  refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amount, 0);

/** Folds a refund event into a payment's refunds. */
export function evolveRefunds(refunds: readonly PaymentRefund[], event: PaymentRefundEvent): PaymentRefund[] {
  const { refundId } = event.data;
  const set = (patch: Partial<PaymentRefund>) =>
    refunds.map((r) => (r.refundId === refundId ? { ...r, ...patch } : r));
  switch (event.type) {
    case 'RefundRequested': {
      const { amount, attempt } = event.data;
      if (!refunds.some((r) => r.refundId === refundId)) {
        return [...refunds, { refundId, amount, attempt, status: 'requested' }];
      }
      return set({ attempt });
    }
    case 'RefundCompleted':
      return set({ status: 'completed' });
    case 'RefundFailed':
      return set({ status: 'failed' });
    default: {
      const _exhaustive: never = event;
      return [...refunds];
    }
  }
}
