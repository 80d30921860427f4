import * as assert from 'node:assert/strict';
import type { OrderCancellationReason } from '@orderflow/domain';
import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { parseHourRange } from './hours.ts';
import {
  emptyHourlySales,
  evolveHourlySales,
  hourlySalesKey,
  type HourlySalesEvent,
  type HourlySalesRow,
  type HourlySalesState,
} from './row.ts';

const spec = evolveSpecification<HourlySalesState, HourlySalesEvent>(evolveHourlySales, emptyHourlySales());
const given = spec.given;
const rows = (...list: HourlySalesRow[]) => ({ rows: new Map(list.map((r) => [hourlySalesKey(r), r])) });

const created = (orderId: string, placedAt: string, country: string | null = 'FR'): HourlySalesEvent => ({
  type: 'OrderCreated',
  data: {
    orderId,
    customerId: 'c-1',
    lines: [
      { sku: 'MUG', quantity: 2, unitPrice: 500, discount: 100 },
      { sku: 'TEA', quantity: 1, unitPrice: 300, discount: 0 },
    ],
    subtotal: 1300,
    discount: 100,
    coupons: [{ code: 'TEN', discount: 100 }],
    total: 1200,
    currency: 'EUR',
    placedAt,
    receivedAt: placedAt,
    shippingCountry: country,
    priceSource: 'catalog',
  },
});
const confirmed = (orderId: string): HourlySalesEvent => ({
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: '2025-01-31T15:00:02Z' },
});
const cancelled = (orderId: string, reason: OrderCancellationReason): HourlySalesEvent => ({
  type: 'OrderCancelled',
  data: { orderId, reason, cancelledAt: '2025-01-31T15:00:02Z', coupon: null },
});
const row = (over: Partial<HourlySalesRow>): HourlySalesRow => ({
  hour: '2025-01-31T14:00:00Z',
  country: 'FR',
  currency: 'EUR',
  placed: 1,
  confirmed: 0,
  units: 0,
  revenue: 0,
  discount: 0,
  cancelled: 0,
  cancellations: {},
  refunds: 0,
  refundCount: 0,
  ...over,
});
const refunded = (orderId: string, refundedTotal: number): HourlySalesEvent => ({
  type: 'OrderRefunded',
  data: {
    orderId,
    refundId: `r-${refundedTotal}`,
    lines: [],
    amount: 0,
    currency: 'EUR',
    refundedTotal,
    fullyRefunded: refundedTotal >= 1200,
    reason: 'broken',
    restockOnReturn: false,
    providerRef: 'rf',
    refundedAt: '2025-02-02T09:00:00Z',
  },
});

test('a placed order counts in the UTC hour of its placedAt, with nothing sold yet', () => {
  given([])
    .when(created('o-1', '2025-01-31T15:59:59.999+01:00'))
    .then(rows(row({})));
});

test('a confirmation adds units, revenue after coupons and the discount to the hour it was placed in', () => {
  given([created('o-1', '2025-01-31T14:10:00Z'), created('o-2', '2025-01-31T14:50:00Z')])
    .when(confirmed('o-2'))
    .then(rows(row({ placed: 2, confirmed: 1, units: 3, revenue: 1200, discount: 100 })));
});

test('cancellations count by reason; hours, countries and currencies are separate rows', () => {
  given([
    created('o-1', '2025-01-31T14:10:00Z'),
    created('o-2', '2025-01-31T14:20:00Z'),
    cancelled('o-1', 'OUT_OF_STOCK'),
    created('o-3', '2025-01-31T15:00:00Z', null),
  ])
    .when(cancelled('o-2', 'PAYMENT_FAILED'))
    .then(
      rows(
        row({ placed: 2, cancelled: 2, cancellations: { OUT_OF_STOCK: 1, PAYMENT_FAILED: 1 } }),
        row({ hour: '2025-01-31T15:00:00Z', country: 'Unknown' }),
      ),
    );
});

test('a repeat, a confirmation after a cancellation, or an unknown order change nothing', () => {
  given([created('o-1', '2025-01-31T14:10:00Z'), confirmed('o-1')])
    .when(confirmed('o-1'))
    .thenUnchanged();
  given([created('o-1', '2025-01-31T14:10:00Z'), cancelled('o-1', 'CUSTOMER_CANCELLED')])
    .when(confirmed('o-1'))
    .thenUnchanged();
  given([created('o-1', '2025-01-31T14:10:00Z')])
    .when(created('o-1', '2025-01-31T16:10:00Z'))
    .thenUnchanged();
  given([]).when(cancelled('o-9', 'OUT_OF_STOCK')).thenUnchanged();
});

test('refunds count in the hour the order was placed: how many and how much; a repeat counts once', () => {
  const sold = { placed: 1, confirmed: 1, units: 3, revenue: 1200, discount: 100 };
  given([created('o-1', '2025-01-31T14:10:00Z'), confirmed('o-1')])
    .when(refunded('o-1', 450))
    .then(rows(row({ ...sold, refunds: 450, refundCount: 1 })));
  given([created('o-1', '2025-01-31T14:10:00Z'), confirmed('o-1'), refunded('o-1', 450)])
    .when(refunded('o-1', 1200))
    .then(rows(row({ ...sold, refunds: 1200, refundCount: 2 })));
  given([created('o-1', '2025-01-31T14:10:00Z'), confirmed('o-1'), refunded('o-1', 450)])
    .when(refunded('o-1', 450))
    .thenUnchanged();
  given([created('o-1', '2025-01-31T14:10:00Z')])
    .when(refunded('o-1', 450))
    .thenUnchanged();
});

test('report bounds are whole UTC hours, half-open, at most 31 days', () => {
  assert.deepEqual(parseHourRange('2025-01-31T14:00Z', '2025-01-31T17:00:00.000+01:00'), {
    from: '2025-01-31T14:00:00Z',
    to: '2025-01-31T16:00:00Z',
  });
  for (const [from, to] of [
    ['2025-01-31T14:30Z', '2025-01-31T16:00Z'],
    ['2025-01-31', '2025-02-01T00:00Z'],
    ['2025-01-31T14:00Z', '2025-01-31T14:00Z'],
    ['2025-01-01T00:00Z', '2025-02-01T01:00Z'],
    ['nope', '2025-01-31T14:00Z'],
  ] as const)
    assert.throws(() => parseHourRange(from, to), { code: 'VALIDATION_FAILED' }, `${from}..${to}`);
});

test.run();
