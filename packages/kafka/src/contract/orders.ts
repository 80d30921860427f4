import type { RecordedEvent } from '@orderflow/core';
import type {
  CouponRefusalReason,
  OrderCancellationReason,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
  OrderDelivered,
  OrderRefunded,
  OrderShipped,
} from '@orderflow/domain';
import { envelope, type IntegrationEnvelope } from './envelope.ts';

/** One line of a placed order: `quantity` units of `sku` at `unitPrice` minor units each. */
export interface OrderLineV1 {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/**
 * `orderflow.order.placed` v1 on orders.events: an order was accepted and awaits stock and
 * payment. `total` = Σ quantity·unitPrice in minor units of `currency` (ISO 4217).
 */
export type OrderPlacedV1 = IntegrationEnvelope<
  'orderflow.order.placed',
  1,
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly lines: readonly OrderLineV1[];
    readonly total: number;
    readonly currency: string;
    /** ISO-8601. */
    readonly placedAt: string;
    /** The country the order ships to, as the customer gave it; null when unknown. */
    readonly shippingCountry: string | null;
  }
>;

/** `orderflow.order.confirmed` v1: stock reserved and payment taken; the order will ship. */
export type OrderConfirmedV1 = IntegrationEnvelope<
  'orderflow.order.confirmed',
  1,
  { readonly orderId: string; readonly confirmedAt: string }
>;

/**
 * `orderflow.order.cancelled` v1: the order will not ship. `reason` is one of OUT_OF_STOCK,
 * PAYMENT_FAILED, PAYMENT_TIMEOUT, CUSTOMER_CANCELLED.
 */
export type OrderCancelledV1 = IntegrationEnvelope<
  'orderflow.order.cancelled',
  1,
  { readonly orderId: string; readonly reason: OrderCancellationReason; readonly cancelledAt: string }
>;

/**
 * `orderflow.order.placed` v2: an order placed with coupons (v1 cannot say what they took off).
 * `subtotal` = Σ quantity·unitPrice, `discount` = Σ coupons' discounts = Σ lines' discounts,
 * `total` = subtotal − discount, the amount charged; minor units of `currency`.
 */
export type OrderPlacedV2 = IntegrationEnvelope<
  'orderflow.order.placed',
  2,
  Omit<OrderPlacedV1['data'], 'lines'> & {
    readonly lines: readonly (OrderLineV1 & { readonly discount: number })[];
    readonly subtotal: number;
    readonly discount: number;
    readonly coupons: readonly { readonly code: string; readonly discount: number }[];
  }
>;

/** `orderflow.order.cancelled` v2: a cancellation for COUPON_REJECTED, naming the coupon and why. */
export type OrderCancelledV2 = IntegrationEnvelope<
  'orderflow.order.cancelled',
  2,
  OrderCancelledV1['data'] & {
    readonly coupon: { readonly code: string; readonly reason: CouponRefusalReason };
  }
>;

/** `orderflow.order.shipped` v1: the confirmed order left with `carrier` under `trackingNumber`. */
export type OrderShippedV1 = IntegrationEnvelope<
  'orderflow.order.shipped',
  1,
  {
    readonly orderId: string;
    readonly carrier: string;
    readonly trackingNumber: string;
    readonly shippedAt: string;
  }
>;

/** `orderflow.order.delivered` v1: the shipped order reached the customer. */
export type OrderDeliveredV1 = IntegrationEnvelope<
  'orderflow.order.delivered',
  1,
  { readonly orderId: string; readonly deliveredAt: string }
>;

/** Every public order event. */
export type OrderIntegrationEvent =
  | OrderPlacedV1
  | OrderPlacedV2
  | OrderConfirmedV1
  | OrderCancelledV1
  | OrderCancelledV2
  | OrderShippedV1
  | OrderDeliveredV1
  | OrderRefundedV1;

/**
 * `orderflow.order.refunded` v1: the payment provider gave back `amount` minor units of
 * `currency` for the `lines` named (units and their minor units); `refundedTotal` is everything
 * refunded on the order so far, `fullyRefunded` true once it reaches the order's total.
 */
