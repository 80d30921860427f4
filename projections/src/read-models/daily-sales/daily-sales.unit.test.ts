import type { OrderCreated } from '@orderflow/domain';
import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { emptyDailySales, evolveDailySales, type DailySalesEvent, type DailySalesState } from './row.ts';

const spec = evolveSpecification<DailySalesState, DailySalesEvent>(evolveDailySales, emptyDailySales());
const created = (orderId: string, country: string | null, quantity: number, total: number): OrderCreated => ({
  type: 'OrderCreated',
  data: {
    orderId,
    customerId: 'c-1',
    lines: [{ sku: 'MUG', quantity, unitPrice: total / quantity, discount: 0 }],
    subtotal: total,
    discount: 0,
    coupons: [],
    total,
    currency: 'EUR',
    placedAt: '2025-01-31T23:59:00.000Z',
    receivedAt: '2025-01-31T23:59:00.000Z',
    shippingCountry: country,
    priceSource: 'catalog',
  },
});
const confirmed = (orderId: string): DailySalesEvent => ({
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: '2025-02-01T00:01:00Z' },
});
const row = (country: string, orders: number, units: number, revenue: number) => ({
  day: '2025-01-31',
  country,
  currency: 'EUR',
  orders,
  units,
  revenue,
});

test('a placed order is no sale until it is confirmed', () => {
  spec
    .given([])
    .when(created('o-1', 'FR', 2, 1000))
    .then({ rows: new Map() });
});

test('OrderConfirmed adds the sale to the day it was placed (UTC), its country and currency', () => {
  spec
    .given([created('o-1', 'FR', 2, 1000)])
    .when(confirmed('o-1'))
    .then({ rows: new Map([['2025-01-31|FR|EUR', row('FR', 1, 2, 1000)]]) });
  spec
    .given([created('o-1', 'FR', 2, 1000), confirmed('o-1'), created('o-2', 'FR', 3, 900)])
    .when(confirmed('o-2'))
    .then({ rows: new Map([['2025-01-31|FR|EUR', row('FR', 2, 5, 1900)]]) });
});

test('an order without a shipping country counts under Unknown', () => {
  spec
    .given([created('o-1', null, 1, 500)])
    .when(confirmed('o-1'))
    .then({ rows: new Map([['2025-01-31|Unknown|EUR', row('Unknown', 1, 1, 500)]]) });
});

test('a repeated confirmation, or one of an order never placed, changes nothing', () => {
  spec
    .given([created('o-1', 'FR', 2, 1000), confirmed('o-1')])
    .when(confirmed('o-1'))
    .thenUnchanged();
  spec.given([]).when(confirmed('o-9')).thenUnchanged();
});

test.run();
