import type { Event } from '@orderflow/core';
import type { CouponRefusalReason } from '../promotions/events.ts';
import type { OrderRefund, OrderRefundEvent } from './refund-events.ts';

/** Why an order was cancelled. */
export const ORDER_CANCELLATION_REASONS = [
  'OUT_OF_STOCK',
  'PAYMENT_FAILED',
  'PAYMENT_TIMEOUT',
  'CUSTOMER_CANCELLED',
  'COUPON_REJECTED',
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

/** An order line as the order records it: its price snapshot and what its coupons took off. */
export interface RecordedOrderLine extends OrderLine {
  /** Minor units the order's coupons take off this line's amount (quantity·unitPrice); 0 without. */
  readonly discount: number;
}

/** A coupon an order uses and the minor units it takes off the order. */
export interface OrderCoupon {
  readonly code: string;
  readonly discount: number;
}

/**
 * Where the unit prices of an order's lines came from: `catalog` (the product's price when the
 * order was placed: a price snapshot) or `client` (orders placed before the API priced lines
 * itself, whose prices the client chose).
 */
export type PriceSource = 'catalog' | 'client';

/**
 * An order was placed. `subtotal` = Σ quantity·unitPrice in minor units of `currency`
 * (ISO 4217), `discount` = Σ of its coupons' discounts = Σ line discounts, `total` = subtotal −
 * discount, the amount charged (see `priceOrder` of the promotions domain); each line's `unitPrice` is the price snapshot the order is charged, whatever the
 * catalog says later; `placedAt` is the order's business time, when the customer placed it
 * (ISO-8601 UTC), which the sales reports group by; `receivedAt` is when the API accepted it (its
 * clock, ISO-8601 UTC): the same instant unless an admin imported the order with an earlier
 * `placedAt` (e.g. the Online Retail replay placing 2010 invoices at their dates); the fulfilment
 * times run from it. `shippingCountry` is the country the order ships to as the customer gave
 * it, or null when unknown.
 *
 * Schema v5 (current). v1, written by release 0.1, had no `shippingCountry` (upcast to null);
 * v2 had no `priceSource` (upcast to `'client'`); v3 had no coupons (subtotal = total, no
 * discount); v4 had no `receivedAt` (upcast to `placedAt`, which was always the API's clock
 * then); see `upcasters.ts`.
 */
export type OrderCreated = Event<
  'OrderCreated',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly lines: readonly RecordedOrderLine[];
    readonly subtotal: number;
    readonly discount: number;
    readonly coupons: readonly OrderCoupon[];
    readonly total: number;
    readonly currency: string;
    readonly placedAt: string;
    readonly receivedAt: string;
    readonly shippingCountry: string | null;
    readonly priceSource: PriceSource;
  }
>;

/** Stock was reserved and payment confirmed; the order will ship. `confirmedAt` is ISO-8601. */
export type OrderConfirmed = Event<
  'OrderConfirmed',
  { readonly orderId: string; readonly confirmedAt: string }
>;

/** Which coupon made an order COUPON_REJECTED, and why it was refused. */
export interface RejectedCoupon {
  readonly code: string;
  readonly reason: CouponRefusalReason;
}

/**
 * The order was cancelled for `reason`. `cancelledAt` is ISO-8601; `coupon` names the refused
 * coupon when the reason is COUPON_REJECTED, else null. Schema v2; v1 had no `coupon` (null).
 */
export type OrderCancelled = Event<
  'OrderCancelled',
  {
    readonly orderId: string;
    readonly reason: OrderCancellationReason;
    readonly cancelledAt: string;
    readonly coupon: RejectedCoupon | null;
  }
>;

/**
 * The confirmed order left the warehouse with `carrier` under `trackingNumber`. `shippedAt` is
 * ISO-8601.
 */
export type OrderShipped = Event<
  'OrderShipped',
  {
    readonly orderId: string;
    readonly carrier: string;
    readonly trackingNumber: string;
    readonly shippedAt: string;
  }
>;

/** The shipped order reached the customer. `deliveredAt` is ISO-8601. */
export type OrderDelivered = Event<
  'OrderDelivered',
  { readonly orderId: string; readonly deliveredAt: string }
>;

/** Every event of an order stream (`order-<orderId>`). */
export type OrderEvent =
  OrderCreated | OrderConfirmed | OrderCancelled | OrderShipped | OrderDelivered | OrderRefundEvent;

