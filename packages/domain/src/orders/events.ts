import type { Event } from '@orderflow/core';

/** Why an order was cancelled. */
export const ORDER_CANCELLATION_REASONS = [
  'OUT_OF_STOCK',
  'PAYMENT_FAILED',
  'PAYMENT_TIMEOUT',
  'CUSTOMER_CANCELLED',
] as const;

/** One of {@link ORDER_CANCELLATION_REASONS}. */
export type OrderCancellationReason = (typeof ORDER_CANCELLATION_REASONS)[number];

/** One line of an order: `quantity` units of `sku` at `unitPrice` minor units each. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  /** Price of one unit in minor units of the order's currency (e.g. cents). */
  readonly unitPrice: number;
}

/**
 * Where the unit prices of an order's lines came from: `catalog` (the product's price when the
 * order was placed: a price snapshot) or `client` (orders placed before the API priced lines
 * itself, whose prices the client chose).
 */
export type PriceSource = 'catalog' | 'client';

/**
 * An order was placed. `total` = Σ quantity·unitPrice in minor units of `currency`
 * (ISO 4217); each line's `unitPrice` is the price snapshot the order is charged, whatever the
 * catalog says later; `placedAt` is an ISO-8601 date-time; `shippingCountry` is the country the
 * order ships to as the customer gave it, or null when unknown.
 *
 * Schema v3 (current). v1, written by release 0.1, had no `shippingCountry` (upcast to null);
 * v2 had no `priceSource` (upcast to `'client'`); see `upcasters.ts`.
 */
export type OrderCreated = Event<
  'OrderCreated',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly lines: readonly OrderLine[];
    readonly total: number;
    readonly currency: string;
    readonly placedAt: string;
    readonly shippingCountry: string | null;
    readonly priceSource: PriceSource;
  }
>;

/** Stock was reserved and payment confirmed; the order will ship. `confirmedAt` is ISO-8601. */
export type OrderConfirmed = Event<
  'OrderConfirmed',
  { readonly orderId: string; readonly confirmedAt: string }
>;

/** The order was cancelled for `reason`. `cancelledAt` is ISO-8601. */
export type OrderCancelled = Event<
  'OrderCancelled',
  { readonly orderId: string; readonly reason: OrderCancellationReason; readonly cancelledAt: string }
>;

/** Every event of an order stream (`order-<orderId>`). */
export type OrderEvent = OrderCreated | OrderConfirmed | OrderCancelled;

/** What every non-empty order state knows. Amounts are minor units of `currency`. */
export interface OrderDetails {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly total: number;
  readonly currency: string;
  readonly placedAt: string;
  readonly shippingCountry: string | null;
}

/**
 * The state of one order: `empty` (no such order), `pending` (placed, awaiting stock and
 * payment), `confirmed` or `cancelled` (both final).
 */
export type OrderState =
  | { readonly status: 'empty' }
  | ({ readonly status: 'pending' } & OrderDetails)
  | ({ readonly status: 'confirmed'; readonly confirmedAt: string } & OrderDetails)
  | ({
      readonly status: 'cancelled';
      readonly reason: OrderCancellationReason;
      readonly cancelledAt: string;
    } & OrderDetails);

/** The state of an order stream without events. */
export const initialState = (): OrderState => ({ status: 'empty' });

/**
 * Folds one order event into the state. Pure; returns `state` unchanged for an event that
 * does not apply to it (e.g. a second OrderCreated).
 */
export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderCreated': {
      if (state.status !== 'empty') return state;
      const { orderId, customerId, lines, total, currency, placedAt, shippingCountry } = event.data;
      return { status: 'pending', orderId, customerId, lines, total, currency, placedAt, shippingCountry };
    }
    case 'OrderConfirmed':
      if (state.status !== 'pending') return state;
      return { ...state, status: 'confirmed', confirmedAt: event.data.confirmedAt };
    case 'OrderCancelled':
      if (state.status !== 'pending') return state;
      return {
        ...state,
        status: 'cancelled',
        reason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
      };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
