import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/**
 * One SKU's stock in the Redis read model (`sku:<sku>` → hash), in units: `onHand` in the
 * warehouse (reserved ones included), `reserved` for open orders, and
 * `available` = max(0, onHand − reserved), what can still be reserved.
 */
export interface StockAvailability {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** The event types this read model handles: the stock events of stock-levels, so both agree. */
export const STOCK_AVAILABILITY_EVENTS = [
  'ProductRegistered',
  'StockAdded',
  'StockReserved',
  'StockReleased',
  'StockCommitted',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link STOCK_AVAILABILITY_EVENTS}. */
export type StockAvailabilityEvent = DomainEventOf<(typeof STOCK_AVAILABILITY_EVENTS)[number]>;

const entry = (sku: string, onHand: number, reserved: number): StockAvailability => ({
  sku,
  onHand,
  reserved,
  available: Math.max(0, onHand - reserved),
});

/**
 * Pure: the entry after `event`, with exactly the rules of `evolveProductRow` (stock-levels),
 * so Redis and Postgres agree: ProductRegistered starts at 0/0 (once); StockAdded adds to on
 * hand; StockReserved / StockReleased move reserved; StockCommitted takes the units out of both;
 * stock events of an unregistered SKU are ignored.
 */
export function evolveStockAvailability(
  current: StockAvailability | null,
  event: RecordedEvent<StockAvailabilityEvent>,
): StockAvailability | null {
  if (event.type === 'ProductRegistered') return current ?? entry(event.data.sku, 0, 0);
  if (!current) return null;
  switch (event.type) {
    case 'StockAdded':
      return entry(current.sku, current.onHand + event.data.quantity, current.reserved);
    case 'StockReserved':
      return entry(current.sku, current.onHand, current.reserved + event.data.quantity);
    case 'StockReleased':
      return entry(current.sku, current.onHand, current.reserved - event.data.quantity);
    case 'StockCommitted':
      return entry(current.sku, current.onHand - event.data.quantity, current.reserved - event.data.quantity);
    default: {
      const _exhaustive: never = event;
      return current;
    }
  }
}

/** The hash fields of an entry (integers as decimal strings). */
export function stockAvailabilityFields(s: StockAvailability): Record<string, string> {
  return { onHand: String(s.onHand), reserved: String(s.reserved), available: String(s.available) };
}

/** The entry stored in `fields`, null when the hash is absent. */
export function stockAvailabilityFromFields(
  sku: string,
  fields: Readonly<Record<string, string>> | undefined,
): StockAvailability | null {
  if (fields?.onHand === undefined || fields.reserved === undefined) return null;
  return entry(sku, Number(fields.onHand), Number(fields.reserved));
}
