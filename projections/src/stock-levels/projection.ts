import type { Projection } from '../runtime/projection.ts';
import { loadProductRows } from './queries.ts';
import { STOCK_LEVELS_EVENTS, evolveProductRow, skuOf, type ProductRow } from './row.ts';
import { PRODUCTS_TABLE } from './schema.ts';

/** The stock-levels read model: one row per product with on-hand, reserved and sold units. */
export const stockLevelsProjection: Projection = {
  name: 'stock-levels',
  version: 2,
  eventTypes: STOCK_LEVELS_EVENTS,
  tables: [PRODUCTS_TABLE],
  async apply(trx, events, tables) {
    const rows = await loadProductRows(trx, [...new Set(events.map(skuOf))], tables);
    const changed = new Map<string, ProductRow>();
    for (const event of events) {
      const sku = skuOf(event);
      const after = evolveProductRow(rows.get(sku) ?? null, event);
      if (after && after !== rows.get(sku)) {
        rows.set(sku, after);
        changed.set(sku, after);
      }
    }
    if (changed.size === 0) return;
    await trx(tables(PRODUCTS_TABLE))
      .insert(
        [...changed.values()].map((r) => ({
          sku: r.sku,
          name: r.name,
          unit_price: r.unitPrice,
          currency: r.currency,
          on_hand: r.onHand,
          reserved: r.reserved,
          sold: r.sold,
          updated_at: r.updatedAt,
          position: r.position.toString(),
        })),
      )
      .onConflict('sku')
      .merge();
  },
};
