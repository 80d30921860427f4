import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import type { HourlyFulfilmentRow, HourlySalesRow } from '../api/report-queries.ts';
import { dayRange, salesSeries, topSellers } from './reports.ts';

const sales = (
  hour: string,
  currency: string,
  placed: number,
  confirmed: number,
  revenue: number,
): HourlySalesRow => ({
  hour,
  country: 'FR',
  currency,
  placed,
  confirmed,
  units: confirmed,
  revenue,
  cancelled: placed - confirmed,
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

test('top sellers add up the hours, most units first, ties by SKU', () => {
  const hour = (topSkus: { sku: string; units: number }[]): HourlyFulfilmentRow => ({
    hour: '2011-01-04T10:00:00Z',
    confirmed: 1,
    fulfilmentP50Ms: null,
    fulfilmentP95Ms: null,
    paymentFailureRate: null,
    topSkus,
  });
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
