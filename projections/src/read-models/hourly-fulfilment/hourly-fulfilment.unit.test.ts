import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { bucketOf, bucketValue, percentile } from './histogram.ts';
import {
  emptyHourlyFulfilment,
  evolveHourlyFulfilment,
  type FulfilmentHour,
  type FulfilmentTimes,
  type HourlyFulfilmentEvent,
  type HourlyFulfilmentState,
  type SkuHour,
} from './row.ts';

const spec = evolveSpecification<HourlyFulfilmentState, HourlyFulfilmentEvent>(
  evolveHourlyFulfilment,
  emptyHourlyFulfilment(),
);
const given = spec.given;
/** The expected tally: the rows of the report's three tables, keyed like their primary keys. */
const tally = (
  hours: FulfilmentHour[],
  times: FulfilmentTimes[] = [],
  skus: SkuHour[] = [],
  shipTimes: FulfilmentTimes[] = [],
) => ({
  tally: {
    hours: new Map(hours.map((h) => [h.hour, h])),
    times: new Map(times.map((t) => [`${t.hour}|${t.bucket}`, t])),
    shipTimes: new Map(shipTimes.map((t) => [`${t.hour}|${t.bucket}`, t])),
    skus: new Map(skus.map((k) => [`${k.hour}|${k.sku}`, k])),
  },
});
const H = '2025-01-31T14:00:00Z';

const created = (
  orderId: string,
  placedAt = '2025-01-31T14:10:00Z',
  receivedAt = placedAt,
): HourlyFulfilmentEvent => ({
  type: 'OrderCreated',
  data: {
    orderId,
    customerId: 'c-1',
    lines: [
      { sku: 'MUG', quantity: 2, unitPrice: 500, discount: 0 },
      { sku: 'TEA', quantity: 1, unitPrice: 300, discount: 0 },
      { sku: 'MUG', quantity: 1, unitPrice: 500, discount: 0 },
    ],
    subtotal: 1800,
    discount: 0,
    coupons: [],
    total: 1800,
    currency: 'EUR',
    placedAt,
    receivedAt,
    shippingCountry: 'FR',
    priceSource: 'catalog',
  },
});
const confirmed = (orderId: string, confirmedAt = '2025-01-31T14:10:01.500Z'): HourlyFulfilmentEvent => ({
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt },
});
const requested = (orderId: string): HourlyFulfilmentEvent => ({
  type: 'PaymentRequested',
  data: {
    paymentId: `p-${orderId}`,
    orderId,
    amount: 1800,
    currency: 'EUR',
    requestedAt: '2025-01-31T15:00:00Z',
  },
});
const failed = (orderId: string): HourlyFulfilmentEvent => ({
  type: 'PaymentFailed',
  data: { paymentId: `p-${orderId}`, orderId, reason: 'declined', failedAt: '2025-01-31T15:00:01Z' },
});
const hour = (over: Partial<FulfilmentHour>): FulfilmentHour => ({
  hour: H,
  confirmed: 0,
  shipped: 0,
  paymentsRequested: 0,
  paymentsFailed: 0,
  ...over,
});

test('a confirmation counts in the hour the order was placed: its time to confirm and units per SKU', () => {
  given([created('o-1'), requested('o-1')])
    .when(confirmed('o-1'))
    .then(
      tally(
        [hour({ confirmed: 1, paymentsRequested: 1 })],
        [{ hour: H, bucket: bucketOf(1500), orders: 1 }],
        [
          { hour: H, sku: 'MUG', units: 3, orders: 1 },
          { hour: H, sku: 'TEA', units: 1, orders: 1 },
        ],
      ),
    );
});

test('an imported order counts in the hour it was placed; its time to confirm runs from when it was received', () => {
  const old = '2010-12-01T08:00:00Z';
  given([created('o-1', '2010-12-01T08:26:00Z', '2025-01-31T14:10:00Z')])
    .when(confirmed('o-1'))
    .then(
      tally(
        [{ ...hour({ confirmed: 1 }), hour: old }],
        [{ hour: old, bucket: bucketOf(1500), orders: 1 }],
        [
          { hour: old, sku: 'MUG', units: 3, orders: 1 },
          { hour: old, sku: 'TEA', units: 1, orders: 1 },
        ],
      ),
    );
});

test('payments count in the hour of the order they pay for, even when they happen later', () => {
  given([created('o-1'), requested('o-1'), created('o-2'), requested('o-2')])
    .when(failed('o-2'))
    .then(tally([hour({ paymentsRequested: 2, paymentsFailed: 1 })]));
});

test('a repeated confirmation and events of orders never placed change nothing', () => {
  given([created('o-1'), confirmed('o-1')])
    .when(confirmed('o-1'))
    .thenUnchanged();
  given([]).when(requested('o-9')).thenUnchanged();
  given([]).when(confirmed('o-9')).thenUnchanged();
  given([created('o-1')])
    .when(created('o-1', '2025-01-31T18:00:00Z'))
    .thenUnchanged();
});

test('a confirmation before its placing time (clock skew) counts as 0 ms', () => {
  given([created('o-1')])
    .when(confirmed('o-1', '2025-01-31T14:09:59Z'))
    .then(
      tally(
        [hour({ confirmed: 1 })],
        [{ hour: H, bucket: -1, orders: 1 }],
        [
          { hour: H, sku: 'MUG', units: 3, orders: 1 },
          { hour: H, sku: 'TEA', units: 1, orders: 1 },
        ],
      ),
    );
});

const shipped = (orderId: string, shippedAt = '2025-01-31T18:10:01.500Z'): HourlyFulfilmentEvent => ({
  type: 'OrderShipped',
  data: { orderId, carrier: 'RM', trackingNumber: 'T', shippedAt },
});

test('a shipment counts in the order hour with its confirmed → shipped time; once, and only when confirmed', () => {
  const skus = [
    { hour: H, sku: 'MUG', units: 3, orders: 1 },
    { hour: H, sku: 'TEA', units: 1, orders: 1 },
  ];
  given([created('o-1'), confirmed('o-1')])
    .when(shipped('o-1'))
    .then(
      tally([hour({ confirmed: 1, shipped: 1 })], [{ hour: H, bucket: bucketOf(1500), orders: 1 }], skus, [
        { hour: H, bucket: bucketOf(4 * 3_600_000), orders: 1 },
      ]),
    );
  given([created('o-1'), confirmed('o-1'), shipped('o-1')])
    .when(shipped('o-1'))
    .thenUnchanged();
  given([created('o-1')])
    .when(shipped('o-1'))
    .thenUnchanged();
});

test('histogram percentiles are within 4.4 % of the exact nearest-rank percentile', () => {
  const durations = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 100_000));
  const counts = new Map<number, number>();
  for (const d of durations) counts.set(bucketOf(d), (counts.get(bucketOf(d)) ?? 0) + 1);
  const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
  const sorted = [...durations].sort((a, b) => a - b);
  for (const p of [50, 95, 99]) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
    const read = percentile(buckets, p)!;
    assert.ok(Math.abs(read - exact) <= exact * 0.0443 + 1, `P${p}: ${read} vs ${exact}`);
  }
  assert.equal(percentile([], 50), null);
  assert.equal(bucketValue(-1), 0);
  assert.equal(percentile([{ bucket: -1, count: 3 }], 95), 0);
});

test.run();
