import type { RecordedEvent } from '@orderflow/core';
import type { StockCommitted } from '@orderflow/domain';
import { skuOf } from '../stock-levels/row.ts';

/** One line of the top-sellers report: `units` sold of `sku` (Σ StockCommitted.quantity). */
export interface TopSeller {
  readonly sku: string;
  readonly units: number;
}

/**
 * The event types this read model handles. ProductRegistered is needed because stock-levels
 * (whose `sold` column is the Postgres twin) ignores StockCommitted of an unregistered SKU.
 */
export const TOP_SELLERS_EVENTS = ['ProductRegistered', 'StockCommitted'] as const;

type TopSellersEventType = (typeof TOP_SELLERS_EVENTS)[number];
const handled = new Set<string>(TOP_SELLERS_EVENTS);

/**
 * Pure: a SKU's units sold after `event` (null = SKU not registered). ProductRegistered creates it with
 * 0 units (once); StockCommitted adds its quantity to a registered SKU and is ignored
 * otherwise — the rule of `evolveProductRow`'s `sold`.
 */
export function evolveSeller(entry: TopSeller | null, event: RecordedEvent): TopSeller | null {
  if (!handled.has(event.type)) return entry;
  const type = event.type as TopSellersEventType;
  switch (type) {
    case 'ProductRegistered':
      return entry ?? { sku: skuOf(event), units: 0 };
    case 'StockCommitted':
      return entry && { ...entry, units: entry.units + (event.data as StockCommitted['data']).quantity };
    default: {
      const _exhaustive: never = type;
      return entry;
    }
  }
}

/**
 * The sorted-set score of `units`: its negation, so that ZRANGE (ascending score, ties by
 * member in byte order) lists units descending and, within equal units, SKUs ascending — one
 * command, no re-sorting of ties (ZREVRANGE would order ties descending).
 */
export const scoreOfUnits = (units: number): number => -units;

/** Units from a sorted-set score (see {@link scoreOfUnits}). */
export const unitsOfScore = (score: number): number => (score === 0 ? 0 : -score);
