import type { OrderCancellationReason } from '@orderflow/domain';
import type { Knex } from 'knex';
import { bindChunks } from '../../runtime/postgres/bind-limit.ts';
import type { Projection, TableNames } from '../../runtime/postgres/projection.ts';
import {
  addHourlySalesChange,
  refundedDelta,
  HOURLY_SALES_EVENTS,
  hourlySalesOrderOf,
  type HourlySalesEvent,
  type HourlySalesOrder,
  type HourlySalesRow,
} from './row.ts';
import { HOURLY_CANCELLATIONS_TABLE, HOURLY_SALES_ORDERS_TABLE, HOURLY_SALES_TABLE } from './schema.ts';

interface DbOrder {
  order_id: string;
  hour: string;
  country: string;
  currency: string;
  units: string;
  revenue: string;
  discount: string;
  status: HourlySalesOrder['status'];
  refunded: string;
}

const fromDb = (r: DbOrder): HourlySalesOrder => ({
  orderId: r.order_id,
  hour: r.hour,
  country: r.country,
  currency: r.currency,
  units: Number(r.units),
  revenue: Number(r.revenue),
  discount: Number(r.discount),
  status: r.status,
  refunded: Number(r.refunded),
});

/** Marks the still placed orders of `ids` as `status`; returns them (one statement). */
async function settle(
  trx: Knex.Transaction,
  tables: TableNames,
  ids: readonly string[],
  status: 'CONFIRMED' | 'CANCELLED',
): Promise<HourlySalesOrder[]> {
  if (ids.length === 0) return [];
  const { rows } = (await trx.raw(
    `UPDATE ?? SET status = ? WHERE order_id = ANY(?) AND status = 'PLACED' RETURNING *`,
    [tables(HOURLY_SALES_ORDERS_TABLE), status, [...ids]],
  )) as { rows: DbOrder[] };
  return rows.map(fromDb);
}

/**
 * Folds the batch's OrderRefunded events, in order, into the orders they refund (loaded with
 * their refunded amount so far) and `rows` ({@link refundedDelta}: a repeat adds nothing), then
 * stores each order's new refunded amount. Two statements at most.
 */
async function applyRefunds(
  trx: Knex.Transaction,
  tables: TableNames,
  refunds: ReadonlyArray<{ orderId: string; refundedTotal: number }>,
  rows: Map<string, HourlySalesRow>,
): Promise<void> {
  if (refunds.length === 0) return;
  const ids = [...new Set(refunds.map((r) => r.orderId))];
  const loaded = (await trx(tables(HOURLY_SALES_ORDERS_TABLE))
    .whereIn('order_id', ids)
    .forUpdate()) as DbOrder[];
  const orders = new Map(loaded.map((r) => [r.order_id, fromDb(r)]));
  const changed = new Map<string, HourlySalesOrder>();
  for (const { orderId, refundedTotal } of refunds) {
    const order = orders.get(orderId);
    const amount = refundedDelta(order, refundedTotal);
    if (!order || amount === 0) continue;
    const next = { ...order, refunded: refundedTotal };
    orders.set(orderId, next);
    changed.set(orderId, next);
    addHourlySalesChange(rows, order, { kind: 'refunded', amount });
  }
  if (changed.size === 0) return;
  await trx.raw(
    `UPDATE ?? AS o SET refunded = v.refunded FROM unnest(?::text[], ?::bigint[]) AS v(order_id, refunded)
      WHERE o.order_id = v.order_id`,
    [tables(HOURLY_SALES_ORDERS_TABLE), [...changed.keys()], [...changed.values()].map((o) => o.refunded)],
  );
}

/**
 * Hourly sales by country and currency. A batch costs seven statements at most: insert the
 * placed orders (`hourly_sales_orders`), mark the confirmed and the cancelled ones (only those
 * still placed, so each order counts once), load and update the refunded ones, add the counts to `hourly_sales` and the
 * cancellations by reason to `hourly_sales_cancellations`. Same rules as `evolveHourlySales`.
 */
