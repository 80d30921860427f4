import type { RecordedEvent } from '@orderflow/core';
import {
  ORDER_DETAILS_EVENTS,
  isConfirmedStatus,
  refundedStatus,
  type OrderDetailsEvent,
  type OrderStatus,
} from '../order-details/row.ts';

/** One order's status in the Redis read model (`order:<orderId>` → hash). */
export interface OrderStatusEntry {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** Why the order was cancelled (an `OrderCancellationReason`); null unless CANCELLED. */
  readonly cancellationReason: string | null;
}

/** The event types this read model handles: those of order-details, so both agree. */
export const ORDER_STATUS_EVENTS = ORDER_DETAILS_EVENTS;

/** The events of {@link ORDER_STATUS_EVENTS}. */
export type OrderStatusEvent = OrderDetailsEvent;

/**
 * Pure: the entry after `event`, with exactly the rules of `evolveOrderRow` (order-details),
 * so Redis and Postgres agree: PaymentRequested moves PENDING to AWAITING_PAYMENT; OrderConfirmed
 * confirms a pending order; OrderCancelled cancels one not confirmed; OrderShipped ships a
 * confirmed one and OrderDelivered delivers a shipped one (a partly refunded order stays
 * PARTIALLY_REFUNDED); OrderRefunded makes a confirmed order PARTIALLY_REFUNDED or REFUNDED;
 * late or repeated events
 * leave a final status alone; events before OrderCreated are ignored.
 */
export function evolveOrderStatus(
  entry: OrderStatusEntry | null,
  event: RecordedEvent<OrderStatusEvent>,
): OrderStatusEntry | null {
  switch (event.type) {
    case 'OrderCreated':
      return (
        entry ?? {
          orderId: event.data.orderId,
          status: 'PENDING',
          cancellationReason: null,
        }
      );
    case 'PaymentRequested':
      return entry && entry.status === 'PENDING' ? { ...entry, status: 'AWAITING_PAYMENT' } : entry;
    case 'OrderConfirmed':
      return entry && (entry.status === 'PENDING' || entry.status === 'AWAITING_PAYMENT')
        ? { ...entry, status: 'CONFIRMED' }
        : entry;
    case 'OrderShipped':
      return entry && entry.status === 'CONFIRMED' ? { ...entry, status: 'SHIPPED' } : entry;
    case 'OrderDelivered':
      return entry && entry.status === 'SHIPPED' ? { ...entry, status: 'DELIVERED' } : entry;
    case 'OrderCancelled':
      return entry && !isConfirmedStatus(entry.status) && entry.status !== 'CANCELLED'
        ? { ...entry, status: 'CANCELLED', cancellationReason: event.data.reason }
        : entry;
    case 'OrderRefunded':
      return entry && isConfirmedStatus(entry.status) && entry.status !== 'REFUNDED'
        ? { ...entry, status: refundedStatus(event.data.fullyRefunded) }
        : entry;
    default: {
      const _exhaustive: never = event;
      return entry;
    }
  }
}

/** The hash fields of an entry (`status`, and `cancellationReason` when set). */
export function orderStatusFields(entry: OrderStatusEntry): Record<string, string> {
  return entry.cancellationReason === null
    ? { status: entry.status }
    : { status: entry.status, cancellationReason: entry.cancellationReason };
}

/** The entry stored in `fields`, null when the hash is absent. */
export function orderStatusFromFields(
  orderId: string,
  fields: Readonly<Record<string, string>> | undefined,
): OrderStatusEntry | null {
  if (!fields?.status) return null;
  return {
    orderId,
    status: fields.status as OrderStatus,
    cancellationReason: fields.cancellationReason ?? null,
  };
}
