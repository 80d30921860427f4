import { OrderflowError, invalidState, validationFailed, type Command } from '@orderflow/core';
import { requireIsoTimestamp, requireNonEmptyString, requireSameId } from '../shared/validation.ts';
import { requireCouponCode, type CouponTerms } from '../promotions/coupon.ts';
import { priceOrder } from '../promotions/discount.ts';
import { COUPON_REFUSAL_REASONS } from '../promotions/events.ts';
import {
  ORDER_CANCELLATION_REASONS,
  type RejectedCoupon,
  type OrderCancellationReason,
  type OrderEvent,
  type OrderLine,
  type OrderState,
} from './events.ts';
import { validatePlaceOrder } from './validate-place-order.ts';
import { decideRefund, type OrderRefundCommand } from './refund-commands.ts';

/**
 * Place a new order. Each line's `unitPrice` is the catalog price of its SKU (minor units of
 * `currency`, ISO 4217), looked up by the application service before the command is decided:
 * the order records it as its price snapshot (`priceSource: 'catalog'`). `coupons` are the terms
 * of the coupon codes the customer gave (at most {@link MAX_ORDER_COUPONS}, each code once),
 * also looked up by the application service; the order is priced with them by `priceOrder`.
 * Whether a coupon may be used is decided by its own stream when the order's process manager
 * reserves it. `placedAt` is the order's business time (ISO-8601), `receivedAt` the API's clock
 * when it took the order (ISO-8601; default `placedAt`); `placedAt` may be earlier (an imported
 * order) but not later than `receivedAt` (+ 60 s of clock skew). See
 * {@link validatePlaceOrder} for the input rules.
 */
export type PlaceOrder = Command<
  'PlaceOrder',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly lines: readonly OrderLine[];
    readonly currency: string;
    readonly placedAt: string;
    /** When the API took the order; default `placedAt`. */
    readonly receivedAt?: string;
    /** Where the order ships; optional (1–60 characters, trimmed). */
    readonly shippingCountry?: string | null;
    /** The terms of the order's coupons; none when absent. */
    readonly coupons?: readonly CouponTerms[];
  }
>;

/** Most coupon codes one order may carry. */
export const MAX_ORDER_COUPONS = 5;

/** Confirm a pending order (stock reserved, payment confirmed). `confirmedAt` is ISO-8601. */
export type ConfirmOrder = Command<
  'ConfirmOrder',
  { readonly orderId: string; readonly confirmedAt: string }
>;

/**
 * Cancel a pending order for `reason`. `cancelledAt` is ISO-8601; `coupon` (required with
 * COUPON_REJECTED, refused otherwise) names the refused coupon and why.
 */
export type CancelOrder = Command<
  'CancelOrder',
  {
    readonly orderId: string;
    readonly reason: OrderCancellationReason;
    readonly cancelledAt: string;
    readonly coupon?: RejectedCoupon | null;
  }
>;

/** Longest carrier name and tracking number, in UTF-16 code units. */
export const MAX_SHIPMENT_FIELD_LENGTH = 100;

/**
 * Hand a confirmed order to `carrier` (1–100 characters) under `trackingNumber` (1–100).
 * `shippedAt` is ISO-8601.
 */
export type ShipOrder = Command<
  'ShipOrder',
  {
    readonly orderId: string;
    readonly carrier: string;
    readonly trackingNumber: string;
    readonly shippedAt: string;
  }
>;

/** Record that a shipped order reached the customer. `deliveredAt` is ISO-8601. */
export type MarkDelivered = Command<
  'MarkDelivered',
  { readonly orderId: string; readonly deliveredAt: string }
>;

/** Every command of the order decider. */
export type OrderCommand =
  PlaceOrder | ConfirmOrder | CancelOrder | ShipOrder | MarkDelivered | OrderRefundCommand;

/**
 * Decides what an order command does to the order in `state`. Pure.
 * - PlaceOrder: valid input on an empty stream → [OrderCreated];
 * - ConfirmOrder: pending → [OrderConfirmed]; confirmed → [] (idempotent);
 * - CancelOrder: pending → [OrderCancelled]; cancelled → [] (idempotent);
 * - ShipOrder: confirmed → [OrderShipped]; shipped with the same carrier and tracking number,
 *   or delivered → [] (a retry);
 * - MarkDelivered: shipped → [OrderDelivered]; delivered → [];
 * - RequestOrderRefund, CompleteOrderRefund, DeclineOrderRefund: see `decideRefund`.
 *
 * @throws OrderflowError VALIDATION_FAILED for bad input (`details.field` names it), checked
 *   before the state; ALREADY_EXISTS for PlaceOrder on an existing order; NOT_FOUND for
 *   Confirm/Cancel/Ship/MarkDelivered of a missing order; INVALID_STATE for confirming a
 *   cancelled order, cancelling a confirmed (or shipped, delivered) one, shipping an order that
 *   is not confirmed (or shipped under another tracking number), delivering one not shipped.
 */
export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command.data, state);
    case 'ConfirmOrder':
      return confirmOrder(command.data, state);
    case 'CancelOrder':
      return cancelOrder(command.data, state);
    case 'ShipOrder':
      return shipOrder(command.data, state);
    case 'MarkDelivered':
      return markDelivered(command.data, state);
    case 'RequestOrderRefund':
    case 'CompleteOrderRefund':
    case 'DeclineOrderRefund':
      return decideRefund(command, state);
    default: {
      const _exhaustive: never = command;
      throw validationFailed('unknown order command', { field: 'type' });
    }
  }
}

