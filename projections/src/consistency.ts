import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { isEventOf } from './read-models/events.ts';
import { countOrdersByStatus } from './read-models/order-details/queries.ts';
import {
  evolveOrderRow,
  orderIdOf,
  ORDER_DETAILS_EVENTS,
  type OrderRow,
  type OrderStatus,
  zeroByStatus,
} from './read-models/order-details/row.ts';
import { PRODUCTS_TABLE } from './read-models/stock-levels/schema.ts';
import {
  evolveProductRow,
  skuOf,
  STOCK_LEVELS_EVENTS,
  type ProductRow,
} from './read-models/stock-levels/row.ts';

/** Outcome of {@link checkConsistency}. */
export interface ConsistencyReport {
  readonly ok: boolean;
  /** Human-readable lines: the figures compared and every difference found. */
  readonly lines: string[];
}

/**
 * Folds the whole event log in memory with the read models' own pure `evolve` functions and
 * compares the result with the Postgres read models: order counts by status, and per SKU
 * on-hand and reserved units (on hand = restocks − committed). Also checks that no SKU shows
 * negative availability. Reads `$all` in pages of 5,000 events; memory grows with the number
 * of orders and products.
 */
export async function checkConsistency(db: Knex, store: EventStore): Promise<ConsistencyReport> {
  const orders = new Map<string, OrderRow>();
  const products = new Map<string, ProductRow>();
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: 5000,
      filter: { eventTypes: [...new Set([...ORDER_DETAILS_EVENTS, ...STOCK_LEVELS_EVENTS])] },
    });
    if (page.length === 0) break;
    for (const event of page) {
      if (isEventOf(ORDER_DETAILS_EVENTS, event)) {
        const row = evolveOrderRow(orders.get(orderIdOf(event)) ?? null, event);
        if (row) orders.set(row.orderId, row);
      }
      if (isEventOf(STOCK_LEVELS_EVENTS, event)) {
        const row = evolveProductRow(products.get(skuOf(event)) ?? null, event);
        if (row) products.set(row.sku, row);
      }
    }
    events += page.length;
    after = page.at(-1)!.position;
  }

  const lines: string[] = [];
  const expected = zeroByStatus();
  for (const o of orders.values()) expected[o.status]++;
  const actual = await countOrdersByStatus(db);
  let ok = true;
  for (const status of Object.keys(expected) as OrderStatus[]) {
    const same = expected[status] === actual[status];
    ok &&= same;
    lines.push(
      `orders ${status.padEnd(16)} event log ${String(expected[status]).padStart(7)}  read model ${String(actual[status]).padStart(7)}${same ? '' : '  MISMATCH'}`,
    );
  }
  const rows = (await db(PRODUCTS_TABLE).select('sku', 'on_hand', 'reserved')) as Array<{
    sku: string;
    on_hand: string;
    reserved: string;
  }>;
  const stored = new Map(rows.map((r) => [r.sku, r]));
  let skuMismatches = 0;
  let negative = 0;
  for (const p of products.values()) {
    const r = stored.get(p.sku);
    if (p.onHand - p.reserved < 0) negative++;
    if (!r || Number(r.on_hand) !== p.onHand || Number(r.reserved) !== p.reserved) {
      skuMismatches++;
      if (skuMismatches <= 10)
        lines.push(
          `sku ${p.sku}: event log onHand=${p.onHand} reserved=${p.reserved}; read model ${r ? `onHand=${r.on_hand} reserved=${r.reserved}` : 'missing'}`,
        );
    }
  }
  if (stored.size !== products.size) skuMismatches += Math.abs(stored.size - products.size);
  ok &&= skuMismatches === 0 && negative === 0;
  lines.push(
    `stock: ${products.size} SKUs compared (stock = restocks − committed − reserved), ${skuMismatches} differ, ${negative} negative`,
  );
  lines.push(`events folded: ${events}`);
  return { ok, lines };
}
