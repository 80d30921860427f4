import type { Knex } from 'knex';
import type { Projection, TableNames } from '../runtime/projection.ts';
import { loadOrderRows } from './queries.ts';
import {
  ORDER_DETAILS_EVENTS,
  evolveOrderRow,
  orderIdOf,
  type OrderRow,
  type OrderStatusChange,
} from './row.ts';
import { ORDER_LINES_TABLE, ORDERS_TABLE } from './schema.ts';

const toDb = (row: OrderRow) => ({
  order_id: row.orderId,
  customer_id: row.customerId,
  status: row.status,
  cancellation_reason: row.cancellationReason,
  total: row.total,
  currency: row.currency,
  shipping_country: row.shippingCountry,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  position: row.position.toString(),
});

/**
 * The order-details read model: orders with their lines and status. A batch costs three
 * statements: load the touched rows, upsert the changed ones, insert the new orders' lines.
 */
export const orderDetailsProjection: Projection = {
  name: 'order-details',
  version: 2,
  eventTypes: ORDER_DETAILS_EVENTS,
  tables: [ORDERS_TABLE, ORDER_LINES_TABLE],
  async apply(trx: Knex.Transaction, events, tables: TableNames) {
    const ids = [...new Set(events.map(orderIdOf))];
    const rows = await loadOrderRows(trx, ids, { withLines: false, tables });
    const created = new Set<string>();
    const changed = new Map<string, OrderRow>();
    const statusChanges: OrderStatusChange[] = [];
    for (const event of events) {
      const id = orderIdOf(event);
      const before = rows.get(id) ?? null;
      const after = evolveOrderRow(before, event);
      if (after && after !== before) {
        if (!before) created.add(id);
        rows.set(id, after);
        changed.set(id, after);
        if (after.status !== before?.status)
          statusChanges.push({
            orderId: id,
            status: after.status,
            cancellationReason: after.cancellationReason,
            position: after.position,
            at: after.updatedAt,
          });
      }
    }
    if (changed.size === 0) return [];
    await trx(tables(ORDERS_TABLE))
      .insert([...changed.values()].map(toDb))
      .onConflict('order_id')
      .merge();
    const lines = [...created].flatMap((id) =>
      rows.get(id)!.lines.map((line, i) => ({
        order_id: id,
        line_no: i,
        sku: line.sku,
        quantity: line.quantity,
        unit_price: line.unitPrice,
      })),
    );
    for (let i = 0; i < lines.length; i += 5000)
      await trx(tables(ORDER_LINES_TABLE)).insert(lines.slice(i, i + 5000));
    return statusChanges;
  },
};
