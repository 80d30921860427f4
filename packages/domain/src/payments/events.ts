import type { Event } from '@orderflow/core';

/** Payment of `amount` minor units of `currency` (ISO 4217) was asked for an order. */
export type PaymentRequested = Event<
  'PaymentRequested',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly amount: number;
    readonly currency: string;
    readonly requestedAt: string;
  }
>;

/** The provider took the money; `providerRef` is its reference for the charge. */
export type PaymentConfirmed = Event<
  'PaymentConfirmed',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly providerRef: string;
    readonly amount: number;
    readonly currency: string;
    readonly confirmedAt: string;
  }
>;

/** The provider declined the payment (or it could not be attempted). */
export type PaymentFailed = Event<
  'PaymentFailed',
  { readonly paymentId: string; readonly orderId: string; readonly reason: string; readonly failedAt: string }
>;

/** The payment was cancelled; `refunded` is true when it had been confirmed (money goes back). */
export type PaymentVoided = Event<
  'PaymentVoided',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly reason: string;
    readonly refunded: boolean;
    readonly voidedAt: string;
  }
>;

/** Every event of a payment stream (`payment-<paymentId>`). */
export type PaymentEvent = PaymentRequested | PaymentConfirmed | PaymentFailed | PaymentVoided;

/** What every non-empty payment state knows. `amount` is in minor units of `currency`. */
export interface PaymentDetails {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly requestedAt: string;
}

/**
 * The state of one payment: `empty` → `requested` → `confirmed` | `failed`; `requested` or
 * `confirmed` → `voided`. All times are ISO-8601 strings.
 */
export type PaymentState =
  | { readonly status: 'empty' }
  | ({ readonly status: 'requested' } & PaymentDetails)
  | ({
      readonly status: 'confirmed';
      readonly providerRef: string;
      readonly confirmedAt: string;
    } & PaymentDetails)
  | ({ readonly status: 'failed'; readonly reason: string; readonly failedAt: string } & PaymentDetails)
  | ({
      readonly status: 'voided';
      readonly reason: string;
      readonly refunded: boolean;
      readonly voidedAt: string;
    } & PaymentDetails);

/** The state of a payment stream without events. */
export const initialState = (): PaymentState => ({ status: 'empty' });

/** Folds one payment event into the state. Pure; returns `state` unchanged when the event does not apply. */
export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentRequested': {
      if (state.status !== 'empty') return state;
      const { paymentId, orderId, amount, currency, requestedAt } = event.data;
      return { status: 'requested', paymentId, orderId, amount, currency, requestedAt };
    }
    case 'PaymentConfirmed':
      if (state.status !== 'requested') return state;
      return {
        ...state,
        status: 'confirmed',
        providerRef: event.data.providerRef,
        confirmedAt: event.data.confirmedAt,
      };
    case 'PaymentFailed':
      if (state.status !== 'requested') return state;
      return { ...state, status: 'failed', reason: event.data.reason, failedAt: event.data.failedAt };
    case 'PaymentVoided': {
      if (state.status !== 'requested' && state.status !== 'confirmed') return state;
      const { reason, refunded, voidedAt } = event.data;
      const { paymentId, orderId, amount, currency, requestedAt } = state;
      return {
        status: 'voided',
        paymentId,
        orderId,
        amount,
        currency,
        requestedAt,
        reason,
        refunded,
        voidedAt,
      };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
