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
