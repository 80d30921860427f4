import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent, OrderCreated } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';
import { hourOf } from '../hourly-sales/hours.ts';
import { bucketOf } from './histogram.ts';

/** The events the hourly-fulfilment report handles. */
export const HOURLY_FULFILMENT_EVENTS = [
  'OrderCreated',
  'OrderConfirmed',
  'PaymentRequested',
  'PaymentFailed',
  'OrderShipped',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link HOURLY_FULFILMENT_EVENTS}. */
export type HourlyFulfilmentEvent = DomainEventOf<(typeof HOURLY_FULFILMENT_EVENTS)[number]>;

/**
 * What the report keeps of a placed order: its hour (UTC, of its business time `placedAt`), when
 * the API received it (`receivedAt`, the start of its created → confirmed time: an imported
 * order placed in 2010 was not waiting since then) and units per SKU.
 */
export interface FulfilmentOrder {
  readonly orderId: string;
  readonly hour: string;
  /** OrderCreated's `receivedAt` (ISO-8601); `placedAt` for every order that was not imported. */
  readonly receivedAt: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  readonly confirmed: boolean;
  /** When it was confirmed (ISO-8601), null until then: the start of its confirmed → shipped time. */
  readonly confirmedAt: string | null;
  readonly shipped: boolean;
}

/** One hour's counts: orders confirmed and shipped, payments requested and failed (of orders placed that hour). */
export interface FulfilmentHour {
  readonly hour: string;
  readonly confirmed: number;
  readonly shipped: number;
  readonly paymentsRequested: number;
  readonly paymentsFailed: number;
}

/** Orders of one hour whose created → confirmed time fell in `bucket` (see `histogram.ts`). */
export interface FulfilmentTimes {
  readonly hour: string;
  readonly bucket: number;
  readonly orders: number;
}

/** Units of `sku` in the confirmed orders placed in `hour`, and how many orders had it. */
export interface SkuHour {
  readonly hour: string;
  readonly sku: string;
  readonly units: number;
  readonly orders: number;
}

/** What a batch (or the whole log) adds to the report's tables, keyed like their primary keys. */
export interface FulfilmentTally {
  readonly hours: Map<string, FulfilmentHour>;
  readonly times: Map<string, FulfilmentTimes>;
  /** The confirmed → shipped histogram, like `times`. */
  readonly shipTimes: Map<string, FulfilmentTimes>;
  readonly skus: Map<string, SkuHour>;
}

/** An empty tally. */
export const emptyTally = (): FulfilmentTally => ({
  hours: new Map(),
  times: new Map(),
  shipTimes: new Map(),
  skus: new Map(),
});

