import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/**
 * One row of the stock-levels read model. `onHand` = units physically in stock (restocks −
 * committed), `reserved` = units held for open orders, available = onHand − reserved.
 */
export interface ProductRow {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: number;
  readonly currency: string;
  readonly onHand: number;
  readonly reserved: number;
  /** Units that left the warehouse for orders: Σ StockCommitted. */
  readonly sold: number;
  readonly updatedAt: Date;
  readonly position: bigint;
}

/** The event types this read model handles. */
export const STOCK_LEVELS_EVENTS = [
  'ProductRegistered',
  'PriceChanged',
  'StockAdded',
  'StockReserved',
  'StockReleased',
  'StockCommitted',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link STOCK_LEVELS_EVENTS}. */
export type StockLevelsEvent = DomainEventOf<(typeof STOCK_LEVELS_EVENTS)[number]>;

/** The SKU an event of {@link STOCK_LEVELS_EVENTS} (or of a subset of them) is about. */
export const skuOf = (event: RecordedEvent<StockLevelsEvent>): string => event.data.sku;

/** Pure: the row after `event`; stock events before registration are ignored. */
export function evolveProductRow(
  row: ProductRow | null,
  event: RecordedEvent<StockLevelsEvent>,
): ProductRow | null {
  const at = { updatedAt: event.metadata.recordedAt, position: event.position };
  if (event.type === 'ProductRegistered') {
    if (row) return row;
    const data = event.data;
    return {
      sku: data.sku,
      name: data.name,
      unitPrice: data.unitPrice,
      currency: data.currency,
      onHand: 0,
      reserved: 0,
      sold: 0,
      ...at,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'PriceChanged':
      return { ...row, unitPrice: event.data.unitPrice, ...at };
    case 'StockAdded':
      return { ...row, onHand: row.onHand + event.data.quantity, ...at };
    case 'StockReserved':
      return { ...row, reserved: row.reserved + event.data.quantity, ...at };
    case 'StockReleased':
      return { ...row, reserved: row.reserved - event.data.quantity, ...at };
    case 'StockCommitted': {
      const { quantity } = event.data;
      return {
        ...row,
        onHand: row.onHand - quantity,
        reserved: row.reserved - quantity,
        sold: row.sold + quantity,
        ...at,
      };
    }
    default: {
      const _exhaustive: never = event;
      return row;
    }
  }
}
