import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import type { HourlyFulfilmentRow, HourlySalesRow } from '../api/report-queries.ts';
import { dayRange, salesSeries, shippingSeries, topSellers } from './reports.ts';

const sales = (
  hour: string,
  currency: string,
  placed: number,
  confirmed: number,
  revenue: number,
  refunds = 0,
  refundCount = 0,
): HourlySalesRow => ({
  hour,
  country: 'FR',
  currency,
  placed,
  confirmed,
  units: confirmed,
  revenue,
  cancelled: placed - confirmed,
  refunds,
  refundCount,
});

const fulfilment = (hour: string, overrides: Partial<HourlyFulfilmentRow> = {}): HourlyFulfilmentRow => ({
  hour,
  confirmed: 1,
  fulfilmentP50Ms: null,
  fulfilmentP95Ms: null,
  shipped: 0,
  shippingP50Ms: null,
  shippingP95Ms: null,
  paymentFailureRate: null,
  topSkus: [],
  ...overrides,
});

test('a day is 24 hours, each in the series even without orders; revenue per currency', () => {
  const range = dayRange('2011-01-04');
  assert.deepEqual(range, { from: '2011-01-04T00:00:00.000Z', to: '2011-01-05T00:00:00.000Z' });
  const s = salesSeries(
    [
      sales('2011-01-04T10:00:00Z', 'GBP', 3, 2, 500),
      sales('2011-01-04T10:00:00Z', 'EUR', 1, 1, 100),
      sales('2011-01-04T23:00:00Z', 'GBP', 1, 0, 0),
    ],
    range,
  );
  assert.equal(s.x.length, 24);
  assert.equal(s.x[10], Date.parse('2011-01-04T10:00:00Z') / 1000);
  assert.equal(s.placed[10], 4);
  assert.equal(s.confirmed[10], 3);
  assert.equal(s.placed[23], 1);
  assert.equal(s.revenue.get('GBP')![10], 500);
  assert.equal(s.revenue.get('EUR')![10], 100);
  assert.equal(s.placed[0], 0);
});

test('refunds per hour: counts over every currency, amounts per currency that had one', () => {
  const s = salesSeries(
    [
      sales('2011-01-04T09:00:00Z', 'GBP', 2, 2, 900, 300, 1),
      sales('2011-01-04T09:00:00Z', 'EUR', 1, 1, 100, 100, 2),
      sales('2011-01-04T11:00:00Z', 'USD', 1, 1, 100),
    ],
    dayRange('2011-01-04'),
  );
  assert.equal(s.refundCount[9], 3);
  assert.equal(s.refundCount[11], 0);
  assert.equal(s.refunds.get('GBP')![9], 300);
  assert.equal(s.refunds.get('EUR')![9], 100);
  assert.equal(s.refunds.get('GBP')![10], 0);
  assert.equal(s.refunds.has('USD'), false, 'a currency without refunds gets no refund series');
});

test('shipping times per hour: P50/P95 where orders shipped, gaps elsewhere', () => {
  const s = shippingSeries(
    [
      fulfilment('2011-01-04T08:00:00Z', { shipped: 2, shippingP50Ms: 60_000, shippingP95Ms: 90_000 }),
      fulfilment('2011-01-04T09:00:00Z', { shipped: 0 }),
      fulfilment('2011-01-05T08:00:00Z', { shipped: 1, shippingP50Ms: 1, shippingP95Ms: 1 }),
    ],
    dayRange('2011-01-04'),
  );
  assert.equal(s.x.length, 24);
  assert.deepEqual([s.p50[8], s.p95[8]], [60_000, 90_000]);
  assert.deepEqual([s.p50[9], s.p95[9]], [null, null]);
  assert.ok(!s.p50.includes(1), 'an hour of the next day is outside the range');
});

test('top sellers add up the hours, most units first, ties by SKU', () => {
  const hour = (topSkus: { sku: string; units: number }[]) => fulfilment('2011-01-04T10:00:00Z', { topSkus });
  assert.deepEqual(
    topSellers([
      hour([
        { sku: 'MUG', units: 3 },
        { sku: 'TEA', units: 1 },
      ]),
      hour([
        { sku: 'TEA', units: 2 },
        { sku: 'CUP', units: 3 },
      ]),
    ]),
    [
      { sku: 'CUP', units: 3 },
      { sku: 'MUG', units: 3 },
      { sku: 'TEA', units: 3 },
    ],
  );
});

test.run();