/** Pure: what the report keeps of an OrderCreated (units summed per SKU). */
export function fulfilmentOrderOf(event: RecordedEvent<OrderCreated>): FulfilmentOrder {
  const units = new Map<string, number>();
  for (const line of event.data.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  return {
    orderId: event.data.orderId,
    hour: hourOf(event.data.placedAt),
    receivedAt: event.data.receivedAt,
    lines: [...units].map(([sku, quantity]) => ({ sku, quantity })),
    confirmed: false,
    confirmedAt: null,
    shipped: false,
  };
}

function addToHour(tally: FulfilmentTally, hour: string, add: Partial<Omit<FulfilmentHour, 'hour'>>): void {
  const h = tally.hours.get(hour) ?? {
    hour,
    confirmed: 0,
    shipped: 0,
    paymentsRequested: 0,
    paymentsFailed: 0,
  };
  tally.hours.set(hour, {
    hour,
    confirmed: h.confirmed + (add.confirmed ?? 0),
    shipped: h.shipped + (add.shipped ?? 0),
    paymentsRequested: h.paymentsRequested + (add.paymentsRequested ?? 0),
    paymentsFailed: h.paymentsFailed + (add.paymentsFailed ?? 0),
  });
}

/**
 * Pure: adds a confirmation of `order` at `confirmedAt` (ISO-8601) to `tally` (mutates it): one
 * confirmed order in its hour, its created → confirmed time (ms, `receivedAt` to `confirmedAt`)
 * in the hour's histogram, its units per SKU.
 */
export function tallyConfirmation(tally: FulfilmentTally, order: FulfilmentOrder, confirmedAt: string): void {
  addToHour(tally, order.hour, { confirmed: 1 });
  addTime(tally.times, order.hour, Date.parse(confirmedAt) - Date.parse(order.receivedAt));
  for (const { sku, quantity } of order.lines) {
    const key = `${order.hour}|${sku}`;
    const s = tally.skus.get(key);
    tally.skus.set(key, {
      hour: order.hour,
      sku,
      units: (s?.units ?? 0) + quantity,
      orders: (s?.orders ?? 0) + 1,
    });
  }
}

function addTime(times: Map<string, FulfilmentTimes>, hour: string, ms: number): void {
  const bucket = bucketOf(ms);
  const key = `${hour}|${bucket}`;
  times.set(key, { hour, bucket, orders: (times.get(key)?.orders ?? 0) + 1 });
}

/**
 * Pure: adds the shipment of a confirmed `order` at `shippedAt` (ISO-8601) to `tally` (mutates
 * it): one shipped order in its hour and its confirmed → shipped time (ms) in the hour's
 * shipping histogram. An order confirmed without a known `confirmedAt` is not timed.
 */
export function tallyShipment(
  tally: FulfilmentTally,
  order: Pick<FulfilmentOrder, 'hour' | 'confirmedAt'>,
  shippedAt: string,
): void {
  addToHour(tally, order.hour, { shipped: 1 });
  if (order.confirmedAt)
    addTime(tally.shipTimes, order.hour, Date.parse(shippedAt) - Date.parse(order.confirmedAt));
}

/** Pure: adds a payment requested or failed for an order placed in `hour` (mutates `tally`). */
export function tallyPayment(tally: FulfilmentTally, hour: string, outcome: 'requested' | 'failed'): void {
  addToHour(tally, hour, outcome === 'requested' ? { paymentsRequested: 1 } : { paymentsFailed: 1 });
}

/** The report folded in memory: the orders it knows by id and the tally of its tables. */
export interface HourlyFulfilmentState {
  readonly orders: ReadonlyMap<string, FulfilmentOrder>;
  readonly tally: FulfilmentTally;
}

/** The empty report. */
export const emptyHourlyFulfilment = (): HourlyFulfilmentState => ({
  orders: new Map(),
  tally: emptyTally(),
});

const copyTally = (t: FulfilmentTally): FulfilmentTally => ({
  hours: new Map(t.hours),
  times: new Map(t.times),
  shipTimes: new Map(t.shipTimes),
  skus: new Map(t.skus),
});

/**
 * Pure: the report after `event`, with the rules the projection applies in SQL: OrderCreated
 * remembers the order (once); its first OrderConfirmed is tallied ({@link tallyConfirmation});
 * the first OrderShipped of a confirmed order is tallied ({@link tallyShipment}); PaymentRequested
 * and PaymentFailed count in the hour of the order they pay for. Events of an order never
 * placed, and repeated confirmations or shipments, return the same state.
 */
export function evolveHourlyFulfilment(
  state: HourlyFulfilmentState,
  event: RecordedEvent<HourlyFulfilmentEvent>,
): HourlyFulfilmentState {
  const order = state.orders.get(event.data.orderId);
  switch (event.type) {
    case 'OrderCreated': {
      if (order) return state;
      return { ...state, orders: new Map(state.orders).set(event.data.orderId, fulfilmentOrderOf(event)) };
    }
    case 'OrderConfirmed': {
      if (!order || order.confirmed) return state;
      const tally = copyTally(state.tally);
      tallyConfirmation(tally, order, event.data.confirmedAt);
      const next = { ...order, confirmed: true, confirmedAt: event.data.confirmedAt };
      return { orders: new Map(state.orders).set(order.orderId, next), tally };
    }
    case 'OrderShipped': {
      if (!order || !order.confirmed || order.shipped) return state;
      const tally = copyTally(state.tally);
      tallyShipment(tally, order, event.data.shippedAt);
      return { orders: new Map(state.orders).set(order.orderId, { ...order, shipped: true }), tally };
    }
    case 'PaymentRequested':
    case 'PaymentFailed': {
      if (!order) return state;
      const tally = copyTally(state.tally);
      tallyPayment(tally, order.hour, event.type === 'PaymentRequested' ? 'requested' : 'failed');
      return { ...state, tally };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
