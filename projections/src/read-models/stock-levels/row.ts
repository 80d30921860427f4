import type { RecordedEvent } from '@orderflow/core';
import type { PriceChanged, ProductRegistered } from '@orderflow/domain';

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

export const STOCK_LEVELS_EVENTS = [
  'ProductRegistered',
  'PriceChanged',
  'StockAdded',
  'StockReserved',
  'StockReleased',
  'StockCommitted',
] as const;

export const skuOf = (event: RecordedEvent): string => (event.data as { sku: string }).sku;

/** Pure: the row after `event`; stock events before registration are ignored. */
export function evolveProductRow(row: ProductRow | null, event: RecordedEvent): ProductRow | null {
  const at = { updatedAt: event.metadata.recordedAt, position: event.position };
  const quantity = (event.data as { quantity?: number }).quantity ?? 0;
  if (event.type === 'ProductRegistered') {
    if (row) return row;
    const data = event.data as ProductRegistered['data'];
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
      return { ...row, unitPrice: (event.data as PriceChanged['data']).unitPrice, ...at };
    case 'StockAdded':
      return { ...row, onHand: row.onHand + quantity, ...at };
    case 'StockReserved':
      return { ...row, reserved: row.reserved + quantity, ...at };
    case 'StockReleased':
      return { ...row, reserved: row.reserved - quantity, ...at };
    case 'StockCommitted':
      return {
        ...row,
        onHand: row.onHand - quantity,
        reserved: row.reserved - quantity,
        sold: row.sold + quantity,
        ...at,
      };
    default:
      return row;
  }
}
