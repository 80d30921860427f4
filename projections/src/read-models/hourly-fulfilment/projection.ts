import { bindChunks } from '../../runtime/postgres/bind-limit.ts';
import type { Projection } from '../../runtime/postgres/projection.ts';
import {
  emptyTally,
  fulfilmentOrderOf,
  HOURLY_FULFILMENT_EVENTS,
  tallyConfirmation,
  tallyPayment,
  tallyShipment,
  type FulfilmentOrder,
  type HourlyFulfilmentEvent,
} from './row.ts';
import {
  FULFILMENT_ORDERS_TABLE,
  HOURLY_FULFILMENT_TABLE,
  HOURLY_FULFILMENT_TIMES_TABLE,
  HOURLY_SHIPPING_TIMES_TABLE,
  HOURLY_SKU_SALES_TABLE,
} from './schema.ts';

/**
 * Hourly fulfilment: orders confirmed and shipped, created → confirmed and confirmed → shipped
 * times as histograms, units per SKU and payment outcomes, each in the UTC hour the order was
 * placed. A batch costs eight statements at most (more when a multi-row insert would pass Postgres'
 * 65,535 bind parameters, see `bindChunks`): insert the placed orders, mark the confirmed
 * ones (only those not confirmed yet, returning their hour, time and lines), mark the shipped
 * ones (confirmed, not shipped yet), look up the hours of the orders paid for, and add the
 * batch's tally to the four report tables. Same rules as `evolveHourlyFulfilment`.
 */
export const hourlyFulfilmentProjection: Projection<HourlyFulfilmentEvent> = {
  name: 'hourly-fulfilment',
  // 2: orders keep their confirmation time, for the confirmed → shipped histogram.
  version: 2,
  eventTypes: HOURLY_FULFILMENT_EVENTS,
  tables: [
    FULFILMENT_ORDERS_TABLE,
    HOURLY_FULFILMENT_TABLE,
    HOURLY_FULFILMENT_TIMES_TABLE,
    HOURLY_SHIPPING_TIMES_TABLE,
    HOURLY_SKU_SALES_TABLE,
  ],
  async apply(trx, events, tables) {
    const created = new Map<string, FulfilmentOrder>();
    const confirmedAt = new Map<string, string>();
    const payments: { orderId: string; outcome: 'requested' | 'failed' }[] = [];
    const shippedAt = new Map<string, string>();
    for (const event of events) {
      switch (event.type) {
        case 'OrderCreated':
          if (!created.has(event.data.orderId)) created.set(event.data.orderId, fulfilmentOrderOf(event));
          break;
        case 'OrderConfirmed':
          if (!confirmedAt.has(event.data.orderId))
            confirmedAt.set(event.data.orderId, event.data.confirmedAt);
          break;
        case 'PaymentRequested':
          payments.push({ orderId: event.data.orderId, outcome: 'requested' });
          break;
        case 'PaymentFailed':
          payments.push({ orderId: event.data.orderId, outcome: 'failed' });
          break;
        case 'OrderShipped':
          if (!shippedAt.has(event.data.orderId)) shippedAt.set(event.data.orderId, event.data.shippedAt);
          break;
        default: {
          const _exhaustive: never = event;
        }
      }
    }
    const orders = tables(FULFILMENT_ORDERS_TABLE);
    const placed = [...created.values()].map((o) => ({
      order_id: o.orderId,
      hour: o.hour,
      // The column kept its name: it holds when the API received the order (see FulfilmentOrder).
      placed_at: o.receivedAt,
      lines: JSON.stringify(o.lines),
    }));
    for (const chunk of bindChunks(placed)) await trx(orders).insert(chunk).onConflict('order_id').ignore();
    const tally = emptyTally();
    if (confirmedAt.size > 0) {
      const { rows } = (await trx.raw(
        `UPDATE ?? AS o SET confirmed = true, confirmed_at = v.confirmed_at
           FROM unnest(?::text[], ?::text[]) AS v(order_id, confirmed_at)
          WHERE o.order_id = v.order_id AND NOT o.confirmed
          RETURNING o.order_id, o.hour, o.placed_at, o.lines`,
        [orders, [...confirmedAt.keys()], [...confirmedAt.values()]],
      )) as {
        rows: { order_id: string; hour: string; placed_at: string; lines: FulfilmentOrder['lines'] }[];
      };
      for (const r of rows)
        tallyConfirmation(
          tally,
          {
            orderId: r.order_id,
            hour: r.hour,
            receivedAt: r.placed_at,
            lines: r.lines,
            confirmed: false,
            confirmedAt: null,
            shipped: false,
          },
          confirmedAt.get(r.order_id)!,
        );
    }
    if (shippedAt.size > 0) {
      const { rows } = (await trx.raw(
        `UPDATE ?? SET shipped = true WHERE order_id = ANY(?) AND confirmed AND NOT shipped
          RETURNING order_id, hour, confirmed_at`,
        [orders, [...shippedAt.keys()]],
      )) as { rows: { order_id: string; hour: string; confirmed_at: string | null }[] };
      for (const r of rows)
        tallyShipment(tally, { hour: r.hour, confirmedAt: r.confirmed_at }, shippedAt.get(r.order_id)!);
    }
    if (payments.length > 0) {
      const { rows } = (await trx.raw('SELECT order_id, hour FROM ?? WHERE order_id = ANY(?)', [
        orders,
        [...new Set(payments.map((p) => p.orderId))],
      ])) as { rows: { order_id: string; hour: string }[] };
      const hours = new Map(rows.map((r) => [r.order_id, r.hour]));
      for (const p of payments) {
        const hour = hours.get(p.orderId);
        if (hour) tallyPayment(tally, hour, p.outcome);
      }
    }
    if (tally.hours.size > 0) {
      const table = tables(HOURLY_FULFILMENT_TABLE);
      const add = (column: string) => trx.raw('??.?? + excluded.??', [table, column, column]);
      await trx(table)
        .insert(
          [...tally.hours.values()].map((h) => ({
            hour: h.hour,
            confirmed: h.confirmed,
            shipped: h.shipped,
            payments_requested: h.paymentsRequested,
            payments_failed: h.paymentsFailed,
          })),
        )
        .onConflict('hour')
        .merge({
          confirmed: add('confirmed'),
          shipped: add('shipped'),
          payments_requested: add('payments_requested'),
          payments_failed: add('payments_failed'),
        });
    }
    for (const [times, name] of [
      [tally.times, HOURLY_FULFILMENT_TIMES_TABLE],
      [tally.shipTimes, HOURLY_SHIPPING_TIMES_TABLE],
    ] as const) {
      if (times.size === 0) continue;
      const table = tables(name);
      for (const chunk of bindChunks([...times.values()]))
        await trx(table)
          .insert(chunk)
          .onConflict(['hour', 'bucket'])
          .merge({ orders: trx.raw('??.orders + excluded.orders', [table]) });
    }
    if (tally.skus.size > 0) {
      // A rebuild's batch of 5,000 events can hold tens of thousands of (hour, SKU) pairs.
      const table = tables(HOURLY_SKU_SALES_TABLE);
      for (const chunk of bindChunks([...tally.skus.values()]))
        await trx(table)
          .insert(chunk)
          .onConflict(['hour', 'sku'])
          .merge({
            units: trx.raw('??.units + excluded.units', [table]),
            orders: trx.raw('??.orders + excluded.orders', [table]),
          });
    }
  },
};
