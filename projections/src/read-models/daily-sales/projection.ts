import type { Projection } from '../../runtime/postgres/projection.ts';
import {
  addSale,
  DAILY_SALES_EVENTS,
  saleOf,
  type DailySalesEvent,
  type DailySalesRow,
  type Sale,
} from './row.ts';
import { DAILY_SALES_TABLE, SALES_ORDERS_TABLE } from './schema.ts';

/**
 * Daily sales by country: an OrderCreated is remembered in `sales_orders`; its OrderConfirmed
 * adds the order's units and revenue to its day, country and currency in `daily_sales` (once:
 * the row is marked confirmed). Four statements per batch at most.
 */
export const dailySalesProjection: Projection<DailySalesEvent> = {
  name: 'daily-sales',
  version: 1,
  eventTypes: DAILY_SALES_EVENTS,
  tables: [SALES_ORDERS_TABLE, DAILY_SALES_TABLE],
  async apply(trx, events, tables) {
    const created = new Map<string, Sale>();
    const confirmed = new Set<string>();
    for (const event of events) {
      switch (event.type) {
        case 'OrderCreated':
          created.set(event.data.orderId, saleOf(event));
          break;
        case 'OrderConfirmed':
          confirmed.add(event.data.orderId);
          break;
        default: {
          const _exhaustive: never = event;
        }
      }
    }
    if (created.size)
      await trx(tables(SALES_ORDERS_TABLE))
        .insert([...created.values()].map(({ orderId, ...sale }) => ({ order_id: orderId, ...sale })))
        .onConflict('order_id')
        .ignore();
    if (confirmed.size === 0) return;
    const sales = (await trx(tables(SALES_ORDERS_TABLE))
      .whereIn('order_id', [...confirmed])
      .andWhere('confirmed', false)
      .update({ confirmed: true })
      .returning(['order_id', 'day', 'country', 'currency', 'units', 'revenue'])) as Array<
      Omit<Sale, 'orderId' | 'day' | 'units' | 'revenue'> & {
        order_id: string;
        day: string;
        units: string;
        revenue: string;
      }
    >;
    const rows = new Map<string, DailySalesRow>();
    for (const s of sales)
      addSale(rows, {
        orderId: s.order_id,
        day: s.day,
        country: s.country,
        currency: s.currency,
        units: Number(s.units),
        revenue: Number(s.revenue),
      });
    if (rows.size === 0) return;
    const table = tables(DAILY_SALES_TABLE);
    await trx(table)
      .insert([...rows.values()])
      .onConflict(['day', 'country', 'currency'])
      .merge({
        orders: trx.raw('??.orders + excluded.orders', [table]),
        units: trx.raw('??.units + excluded.units', [table]),
        revenue: trx.raw('??.revenue + excluded.revenue', [table]),
      });
  },
};
