import type { RecordedEvent } from '@orderflow/core';
import type {
  LowStockAlertCleared,
  LowStockAlertRaised,
  PriceChanged,
  ProductRegistered,
  StockAdded,
  StockCommitted,
  StockReleased,
  StockReservationFailed,
  StockReservationFailureReason,
  StockReserved,
} from '@orderflow/domain';
import { envelope, type IntegrationEnvelope } from './envelope.ts';

/** `quantity` units of `sku` for an order; quantities are integers. */
interface OrderStockV1 {
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
}

/** `orderflow.inventory.product.registered` v1: `unitPrice` in minor units of `currency` (ISO 4217). */
export type ProductRegisteredV1 = IntegrationEnvelope<
  'orderflow.inventory.product.registered',
  1,
  { readonly sku: string; readonly name: string; readonly unitPrice: number; readonly currency: string }
>;

/**
 * `orderflow.inventory.product.price-changed` v1: the catalog price is now `unitPrice` (minor
 * units of `currency`, which does not change); it was `previousUnitPrice`.
 */
export type PriceChangedV1 = IntegrationEnvelope<
  'orderflow.inventory.product.price-changed',
  1,
  {
    readonly sku: string;
    readonly unitPrice: number;
    readonly previousUnitPrice: number;
    readonly currency: string;
  }
>;

/** `orderflow.inventory.stock.added` v1: `quantity` units arrived. */
export type StockAddedV1 = IntegrationEnvelope<
  'orderflow.inventory.stock.added',
  1,
  { readonly sku: string; readonly quantity: number }
>;

/** `orderflow.inventory.stock.reserved` v1: units held for an order. */
export type StockReservedV1 = IntegrationEnvelope<'orderflow.inventory.stock.reserved', 1, OrderStockV1>;

/**
 * `orderflow.inventory.stock.reservation-failed` v1: `reason` is INSUFFICIENT_STOCK or
 * UNKNOWN_PRODUCT; `available` is what could have been reserved at the time.
 */
export type StockReservationFailedV1 = IntegrationEnvelope<
  'orderflow.inventory.stock.reservation-failed',
  1,
  OrderStockV1 & { readonly reason: StockReservationFailureReason; readonly available: number }
>;

/** `orderflow.inventory.stock.released` v1: an order's held units are available again. */
export type StockReleasedV1 = IntegrationEnvelope<'orderflow.inventory.stock.released', 1, OrderStockV1>;

/** `orderflow.inventory.stock.committed` v1: an order's held units left the warehouse. */
export type StockCommittedV1 = IntegrationEnvelope<'orderflow.inventory.stock.committed', 1, OrderStockV1>;

/** Every public inventory event. */
/**
 * `orderflow.inventory.stock.low` v1 on inventory.alerts: available stock (onHand − reserved)
 * fell below the SKU's threshold. Raised once per crossing.
 */
export type StockLowV1 = IntegrationEnvelope<
  'orderflow.inventory.stock.low',
  1,
  { readonly sku: string; readonly available: number; readonly threshold: number }
>;

/** `orderflow.inventory.stock.replenished` v1: available stock is back at or above the threshold. */
export type StockReplenishedV1 = IntegrationEnvelope<
  'orderflow.inventory.stock.replenished',
  1,
  { readonly sku: string; readonly available: number; readonly threshold: number }
>;

/** LowStockAlertRaised → {@link StockLowV1}. */
export const stockLowV1 = (event: RecordedEvent<LowStockAlertRaised>): StockLowV1 => {
  const { sku, available, threshold } = event.data;
  return envelope(event, 'orderflow.inventory.stock.low', 1, sku, { sku, available, threshold });
};

/** LowStockAlertCleared → {@link StockReplenishedV1}. */
export const stockReplenishedV1 = (event: RecordedEvent<LowStockAlertCleared>): StockReplenishedV1 => {
  const { sku, available, threshold } = event.data;
  return envelope(event, 'orderflow.inventory.stock.replenished', 1, sku, { sku, available, threshold });
};

export type InventoryIntegrationEvent =
  | StockLowV1
  | StockReplenishedV1
  | ProductRegisteredV1
  | PriceChangedV1
  | StockAddedV1
  | StockReservedV1
  | StockReservationFailedV1
  | StockReleasedV1
  | StockCommittedV1;

const orderStock = ({ sku, orderId, quantity }: OrderStockV1): OrderStockV1 => ({ sku, orderId, quantity });

/** ProductRegistered → {@link ProductRegisteredV1}. */
export const productRegisteredV1 = (event: RecordedEvent<ProductRegistered>): ProductRegisteredV1 => {
  const { sku, name, unitPrice, currency } = event.data;
  return envelope(event, 'orderflow.inventory.product.registered', 1, sku, {
    sku,
    name,
    unitPrice,
    currency,
  });
};

/** PriceChanged → {@link PriceChangedV1}. */
export const priceChangedV1 = (event: RecordedEvent<PriceChanged>): PriceChangedV1 => {
  const { sku, unitPrice, previousUnitPrice, currency } = event.data;
  return envelope(event, 'orderflow.inventory.product.price-changed', 1, sku, {
    sku,
    unitPrice,
    previousUnitPrice,
    currency,
  });
};

/** StockAdded → {@link StockAddedV1}. */
export const stockAddedV1 = (event: RecordedEvent<StockAdded>): StockAddedV1 => {
  const { sku, quantity } = event.data;
  return envelope(event, 'orderflow.inventory.stock.added', 1, sku, { sku, quantity });
};

/** StockReserved → {@link StockReservedV1}. */
export const stockReservedV1 = (event: RecordedEvent<StockReserved>): StockReservedV1 =>
  envelope(event, 'orderflow.inventory.stock.reserved', 1, event.data.sku, orderStock(event.data));

/** StockReservationFailed → {@link StockReservationFailedV1}. */
export const stockReservationFailedV1 = (
  event: RecordedEvent<StockReservationFailed>,
): StockReservationFailedV1 => {
  const { reason, available } = event.data;
  return envelope(event, 'orderflow.inventory.stock.reservation-failed', 1, event.data.sku, {
    ...orderStock(event.data),
    reason,
    available,
  });
};

/** StockReleased → {@link StockReleasedV1}. */
export const stockReleasedV1 = (event: RecordedEvent<StockReleased>): StockReleasedV1 =>
  envelope(event, 'orderflow.inventory.stock.released', 1, event.data.sku, orderStock(event.data));

/** StockCommitted → {@link StockCommittedV1}. */
export const stockCommittedV1 = (event: RecordedEvent<StockCommitted>): StockCommittedV1 =>
  envelope(event, 'orderflow.inventory.stock.committed', 1, event.data.sku, orderStock(event.data));