function requireCoupons(coupons: unknown): readonly CouponTerms[] {
  if (coupons === undefined || coupons === null) return [];
  if (!Array.isArray(coupons) || coupons.length > MAX_ORDER_COUPONS) {
    throw validationFailed(`an order carries at most ${MAX_ORDER_COUPONS} coupon codes`, {
      field: 'couponCodes',
    });
  }
  const seen = new Set<string>();
  for (const [i, coupon] of (coupons as CouponTerms[]).entries()) {
    requireCouponCode(coupon?.code, `couponCodes[${i}]`);
    if (seen.has(coupon.code)) {
      throw validationFailed(`coupon ${coupon.code} appears more than once`, { field: `couponCodes[${i}]` });
    }
    seen.add(coupon.code);
  }
  return coupons as CouponTerms[];
}

function placeOrder(data: PlaceOrder['data'], state: OrderState): OrderEvent[] {
  validatePlaceOrder(data);
  const coupons = requireCoupons(data.coupons);
  if (state.status !== 'empty') {
    throw new OrderflowError('ALREADY_EXISTS', `order ${data.orderId} exists already`, {
      orderId: data.orderId,
    });
  }
  const { orderId, customerId, currency, placedAt } = data;
  const shippingCountry = data.shippingCountry ?? null;
  // priceOrder copies the lines, so that no extra input properties end up in the event.
  const { lines, subtotal, discount, total, coupons: applied } = priceOrder(data.lines, currency, coupons);
  return [
    {
      type: 'OrderCreated',
      data: {
        orderId,
        customerId,
        lines,
        subtotal,
        discount,
        coupons: applied,
        total,
        currency,
        placedAt,
        receivedAt: data.receivedAt ?? placedAt,
        shippingCountry,
        priceSource: 'catalog',
      },
    },
  ];
}

function confirmOrder(data: ConfirmOrder['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  requireIsoTimestamp(data.confirmedAt, 'confirmedAt');
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  switch (state.status) {
    case 'pending':
      return [{ type: 'OrderConfirmed', data: { orderId: data.orderId, confirmedAt: data.confirmedAt } }];
    case 'confirmed':
    case 'shipped':
    case 'delivered':
    case 'refunded':
      return [];
    case 'cancelled':
      throw invalidState('a cancelled order cannot be confirmed', {
        orderId: data.orderId,
        status: state.status,
      });
    default: {
      const _exhaustive: never = state;
      return [];
    }
  }
}

function cancelOrder(data: CancelOrder['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  if (!(ORDER_CANCELLATION_REASONS as readonly unknown[]).includes(data.reason)) {
    throw validationFailed(`reason must be one of ${ORDER_CANCELLATION_REASONS.join(', ')}`, {
      field: 'reason',
    });
  }
  requireIsoTimestamp(data.cancelledAt, 'cancelledAt');
  const coupon = requireRejectedCoupon(data);
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  switch (state.status) {
    case 'pending': {
      const { orderId, reason, cancelledAt } = data;
      return [{ type: 'OrderCancelled', data: { orderId, reason, cancelledAt, coupon } }];
    }
    case 'cancelled':
      return [];
    case 'confirmed':
    case 'shipped':
    case 'delivered':
    case 'refunded':
      throw invalidState(`a ${state.status} order cannot be cancelled; refund it instead`, {
        orderId: data.orderId,
        status: state.status,
      });
    default: {
      const _exhaustive: never = state;
      return [];
    }
  }
}

function shipOrder(data: ShipOrder['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  requireNonEmptyString(data.carrier, 'carrier', MAX_SHIPMENT_FIELD_LENGTH);
  requireNonEmptyString(data.trackingNumber, 'trackingNumber', MAX_SHIPMENT_FIELD_LENGTH);
  requireIsoTimestamp(data.shippedAt, 'shippedAt');
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  const { orderId, carrier, trackingNumber, shippedAt } = data;
  if (state.status === 'confirmed')
    return [{ type: 'OrderShipped', data: { orderId, carrier, trackingNumber, shippedAt } }];
  if (
    (state.status === 'shipped' || state.status === 'delivered') &&
    state.shipment.carrier === carrier &&
    state.shipment.trackingNumber === trackingNumber
  )
    return [];
  throw invalidState(`a ${state.status} order cannot be shipped`, { orderId, status: state.status });
}

function markDelivered(data: MarkDelivered['data'], state: OrderState): OrderEvent[] {
  requireNonEmptyString(data.orderId, 'orderId');
  requireIsoTimestamp(data.deliveredAt, 'deliveredAt');
  if (state.status === 'empty') throw notFound(data.orderId);
  requireSameId(data.orderId, state.orderId, 'orderId');
  if (state.status === 'shipped')
    return [{ type: 'OrderDelivered', data: { orderId: data.orderId, deliveredAt: data.deliveredAt } }];
  if (state.status === 'delivered') return [];
  throw invalidState(`a ${state.status} order cannot be delivered`, {
    orderId: data.orderId,
    status: state.status,
  });
}

function requireRejectedCoupon(data: CancelOrder['data']): RejectedCoupon | null {
  const coupon = data.coupon ?? null;
  if (data.reason !== 'COUPON_REJECTED') {
    if (coupon !== null) throw validationFailed('coupon is only for COUPON_REJECTED', { field: 'coupon' });
    return null;
  }
  if (coupon === null) throw validationFailed('COUPON_REJECTED needs the coupon', { field: 'coupon' });
  requireCouponCode(coupon.code, 'coupon.code');
  if (!(COUPON_REFUSAL_REASONS as readonly unknown[]).includes(coupon.reason)) {
    throw validationFailed(`coupon.reason must be one of ${COUPON_REFUSAL_REASONS.join(', ')}`, {
      field: 'coupon.reason',
    });
  }
  return { code: coupon.code, reason: coupon.reason };
}

const notFound = (orderId: string) =>
  new OrderflowError('NOT_FOUND', `order ${orderId} does not exist`, { orderId });
