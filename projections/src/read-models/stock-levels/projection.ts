import type { Projection } from '../../runtime/postgres/projection.ts';
import { loadProductRows } from './queries.ts';
import {
  STOCK_LEVELS_EVENTS,
  evolveProductRow,
  skuOf,
  type ProductRow,
  type StockLevelsEvent,
} from './row.ts';
import { PRODUCTS_TABLE } from './schema.ts';

/** The stock-levels read model: one row per product with on-hand, reserved and sold units. */
export const stockLevelsProjection: Projection<StockLevelsEvent> = {
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
    const changedRows = [...changed.values()];
    await trx.raw(
      `INSERT INTO ?? (sku, name, unit_price, currency, on_hand, reserved, sold, updated_at, position)
       SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
                            ?::timestamptz[], ?::numeric[])
       ON CONFLICT (sku) DO UPDATE SET name = excluded.name, unit_price = excluded.unit_price,
         currency = excluded.currency, on_hand = excluded.on_hand, reserved = excluded.reserved,
         sold = excluded.sold, updated_at = excluded.updated_at, position = excluded.position`,
      [
        tables(PRODUCTS_TABLE),
        changedRows.map((r) => r.sku),
        changedRows.map((r) => r.name),
        changedRows.map((r) => r.unitPrice),
        changedRows.map((r) => r.currency),
        changedRows.map((r) => r.onHand),
        changedRows.map((r) => r.reserved),
        changedRows.map((r) => r.sold),
        changedRows.map((r) => r.updatedAt.toISOString()),
        changedRows.map((r) => r.position.toString()),
      ],
    );
  },
};
