import type { RecordedEvent } from '@orderflow/core';
import type { InventoryEvent, OrderEvent, PaymentEvent } from '@orderflow/domain';
import type { TopicNames } from '../topics.ts';
import {
  priceChangedV1,
  productRegisteredV1,
  stockAddedV1,
  stockCommittedV1,
  stockReleasedV1,
  stockReservationFailedV1,
  stockReservedV1,
  stockLowV1,
  stockReplenishedV1,
  type InventoryIntegrationEvent,
} from './inventory.ts';
import {
  orderCancelled,
  orderConfirmedV1,
  orderDeliveredV1,
  orderPlaced,
  orderRefundedV1,
  orderShippedV1,
  type OrderIntegrationEvent,
} from './orders.ts';
import {
  paymentCapturedAfterVoidV1,
  paymentConfirmedV1,
  paymentFailedV1,
  paymentRefundedV1,
  paymentRefundFailedV1,
  refundRequestedV1,
  paymentRequestedV1,
  paymentVoidedV1,
  type PaymentIntegrationEvent,
} from './payments.ts';

/** Every public integration event of the contract (CONTRACT.md). */
export type IntegrationEvent = OrderIntegrationEvent | InventoryIntegrationEvent | PaymentIntegrationEvent;

/** The domain events the relay knows how to publish. */
type PublishedDomainEvent = OrderEvent | InventoryEvent | PaymentEvent;

/** The domain event types that have a public mapping (the relay's subscription filter). */
export const PUBLISHED_EVENT_TYPES: readonly PublishedDomainEvent['type'][] = [
  'OrderCreated',
  'OrderConfirmed',
  'OrderCancelled',
  'OrderShipped',
  'OrderDelivered',
  'OrderRefunded',
  'ProductRegistered',
  'PriceChanged',
  'StockAdded',
  'StockReserved',
  'StockReservationFailed',
  'StockReleased',
  'StockCommitted',
  'LowStockAlertRaised',
  'LowStockAlertCleared',
  'PaymentRequested',
  'PaymentConfirmed',
  'PaymentFailed',
  'PaymentVoided',
  'PaymentCapturedAfterVoid',
  'RefundRequested',
  'RefundCompleted',
  'RefundFailed',
];
const published = new Set<string>(PUBLISHED_EVENT_TYPES);

/** A public event and where it goes: the topic (by role) and the key (its subject). */
export interface PublicMessage {
  readonly topic: keyof Pick<
    TopicNames,
    'orders' | 'inventory' | 'inventoryAlerts' | 'paymentRequests' | 'payments'
  >;
  readonly key: string;
  readonly event: IntegrationEvent;
}

const on = (topic: PublicMessage['topic'], event: IntegrationEvent): PublicMessage => ({
  topic,
  key: event.subject,
  event,
});

/**
 * Maps a recorded domain event to its public integration event, or null when the event type
 * has no public mapping (it is then not published). Each mapping names the fields it publishes;
 * nothing of the internal shape passes through unnamed.
 */
export function toPublicMessage(recorded: RecordedEvent): PublicMessage | null {
  if (!published.has(recorded.type)) return null;
  const event = recorded as RecordedEvent<PublishedDomainEvent>;
  switch (event.type) {
    case 'OrderCreated':
      return on('orders', orderPlaced(event));
    case 'OrderConfirmed':
      return on('orders', orderConfirmedV1(event));
    case 'OrderCancelled':
      return on('orders', orderCancelled(event));
    case 'OrderShipped':
      return on('orders', orderShippedV1(event));
    case 'OrderDelivered':
      return on('orders', orderDeliveredV1(event));
    case 'ProductRegistered':
      return on('inventory', productRegisteredV1(event));
    case 'PriceChanged':
      return on('inventory', priceChangedV1(event));
    case 'StockAdded':
      return on('inventory', stockAddedV1(event));
    case 'StockReserved':
      return on('inventory', stockReservedV1(event));
    case 'StockReservationFailed':
      return on('inventory', stockReservationFailedV1(event));
    case 'StockReleased':
      return on('inventory', stockReleasedV1(event));
    case 'StockCommitted':
      return on('inventory', stockCommittedV1(event));
    // Internal: a refund's request and decline on the order; the public outcome is order.refunded.
    case 'StockThresholdSet':
    case 'OrderRefundRequested':
    case 'OrderRefundDeclined':
      return null;
    case 'OrderRefunded':
      return on('orders', orderRefundedV1(event));
    case 'RefundRequested':
      return on('paymentRequests', refundRequestedV1(event));
    case 'RefundCompleted':
      return on('payments', paymentRefundedV1(event));
    case 'RefundFailed':
      return on('payments', paymentRefundFailedV1(event));
    case 'PaymentCapturedAfterVoid':
      return on('payments', paymentCapturedAfterVoidV1(event));
    case 'LowStockAlertRaised':
      return on('inventoryAlerts', stockLowV1(event));
    case 'LowStockAlertCleared':
      return on('inventoryAlerts', stockReplenishedV1(event));
    case 'PaymentRequested':
      return on('paymentRequests', paymentRequestedV1(event));
    case 'PaymentConfirmed':
      return on('payments', paymentConfirmedV1(event));
    case 'PaymentFailed':
      return on('payments', paymentFailedV1(event));
    case 'PaymentVoided':
      return on('payments', paymentVoidedV1(event));
    default: {
      const _exhaustive: never = event;
      return null;
    }
  }
}
