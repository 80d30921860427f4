import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent, OrderCancellationReason, OrderCreated } from '@orderflow/domain';
import { UNKNOWN_COUNTRY } from '../daily-sales/row.ts';
import type { DomainEventOf } from '../events.ts';
import { hourOf } from './hours.ts';

/** The events the hourly-sales report handles. */
export const HOURLY_SALES_EVENTS = [
  'OrderCreated',
  'OrderConfirmed',
  'OrderCancelled',
  'OrderRefunded',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link HOURLY_SALES_EVENTS}. */
export type HourlySalesEvent = DomainEventOf<(typeof HOURLY_SALES_EVENTS)[number]>;

/**
 * What the report remembers of a placed order until it is confirmed or cancelled. `hour` is
 * the UTC hour of its `placedAt` (`YYYY-MM-DDTHH:00:00Z`); amounts are minor units of `currency`.
 */
export interface HourlySalesOrder {
  readonly orderId: string;
  readonly hour: string;
  readonly country: string;
  readonly currency: string;
  readonly units: number;
  /** The order's total (after coupons): what it adds to revenue once confirmed. */
  readonly revenue: number;
  /** What its coupons took off (OrderCreated v4 `discount`). */
  readonly discount: number;
  readonly status: 'PLACED' | 'CONFIRMED' | 'CANCELLED';
  /** Minor units refunded on it so far (OrderRefunded `refundedTotal`); a repeat never counts twice. */
  readonly refunded: number;
}

/**
 * One row of the report: orders placed in one UTC hour (of `placedAt`), shipping country and
 * currency. `units`, `revenue` and `discount` are of the confirmed ones (minor units of
 * `currency`); `cancellations` counts the cancelled ones by reason. `refundCount` counts the
 * refunds of the row's orders (OrderRefunded, whenever it happened: a refund counts in the hour
 * its order was placed, like a cancellation) and `refunds` sums them, minor units.
 */
export interface HourlySalesRow {
  readonly hour: string;
  readonly country: string;
  readonly currency: string;
  readonly placed: number;
  readonly confirmed: number;
  readonly units: number;
  readonly revenue: number;
  readonly discount: number;
  readonly cancelled: number;
  readonly cancellations: Readonly<Partial<Record<OrderCancellationReason, number>>>;
  readonly refunds: number;
  readonly refundCount: number;
}

/** What one order's change adds to its row: placed, confirmed, or cancelled for a reason. */
export type HourlySalesChange =
  | { readonly kind: 'placed' }
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'cancelled'; readonly reason: OrderCancellationReason }
  | { readonly kind: 'refunded'; readonly amount: number };

/** Pure: what the report keeps of an OrderCreated. */
export function hourlySalesOrderOf(event: RecordedEvent<OrderCreated>): HourlySalesOrder {
  const data = event.data;
  return {
    orderId: data.orderId,
    hour: hourOf(data.placedAt),
    country: data.shippingCountry ?? UNKNOWN_COUNTRY,
    currency: data.currency,
    units: data.lines.reduce((n, line) => n + line.quantity, 0),
    revenue: data.total,
    discount: data.discount,
    status: 'PLACED',
    refunded: 0,
  };
}

/** The key of an order's row: `hour|country|currency`. */
export const hourlySalesKey = (o: Pick<HourlySalesOrder, 'hour' | 'country' | 'currency'>): string =>
  `${o.hour}|${o.country}|${o.currency}`;

/** Pure: `rows` with `order`'s change added to its row (mutates and returns `rows`). */
export function addHourlySalesChange(
  rows: Map<string, HourlySalesRow>,
  order: HourlySalesOrder,
  change: HourlySalesChange,
): Map<string, HourlySalesRow> {
  const key = hourlySalesKey(order);
  const row = rows.get(key) ?? {
    hour: order.hour,
    country: order.country,
    currency: order.currency,
    placed: 0,
    confirmed: 0,
    units: 0,
    revenue: 0,
    discount: 0,
    cancelled: 0,
    cancellations: {},
    refunds: 0,
    refundCount: 0,
  };
  switch (change.kind) {
    case 'placed':
      rows.set(key, { ...row, placed: row.placed + 1 });
      break;
    case 'confirmed':
      rows.set(key, {
        ...row,
        confirmed: row.confirmed + 1,
        units: row.units + order.units,
        revenue: row.revenue + order.revenue,
        discount: row.discount + order.discount,
      });
      break;
    case 'cancelled':
      rows.set(key, {
        ...row,
        cancelled: row.cancelled + 1,
        cancellations: {
          ...row.cancellations,
          [change.reason]: (row.cancellations[change.reason] ?? 0) + 1,
        },
      });
      break;
    case 'refunded':
      rows.set(key, { ...row, refunds: row.refunds + change.amount, refundCount: row.refundCount + 1 });
      break;
    default: {
      const _exhaustive: never = change;
    }
  }
  return rows;
}

/** The report folded in memory: the orders it knows by id, and its rows by {@link hourlySalesKey}. */
export interface HourlySalesState {
  readonly orders: ReadonlyMap<string, HourlySalesOrder>;
  readonly rows: ReadonlyMap<string, HourlySalesRow>;
}

/** The empty report. */
export const emptyHourlySales = (): HourlySalesState => ({ orders: new Map(), rows: new Map() });

/**
 * Pure: the report after `event`, with the rules the projection applies in SQL: OrderCreated
 * counts the order as placed in its hour (once); OrderConfirmed adds its units, revenue and
 * discount, OrderCancelled its reason, each only to an order still placed; OrderRefunded of a
 * confirmed order adds one refund of `refundedTotal` − what was refunded before, when that is
 * more (a repeat, or an event of an order never placed, returns the same state).
 */
export function evolveHourlySales(
  state: HourlySalesState,
  event: RecordedEvent<HourlySalesEvent>,
): HourlySalesState {
  const known = state.orders.get(event.data.orderId);
  const next = (order: HourlySalesOrder, change: HourlySalesChange): HourlySalesState => ({
    orders: new Map(state.orders).set(order.orderId, order),
    rows: addHourlySalesChange(new Map(state.rows), order, change),
  });
  switch (event.type) {
    case 'OrderCreated':
      return known ? state : next(hourlySalesOrderOf(event), { kind: 'placed' });
    case 'OrderConfirmed':
      return known?.status === 'PLACED'
        ? next({ ...known, status: 'CONFIRMED' }, { kind: 'confirmed' })
        : state;
    case 'OrderCancelled':
      return known?.status === 'PLACED'
        ? next({ ...known, status: 'CANCELLED' }, { kind: 'cancelled', reason: event.data.reason })
        : state;
    case 'OrderRefunded': {
      const refunded = refundedDelta(known, event.data.refundedTotal);
      return refunded > 0 && known
        ? next({ ...known, refunded: event.data.refundedTotal }, { kind: 'refunded', amount: refunded })
        : state;
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/** What a refund reaching `refundedTotal` adds to a confirmed order's refunds (0 for a repeat or another status). */
export const refundedDelta = (order: HourlySalesOrder | undefined, refundedTotal: number): number =>
  order?.status === 'CONFIRMED' ? Math.max(0, refundedTotal - order.refunded) : 0;
