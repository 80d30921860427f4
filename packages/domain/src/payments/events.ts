import type { Event } from '@orderflow/core';
import { evolveRefunds, type PaymentRefund, type PaymentRefundEvent } from './refund-events.ts';

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

/**
 * The provider took the money of a payment that had been voided before it answered (its
 * callback came late): recorded so that the money is refunded, never lost. `capturedAt` is
 * ISO-8601.
 */
export type PaymentCapturedAfterVoid = Event<
  'PaymentCapturedAfterVoid',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly providerRef: string;
    readonly amount: number;
    readonly currency: string;
    readonly capturedAt: string;
  }
>;

/** Every event of a payment stream (`payment-<paymentId>`). */
export type PaymentEvent =
  | PaymentRequested
  | PaymentConfirmed
  | PaymentFailed
  | PaymentVoided
  | PaymentCapturedAfterVoid
  | PaymentRefundEvent;

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
 * `confirmed` → `voided`. A confirmed payment, and a voided one whose money was captured after
 * the void (`lateCapture`), keep their `refunds`. All times are ISO-8601 strings.
 */
export type PaymentState =
  | { readonly status: 'empty' }
  | ({ readonly status: 'requested' } & PaymentDetails)
  | ({
      readonly status: 'confirmed';
      readonly providerRef: string;
      readonly confirmedAt: string;
      readonly refunds: readonly PaymentRefund[];
    } & PaymentDetails)
  | ({ readonly status: 'failed'; readonly reason: string; readonly failedAt: string } & PaymentDetails)
  | ({
      readonly status: 'voided';
      readonly reason: string;
      readonly refunded: boolean;
      readonly voidedAt: string;
      readonly lateCapture: { readonly providerRef: string; readonly capturedAt: string } | null;
      readonly refunds: readonly PaymentRefund[];
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
        refunds: [],
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
        lateCapture: null,
        refunds: [],
      };
    }
    case 'PaymentCapturedAfterVoid':
      if (state.status !== 'voided' || state.lateCapture) return state;
      return {
        ...state,
        lateCapture: { providerRef: event.data.providerRef, capturedAt: event.data.capturedAt },
      };
    case 'RefundRequested':
    case 'RefundCompleted':
    case 'RefundFailed':
      return 'refunds' in state ? { ...state, refunds: evolveRefunds(state.refunds, event) } : state;
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
