import { createEventSchemaRegistry, type EventSchema, type EventSchemaRegistry } from '@orderflow/core';
import type { InventoryEvent } from './inventory/index.ts';
import { orderEventSchemas } from './orders/upcasters.ts';
import type { OrderEvent } from './orders/index.ts';
import type { PaymentEvent } from './payments/index.ts';
import type { PromotionEvent } from './promotions/index.ts';

/** Every domain event type. */
export type DomainEvent = OrderEvent | InventoryEvent | PaymentEvent | PromotionEvent;

/**
 * The current schema version of every domain event and the upcasters of older ones. Typed
 * against the event unions, so adding an event type without a schema is a compile error.
 */
export const domainEventSchemas: Readonly<Record<DomainEvent['type'], EventSchema>> = {
  ...orderEventSchemas,
  ProductRegistered: { version: 1 },
  PriceChanged: { version: 1 },
  StockAdded: { version: 1 },
  StockReserved: { version: 1 },
  StockReservationFailed: { version: 1 },
  StockReleased: { version: 1 },
  StockCommitted: { version: 1 },
  StockThresholdSet: { version: 1 },
  LowStockAlertRaised: { version: 1 },
  LowStockAlertCleared: { version: 1 },
  PaymentRequested: { version: 1 },
  PaymentConfirmed: { version: 1 },
  PaymentFailed: { version: 1 },
  PaymentVoided: { version: 1 },
  PaymentCapturedAfterVoid: { version: 1 },
  RefundRequested: { version: 1 },
  RefundCompleted: { version: 1 },
  RefundFailed: { version: 1 },
  CouponDefined: { version: 1 },
  CouponDisabled: { version: 1 },
  CouponReserved: { version: 1 },
  CouponReservationRefused: { version: 1 },
  CouponRedeemed: { version: 1 },
  CouponReleased: { version: 1 },
};

/**
 * The registry event stores are opened with: strict, so an event type this release does not
 * know is UNKNOWN_EVENT_SCHEMA rather than a silent skip.
 */
export const domainSchemaRegistry: EventSchemaRegistry = createEventSchemaRegistry(domainEventSchemas);