export type OrderRefundedV1 = IntegrationEnvelope<
  'orderflow.order.refunded',
  1,
  {
    readonly orderId: string;
    readonly refundId: string;
    readonly lines: ReadonlyArray<{
      readonly sku: string;
      readonly quantity: number;
      readonly amount: number;
    }>;
    readonly amount: number;
    readonly currency: string;
    readonly refundedTotal: number;
    readonly fullyRefunded: boolean;
    readonly reason: string;
    readonly refundedAt: string;
  }
>;

/** OrderRefunded → {@link OrderRefundedV1}. */
export const orderRefundedV1 = (event: RecordedEvent<OrderRefunded>): OrderRefundedV1 => {
  const { orderId, refundId, lines, amount, currency, refundedTotal, fullyRefunded, reason, refundedAt } =
    event.data;
  return envelope(event, 'orderflow.order.refunded', 1, orderId, {
    orderId,
    refundId,
    lines: lines.map(({ sku, quantity, amount: a }) => ({ sku, quantity, amount: a })),
    amount,
    currency,
    refundedTotal,
    fullyRefunded,
    reason,
    refundedAt,
  });
};

/**
 * OrderCreated → {@link OrderPlacedV1}, or {@link OrderPlacedV2} when the order has coupons: an
 * order without them keeps the v1 message consumers know (its total is Σ quantity·unitPrice).
 */
export const orderPlaced = (event: RecordedEvent<OrderCreated>): OrderPlacedV1 | OrderPlacedV2 => {
  if (event.data.coupons.length === 0) return orderPlacedV1(event);
  const {
    orderId,
    customerId,
    lines,
    subtotal,
    discount,
    coupons,
    total,
    currency,
    placedAt,
    shippingCountry,
  } = event.data;
  return envelope(event, 'orderflow.order.placed', 2, orderId, {
    orderId,
    customerId,
    lines: lines.map(({ sku, quantity, unitPrice, discount: d }) => ({
      sku,
      quantity,
      unitPrice,
      discount: d,
    })),
    subtotal,
    discount,
    coupons: coupons.map(({ code, discount: d }) => ({ code, discount: d })),
    total,
    currency,
    placedAt,
    shippingCountry: shippingCountry ?? null,
  });
};

/** OrderCreated → {@link OrderPlacedV1}. */
export const orderPlacedV1 = (event: RecordedEvent<OrderCreated>): OrderPlacedV1 => {
  const { orderId, customerId, lines, total, currency, placedAt, shippingCountry } = event.data;
  return envelope(event, 'orderflow.order.placed', 1, orderId, {
    orderId,
    customerId,
    lines: lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
    total,
    currency,
    placedAt,
    shippingCountry: shippingCountry ?? null,
  });
};

/** OrderConfirmed → {@link OrderConfirmedV1}. */
export const orderConfirmedV1 = (event: RecordedEvent<OrderConfirmed>): OrderConfirmedV1 => {
  const { orderId, confirmedAt } = event.data;
  return envelope(event, 'orderflow.order.confirmed', 1, orderId, { orderId, confirmedAt });
};

/** OrderCancelled → {@link OrderCancelledV1}, or {@link OrderCancelledV2} for COUPON_REJECTED. */
export const orderCancelled = (event: RecordedEvent<OrderCancelled>): OrderCancelledV1 | OrderCancelledV2 => {
  const { orderId, reason, cancelledAt, coupon } = event.data;
  if (coupon)
    return envelope(event, 'orderflow.order.cancelled', 2, orderId, {
      orderId,
      reason,
      cancelledAt,
      coupon: { code: coupon.code, reason: coupon.reason },
    });
  return envelope(event, 'orderflow.order.cancelled', 1, orderId, { orderId, reason, cancelledAt });
};

/** OrderShipped → {@link OrderShippedV1}. */
export const orderShippedV1 = (event: RecordedEvent<OrderShipped>): OrderShippedV1 => {
  const { orderId, carrier, trackingNumber, shippedAt } = event.data;
  return envelope(event, 'orderflow.order.shipped', 1, orderId, {
    orderId,
    carrier,
    trackingNumber,
    shippedAt,
  });
};

/** OrderDelivered → {@link OrderDeliveredV1}. */
export const orderDeliveredV1 = (event: RecordedEvent<OrderDelivered>): OrderDeliveredV1 => {
  const { orderId, deliveredAt } = event.data;
  return envelope(event, 'orderflow.order.delivered', 1, orderId, { orderId, deliveredAt });
};
