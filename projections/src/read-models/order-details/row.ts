import type { RecordedEvent } from '@orderflow/core';
import type {
  DomainEvent,
  OrderCoupon,
  RecordedOrderLine,
  RejectedCoupon,
  Shipment,
} from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/** Statuses of an order as the API shows them. AWAITING_PAYMENT comes from PaymentRequested. */
export const ORDER_STATUSES = [
  'PENDING',
  'AWAITING_PAYMENT',
  'CONFIRMED',
  'CANCELLED',
  'SHIPPED',
  'DELIVERED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;

/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Every status with a count of 0. */
export const zeroByStatus = (): Record<OrderStatus, number> =>
  Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;

/** True for the statuses an order reaches once confirmed (it can no longer be cancelled). */
export const isConfirmedStatus = (status: OrderStatus): boolean =>
  status === 'CONFIRMED' ||
  status === 'SHIPPED' ||
  status === 'DELIVERED' ||
  status === 'PARTIALLY_REFUNDED' ||
  status === 'REFUNDED';

/**
 * The status an OrderRefunded gives a confirmed order: REFUNDED once everything paid went back,
 * else PARTIALLY_REFUNDED (which then stays, while the order still ships and is delivered).
 */
export const refundedStatus = (fullyRefunded: boolean): OrderStatus =>
  fullyRefunded ? 'REFUNDED' : 'PARTIALLY_REFUNDED';

/** One row of the order-details read model (amounts in minor units; times from the events). */
export interface OrderRow {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly cancellationReason: string | null;
  /** The coupon refused when the reason is COUPON_REJECTED, else null. */
  readonly rejectedCoupon: RejectedCoupon | null;
  /** Σ quantity·unitPrice before coupons. */
  readonly subtotal: number;
  /** What the coupons took off: Σ `coupons[].discount`. */
  readonly discount: number;
  /** The amount charged: subtotal − discount. */
  readonly total: number;
  readonly currency: string;
  /** The coupon codes applied, with what each took off, in the order they were applied. */
  readonly coupons: readonly OrderCoupon[];
  /** Where the order ships, null when unknown (orders of release 0.1). */
  readonly shippingCountry: string | null;
  readonly lines: readonly RecordedOrderLine[];
  /** Carrier, tracking number and time once SHIPPED, else null. */
  readonly shipment: Shipment | null;
  /** When it was DELIVERED, else null. */
  readonly deliveredAt: Date | null;
  /** Minor units refunded so far (refunds the provider completed); 0 without. */
  readonly refundedAmount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Position of the last event that changed the row. */
  readonly position: bigint;
}

/** An order's status changed: what `orderStatusChanged` subscribers receive. */
export interface OrderStatusChange {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly cancellationReason: string | null;
  /** Position of the event that changed it. */
  readonly position: bigint;
  /** When that event was recorded. */
  readonly at: Date;
}

/** The event types this read model handles. */
export const ORDER_DETAILS_EVENTS = [
  'OrderCreated',
  'PaymentRequested',
  'OrderConfirmed',
  'OrderCancelled',
  'OrderShipped',
  'OrderDelivered',
  'OrderRefunded',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link ORDER_DETAILS_EVENTS}. */
export type OrderDetailsEvent = DomainEventOf<(typeof ORDER_DETAILS_EVENTS)[number]>;

/** The order id an event of {@link ORDER_DETAILS_EVENTS} is about. */
export const orderIdOf = (event: RecordedEvent<OrderDetailsEvent>): string => event.data.orderId;

/**
 * Pure: the row after `event`. Late or repeated events leave a final status alone
 * (e.g. PaymentRequested after a cancellation).
 */
export function evolveOrderRow(
  row: OrderRow | null,
  event: RecordedEvent<OrderDetailsEvent>,
): OrderRow | null {
  const at = { updatedAt: event.metadata.recordedAt, position: event.position };
  switch (event.type) {
    case 'OrderCreated': {
      if (row) return row;
      const data = event.data;
      return {
        orderId: data.orderId,
        customerId: data.customerId,
        status: 'PENDING',
        cancellationReason: null,
        rejectedCoupon: null,
        subtotal: data.subtotal,
        discount: data.discount,
        total: data.total,
        currency: data.currency,
        coupons: data.coupons,
        shippingCountry: data.shippingCountry,
        lines: data.lines,
        shipment: null,
        deliveredAt: null,
        refundedAmount: 0,
        createdAt: new Date(data.placedAt),
        ...at,
      };
    }
    case 'PaymentRequested':
      return row && row.status === 'PENDING' ? { ...row, status: 'AWAITING_PAYMENT', ...at } : row;
    case 'OrderConfirmed':
      return row && (row.status === 'PENDING' || row.status === 'AWAITING_PAYMENT')
        ? { ...row, status: 'CONFIRMED', ...at }
        : row;
    case 'OrderShipped': {
      if (!row || (row.status !== 'CONFIRMED' && row.status !== 'PARTIALLY_REFUNDED') || row.shipment)
        return row;
      const { carrier, trackingNumber, shippedAt } = event.data;
      const status = row.status === 'CONFIRMED' ? 'SHIPPED' : row.status;
      return { ...row, status, shipment: { carrier, trackingNumber, shippedAt }, ...at };
    }
    case 'OrderDelivered': {
      if (!row || (row.status !== 'SHIPPED' && row.status !== 'PARTIALLY_REFUNDED') || !row.shipment)
        return row;
      if (row.deliveredAt) return row;
      const status = row.status === 'SHIPPED' ? 'DELIVERED' : row.status;
      return { ...row, status, deliveredAt: new Date(event.data.deliveredAt), ...at };
    }
    case 'OrderRefunded': {
      if (!row || !isConfirmedStatus(row.status) || row.status === 'REFUNDED') return row;
      const { refundedTotal, fullyRefunded } = event.data;
      if (refundedTotal <= row.refundedAmount) return row;
      return { ...row, status: refundedStatus(fullyRefunded), refundedAmount: refundedTotal, ...at };
    }
    case 'OrderCancelled':
      return row && !isConfirmedStatus(row.status) && row.status !== 'CANCELLED'
        ? {
            ...row,
            status: 'CANCELLED',
            cancellationReason: event.data.reason,
            rejectedCoupon: event.data.coupon ?? null,
            ...at,
          }
        : row;
    default: {
      const _exhaustive: never = event;
      return row;
    }
  }
}
