import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent, OrderCreated } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/** The events the daily-sales report handles: an order counts as a sale once confirmed. */
export const DAILY_SALES_EVENTS = [
  'OrderCreated',
  'OrderConfirmed',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link DAILY_SALES_EVENTS}. */
export type DailySalesEvent = DomainEventOf<(typeof DAILY_SALES_EVENTS)[number]>;

/** Country shown for orders without a shipping country (those of release 0.1). */
export const UNKNOWN_COUNTRY = 'Unknown';

/** What a confirmed order adds to the report. `revenue` is in minor units of `currency`. */
export interface Sale {
  readonly orderId: string;
  /** UTC day the order was placed, `YYYY-MM-DD`. */
  readonly day: string;
  readonly country: string;
  readonly currency: string;
  readonly units: number;
  readonly revenue: number;
}

/** One row of the report: sales of one day, country and currency. */
export interface DailySalesRow {
  readonly day: string;
  readonly country: string;
  readonly currency: string;
  readonly orders: number;
  readonly units: number;
  readonly revenue: number;
}

/** Pure: the sale an OrderCreated would make if confirmed. */
export function saleOf(event: RecordedEvent<OrderCreated>): Sale {
  const data = event.data;
  return {
    orderId: data.orderId,
    day: data.placedAt.slice(0, 10),
    country: data.shippingCountry ?? UNKNOWN_COUNTRY,
    currency: data.currency,
    units: data.lines.reduce((n, line) => n + line.quantity, 0),
    revenue: data.total,
  };
}

/** Pure: adds `sale` to the rows keyed by day, country and currency (mutates `rows`). */
export function addSale(rows: Map<string, DailySalesRow>, sale: Sale): void {
  const key = `${sale.day}|${sale.country}|${sale.currency}`;
  const row = rows.get(key) ?? {
    day: sale.day,
    country: sale.country,
    currency: sale.currency,
    orders: 0,
    units: 0,
    revenue: 0,
  };
  rows.set(key, {
    ...row,
    orders: row.orders + 1,
    units: row.units + sale.units,
    revenue: row.revenue + sale.revenue,
  });
}

/**
 * The report folded in memory: the sales of orders placed and not yet confirmed (`placed`),
 * and the report's rows by `day|country|currency`. Orders confirmed once are in `counted`.
 */
export interface DailySalesState {
  readonly placed: ReadonlyMap<string, Sale>;
  readonly counted: ReadonlySet<string>;
  readonly rows: ReadonlyMap<string, DailySalesRow>;
}

/** The empty report. */
export const emptyDailySales = (): DailySalesState => ({
  placed: new Map(),
  counted: new Set(),
  rows: new Map(),
});

/**
 * Pure: the report after `event`, with the projection's rules (which it applies in SQL: the
 * `sales_orders` row and its `confirmed` flag): OrderCreated remembers the order's sale (once);
 * OrderConfirmed adds it to its day, country and currency once; a confirmation of an order
 * never placed, or confirmed again, changes nothing (the same state is returned).
 */
export function evolveDailySales(
  state: DailySalesState,
  event: RecordedEvent<DailySalesEvent>,
): DailySalesState {
  switch (event.type) {
    case 'OrderCreated': {
      const { orderId } = event.data;
      if (state.placed.has(orderId) || state.counted.has(orderId)) return state;
      return { ...state, placed: new Map(state.placed).set(orderId, saleOf(event)) };
    }
    case 'OrderConfirmed': {
      const sale = state.placed.get(event.data.orderId);
      if (!sale) return state;
      const placed = new Map(state.placed);
      placed.delete(sale.orderId);
      const rows = new Map(state.rows);
      addSale(rows, sale);
      return { placed, counted: new Set(state.counted).add(sale.orderId), rows };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
