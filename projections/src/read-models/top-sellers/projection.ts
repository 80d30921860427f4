import type { RedisOp } from '../../runtime/redis/ops.ts';
import type { RedisProjection } from '../../runtime/redis/projection.ts';
import { skuOf } from '../stock-levels/row.ts';
import {
  evolveSeller,
  scoreOfUnits,
  TOP_SELLERS_EVENTS,
  type TopSeller,
  type TopSellersEvent,
} from './row.ts';

/** Name of the top-sellers Redis projection (part of its keys). */
export const TOP_SELLERS = 'top-sellers';

/**
 * SKUs by units sold in Redis: `units` → sorted set (member SKU, score −units; see
 * `scoreOfUnits`), and `registered` → set of registered SKUs. A SKU enters the sorted set with
 * its first sale; a batch reads the touched SKUs' registrations once and adds the units sold
 * with ZINCRBY (safe to re-plan: the apply step refuses a batch whose checkpoint moved).
 */
export const topSellersProjection: RedisProjection<TopSellersEvent> = {
  name: TOP_SELLERS,
  version: 1,
  eventTypes: TOP_SELLERS_EVENTS,
  async plan(events, read, keys) {
    const skus = [...new Set(events.map(skuOf))];
    const registered = await read.members(keys.key('registered'), skus);
    const before = new Map<string, TopSeller | null>(
      skus.map((sku) => [sku, registered.has(sku) ? { sku, units: 0 } : null]),
    );
    const after = new Map(before);
    for (const event of events) after.set(skuOf(event), evolveSeller(after.get(skuOf(event)) ?? null, event));
    const ops: RedisOp[] = [];
    for (const [sku, entry] of after) {
      if (!entry) continue;
      if (!before.get(sku)) ops.push(['SADD', keys.key('registered'), sku]);
      const sold = entry.units - (before.get(sku)?.units ?? 0);
      if (sold !== 0) ops.push(['ZINCRBY', keys.key('units'), scoreOfUnits(sold), sku]);
    }
    return ops;
  },
};
