import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/** One line of the top-sellers report: `units` sold of `sku` (Σ StockCommitted.quantity). */
export interface TopSeller {
  readonly sku: string;
  readonly units: number;
}

/**
 * The event types this read model handles. ProductRegistered is needed because stock-levels
 * (whose `sold` column is the Postgres twin) ignores StockCommitted of an unregistered SKU.
 */
export const TOP_SELLERS_EVENTS = [
  'ProductRegistered',
  'StockCommitted',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link TOP_SELLERS_EVENTS}. */
export type TopSellersEvent = DomainEventOf<(typeof TOP_SELLERS_EVENTS)[number]>;

/**
 * Pure: a SKU's units sold after `event` (null = SKU not registered). ProductRegistered creates it with
 * 0 units (once); StockCommitted adds its quantity to a registered SKU and is ignored
 * otherwise — the rule of `evolveProductRow`'s `sold`.
 */
export function evolveSeller(
  entry: TopSeller | null,
  event: RecordedEvent<TopSellersEvent>,
): TopSeller | null {
  switch (event.type) {
    case 'ProductRegistered':
      return entry ?? { sku: event.data.sku, units: 0 };
    case 'StockCommitted':
      return entry && { ...entry, units: entry.units + event.data.quantity };
    default: {
      const _exhaustive: never = event;
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
