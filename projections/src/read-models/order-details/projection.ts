import type { Knex } from 'knex';
import type { Projection, TableNames } from '../../runtime/postgres/projection.ts';
import { loadOrderRows } from './queries.ts';
import {
  ORDER_DETAILS_EVENTS,
  evolveOrderRow,
  orderIdOf,
  type OrderDetailsEvent,
  type OrderRow,
  type OrderStatusChange,
} from './row.ts';
import { ORDER_LINES_TABLE, ORDERS_TABLE } from './schema.ts';

/**
 * Upserts `rows` into the orders table and inserts the lines of the newly created ones, in one
 * statement whatever their number: the columns travel as arrays and `unnest` turns them back
 * into rows (no per-row parameters to parse). Only what events change is updated on conflict.
 */
async function writeOrders(
  trx: Knex.Transaction,
  tables: TableNames,
  rows: readonly OrderRow[],
  created: readonly OrderRow[],
): Promise<void> {
  const lines = created.flatMap((o) => o.lines.map((line, i) => ({ orderId: o.orderId, i, line })));
  await trx.raw(
    `WITH o AS (
       INSERT INTO ?? (order_id, customer_id, status, cancellation_reason, rejected_coupon, subtotal, discount,
                       total, currency, coupons, shipment, delivered_at, refunded_amount, shipping_country,
                       created_at, updated_at, position)
       SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::bigint[], ?::bigint[],
                            ?::bigint[], ?::text[], ?::jsonb[], ?::jsonb[], ?::timestamptz[], ?::bigint[], ?::text[],
                            ?::timestamptz[], ?::timestamptz[], ?::numeric[])
       ON CONFLICT (order_id) DO UPDATE SET status = excluded.status,
         cancellation_reason = excluded.cancellation_reason, rejected_coupon = excluded.rejected_coupon,
         shipment = excluded.shipment, delivered_at = excluded.delivered_at,
         refunded_amount = excluded.refunded_amount,
         updated_at = excluded.updated_at, position = excluded.position)
     INSERT INTO ?? (order_id, line_no, sku, quantity, unit_price, discount)
     SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::int[], ?::bigint[], ?::bigint[])
     ON CONFLICT DO NOTHING`,
    [
      tables(ORDERS_TABLE),
      rows.map((r) => r.orderId),
      rows.map((r) => r.customerId),
      rows.map((r) => r.status),
      rows.map((r) => r.cancellationReason),
      rows.map((r) => (r.rejectedCoupon ? JSON.stringify(r.rejectedCoupon) : null)),
      rows.map((r) => r.subtotal),
      rows.map((r) => r.discount),
      rows.map((r) => r.total),
      rows.map((r) => r.currency),
      rows.map((r) => JSON.stringify(r.coupons)),
      rows.map((r) => (r.shipment ? JSON.stringify(r.shipment) : null)),
      rows.map((r) => r.deliveredAt?.toISOString() ?? null),
      rows.map((r) => r.refundedAmount),
      rows.map((r) => r.shippingCountry),
      rows.map((r) => r.createdAt.toISOString()),
      rows.map((r) => r.updatedAt.toISOString()),
      rows.map((r) => r.position.toString()),
      tables(ORDER_LINES_TABLE),
      lines.map((l) => l.orderId),
      lines.map((l) => l.i),
      lines.map((l) => l.line.sku),
      lines.map((l) => l.line.quantity),
      lines.map((l) => l.line.unitPrice),
      lines.map((l) => l.line.discount),
    ] as unknown as Knex.RawBinding[], // knex's types omit arrays holding nulls; pg sends them as SQL arrays
  );
}

/**
 * The order-details read model: orders with their lines and status. A batch costs at most two
 * statements: load the touched rows not created in the batch itself; upsert the changed ones
 * and insert the new orders' lines.
 */
export const orderDetailsProjection: Projection<OrderDetailsEvent> = {
  name: 'order-details',
  version: 2,
  eventTypes: ORDER_DETAILS_EVENTS,
  tables: [ORDERS_TABLE, ORDER_LINES_TABLE],
  async apply(trx: Knex.Transaction, events, tables: TableNames) {
    // An order whose first event in the batch is its OrderCreated has no row yet (or, on a
    // redelivery, the row it had is overwritten with the same values): no need to load it.
    const firstEvent = new Map<string, string>();
    for (const event of events)
      if (!firstEvent.has(orderIdOf(event))) firstEvent.set(orderIdOf(event), event.type);
    const toLoad = [...firstEvent].filter(([, type]) => type !== 'OrderCreated').map(([id]) => id);
    const rows = await loadOrderRows(trx, toLoad, { withLines: false, tables });
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
    await writeOrders(
      trx,
      tables,
      [...changed.values()],
      [...created].map((id) => rows.get(id)!),
    );
    return statusChanges;
  },
};