export const hourlySalesProjection: Projection<HourlySalesEvent> = {
  name: 'hourly-sales',
  version: 1,
  eventTypes: HOURLY_SALES_EVENTS,
  tables: [HOURLY_SALES_ORDERS_TABLE, HOURLY_SALES_TABLE, HOURLY_CANCELLATIONS_TABLE],
  async apply(trx, events, tables) {
    const created = new Map<string, HourlySalesOrder>();
    const confirmed: string[] = [];
    const reasons = new Map<string, OrderCancellationReason>();
    const refunds: Array<{ orderId: string; refundedTotal: number }> = [];
    for (const event of events) {
      switch (event.type) {
        case 'OrderCreated':
          if (!created.has(event.data.orderId)) created.set(event.data.orderId, hourlySalesOrderOf(event));
          break;
        case 'OrderConfirmed':
          confirmed.push(event.data.orderId);
          break;
        case 'OrderCancelled':
          if (!reasons.has(event.data.orderId)) reasons.set(event.data.orderId, event.data.reason);
          break;
        case 'OrderRefunded':
          refunds.push({ orderId: event.data.orderId, refundedTotal: event.data.refundedTotal });
          break;
        default: {
          const _exhaustive: never = event;
        }
      }
    }
    const rows = new Map<string, HourlySalesRow>();
    if (created.size > 0) {
      const inserted = (await trx(tables(HOURLY_SALES_ORDERS_TABLE))
        .insert(
          [...created.values()].map((o) => ({
            order_id: o.orderId,
            hour: o.hour,
            country: o.country,
            currency: o.currency,
            units: o.units,
            revenue: o.revenue,
            discount: o.discount,
            status: o.status,
            refunded: o.refunded,
          })),
        )
        .onConflict('order_id')
        .ignore()
        .returning('order_id')) as { order_id: string }[];
      for (const { order_id } of inserted)
        addHourlySalesChange(rows, created.get(order_id)!, { kind: 'placed' });
    }
    for (const order of await settle(trx, tables, confirmed, 'CONFIRMED'))
      addHourlySalesChange(rows, order, { kind: 'confirmed' });
    const cancellations = new Map<
      string,
      { hour: string; country: string; currency: string; reason: string; orders: number }
    >();
    for (const order of await settle(trx, tables, [...reasons.keys()], 'CANCELLED')) {
      const reason = reasons.get(order.orderId)!;
      addHourlySalesChange(rows, order, { kind: 'cancelled', reason });
      const key = `${order.hour}|${order.country}|${order.currency}|${reason}`;
      const c = cancellations.get(key);
      cancellations.set(
        key,
        c
          ? { ...c, orders: c.orders + 1 }
          : { hour: order.hour, country: order.country, currency: order.currency, reason, orders: 1 },
      );
    }
    await applyRefunds(trx, tables, refunds, rows);
    if (rows.size > 0) {
      const table = tables(HOURLY_SALES_TABLE);
      const add = (column: string) => trx.raw(`??.?? + excluded.??`, [table, column, column]);
      const upserts = [...rows.values()].map(({ cancellations: _c, refundCount, ...row }) => ({
        ...row,
        refund_count: refundCount,
      }));
      for (const chunk of bindChunks(upserts))
        await trx(table)
          .insert(chunk)
          .onConflict(['hour', 'country', 'currency'])
          .merge(
            Object.fromEntries(
              [
                'placed',
                'confirmed',
                'units',
                'revenue',
                'discount',
                'cancelled',
                'refunds',
                'refund_count',
              ].map((c) => [c, add(c)]),
            ),
          );
    }
    if (cancellations.size > 0) {
      const table = tables(HOURLY_CANCELLATIONS_TABLE);
      await trx(table)
        .insert([...cancellations.values()])
        .onConflict(['hour', 'country', 'currency', 'reason'])
        .merge({ orders: trx.raw('??.orders + excluded.orders', [table]) });
    }
  },
};
