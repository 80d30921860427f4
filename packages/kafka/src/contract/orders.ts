import type { RecordedEvent } from '@orderflow/core';
import type {
  OrderCancellationReason,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
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

/** Every public order event. */
export type OrderIntegrationEvent = OrderPlacedV1 | OrderConfirmedV1 | OrderCancelledV1;

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

/** OrderCancelled → {@link OrderCancelledV1}. */
export const orderCancelledV1 = (event: RecordedEvent<OrderCancelled>): OrderCancelledV1 => {
  const { orderId, reason, cancelledAt } = event.data;
  return envelope(event, 'orderflow.order.cancelled', 1, orderId, { orderId, reason, cancelledAt });
};