/** Where a shipped order went: its carrier and tracking number. */
export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly shippedAt: string;
}

/** What every non-empty order state knows. Amounts are minor units of `currency`. */
export interface OrderDetails {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly RecordedOrderLine[];
  readonly subtotal: number;
  readonly discount: number;
  readonly coupons: readonly OrderCoupon[];
  readonly total: number;
  readonly currency: string;
  readonly placedAt: string;
  readonly shippingCountry: string | null;
}

/** What a confirmed order knows besides its details: when, and its refunds (oldest first). */
export interface ConfirmedDetails extends OrderDetails {
  readonly confirmedAt: string;
  readonly refunds: readonly OrderRefund[];
}

/**
 * The state of one order: `empty` (no such order), `pending` (placed, awaiting stock and
 * payment), `cancelled` (final), or `confirmed` → `shipped` → `delivered`, any of them →
 * `refunded` (final: everything paid went back). A partly refunded order stays where it was,
 * with its refunds.
 */
export type OrderState =
  | { readonly status: 'empty' }
  | ({ readonly status: 'pending' } & OrderDetails)
  | ({ readonly status: 'confirmed' } & ConfirmedDetails)
  | ({ readonly status: 'shipped'; readonly shipment: Shipment } & ConfirmedDetails)
  | ({
      readonly status: 'delivered';
      readonly shipment: Shipment;
      readonly deliveredAt: string;
    } & ConfirmedDetails)
  | ({
      readonly status: 'refunded';
      readonly shipment: Shipment | null;
      readonly deliveredAt: string | null;
    } & ConfirmedDetails)
  | ({
      readonly status: 'cancelled';
      readonly reason: OrderCancellationReason;
      readonly cancelledAt: string;
    } & OrderDetails);

/** The states of a confirmed order, whose refunds may be asked for. */
export type ConfirmedOrderState = Extract<OrderState, { readonly refunds: readonly OrderRefund[] }>;

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
      const { priceSource: _priceSource, ...details } = event.data;
      return { status: 'pending', ...details };
    }
    case 'OrderConfirmed':
      if (state.status !== 'pending') return state;
      return { ...state, status: 'confirmed', confirmedAt: event.data.confirmedAt, refunds: [] };
    case 'OrderCancelled':
      if (state.status !== 'pending') return state;
      return {
        ...state,
        status: 'cancelled',
        reason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
      };
    case 'OrderShipped': {
      if (state.status !== 'confirmed') return state;
      const { carrier, trackingNumber, shippedAt } = event.data;
      return { ...state, status: 'shipped', shipment: { carrier, trackingNumber, shippedAt } };
    }
    case 'OrderDelivered':
      if (state.status !== 'shipped') return state;
      return { ...state, status: 'delivered', deliveredAt: event.data.deliveredAt };
    case 'OrderRefundRequested':
    case 'OrderRefunded':
    case 'OrderRefundDeclined':
      return evolveRefund(state, event);
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/** The refund events on a confirmed order's refunds; a full refund makes it `refunded`. */
function evolveRefund(state: OrderState, event: OrderRefundEvent): OrderState {
  if (!('refunds' in state)) return state;
  const set = (refundId: string, status: OrderRefund['status']) =>
    state.refunds.map((r) => (r.refundId === refundId ? { ...r, status } : r));
  switch (event.type) {
    case 'OrderRefundRequested': {
      const { refundId, lines, amount, reason, restockOnReturn } = event.data;
      if (state.refunds.some((r) => r.refundId === refundId)) return state;
      return {
        ...state,
        refunds: [
          ...state.refunds,
          { refundId, lines, amount, reason, restockOnReturn, status: 'requested' },
        ],
      };
    }
    case 'OrderRefunded': {
      const refunds = set(event.data.refundId, 'refunded');
      if (!event.data.fullyRefunded) return { ...state, refunds };
      const shipment = 'shipment' in state ? state.shipment : null;
      const deliveredAt = 'deliveredAt' in state ? state.deliveredAt : null;
      return { ...state, status: 'refunded', shipment, deliveredAt, refunds };
    }
    case 'OrderRefundDeclined':
      return { ...state, refunds: set(event.data.refundId, 'declined') };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
