import { hashOps } from '../../runtime/redis/hash-ops.ts';
import type { RedisOp } from '../../runtime/redis/ops.ts';
import type { RedisProjection } from '../../runtime/redis/projection.ts';
import { skuOf } from '../stock-levels/row.ts';
import {
  evolveStockAvailability,
  stockAvailabilityFields,
  stockAvailabilityFromFields,
  STOCK_AVAILABILITY_EVENTS,
  type StockAvailability,
  type StockAvailabilityEvent,
} from './row.ts';

/** Name of the stock-availability Redis projection (part of its keys). */
export const STOCK_AVAILABILITY = 'stock-availability';

/**
 * Stock per SKU in Redis: `sku:<sku>` → hash { onHand, reserved, available }. A batch reads the
 * touched SKUs' hashes once, folds the events, and writes the changed fields.
 */
export const stockAvailabilityProjection: RedisProjection<StockAvailabilityEvent> = {
  name: STOCK_AVAILABILITY,
  version: 1,
  eventTypes: STOCK_AVAILABILITY_EVENTS,
  async plan(events, read, keys) {
    const skus = [...new Set(events.map(skuOf))];
    const stored = await read.hashes(skus.map((sku) => keys.key('sku', sku)));
    const entries = new Map<string, StockAvailability | null>(
      skus.map((sku) => [sku, stockAvailabilityFromFields(sku, stored.get(keys.key('sku', sku)))]),
    );
    for (const event of events) {
      const sku = skuOf(event);
      entries.set(sku, evolveStockAvailability(entries.get(sku) ?? null, event));
    }
    const ops: RedisOp[] = [];
    for (const [sku, entry] of entries) {
      if (!entry) continue;
      const key = keys.key('sku', sku);
      ops.push(...hashOps(key, stored.get(key), stockAvailabilityFields(entry)));
    }
    return ops;
  },
};
