import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('hourly reports through GraphQL');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

const HOUR_MS = 3_600_000;
/** Hours around now, so that an hour turning during the test changes nothing. */
const range = () => {
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  return { from: new Date(hour - HOUR_MS).toISOString(), to: new Date(hour + 2 * HOUR_MS).toISOString() };
};
const SALES = `query($from: String!, $to: String!, $country: String) {
  hourlySales(from: $from, to: $to, country: $country) {
    hour country currency placed confirmed units revenue discount cancelled
    cancellations { reason orders } refunds
  }
}`;
const FULFILMENT = `query($from: String!, $to: String!) {
  hourlyFulfilment(from: $from, to: $to) {
    hour confirmed fulfilmentP50Ms fulfilmentP95Ms paymentsRequested paymentsFailed paymentFailureRate
    topSkus { sku units orders }
  }
}`;

test('hourlySales and hourlyFulfilment report the orders placed this hour', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 5 });
  await h.ok(REGISTER, { sku: 'TEA-1', stock: 100, price: 100 });
  const place = (key: string, lines: { sku: string; quantity: number; unitPrice: number }[]) =>
    h.ok(PLACE, { input: { customerId: 'c-1', shippingCountry: 'France', lines }, key });
  const orders = [
    await place('a', [{ sku: 'MUG-1', quantity: 3, unitPrice: 250 }]),
    await place('b', [{ sku: 'MUG-1', quantity: 3, unitPrice: 250 }]), // out of stock
    await place('c', [{ sku: 'TEA-1', quantity: 4, unitPrice: 100 }]),
  ];
  for (const o of orders) await h.waitForStatus(o.placeOrder.orderId, ['CONFIRMED', 'CANCELLED']);
  const { hourlySales } = await eventually('hourly sales settled', async () => {
    const data = await h.ok(SALES, range());
    return data.hourlySales[0]?.cancelled === 1 && data.hourlySales[0]?.confirmed === 2 ? data : undefined;
  });
  assert.equal(hourlySales.length, 1);
  const { hour, ...row } = hourlySales[0];
  assert.match(hour, /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/);
  assert.deepEqual(row, {
    country: 'France',
    currency: 'GBP',
    placed: 3,
    confirmed: 2,
    units: 7,
    revenue: 1150,
    discount: 0,
    cancelled: 1,
    cancellations: [{ reason: 'OUT_OF_STOCK', orders: 1 }],
    refunds: 0,
  });
  assert.deepEqual((await h.ok(SALES, { ...range(), country: 'EIRE' })).hourlySales, []);

  const { hourlyFulfilment } = await eventually('hourly fulfilment settled', async () => {
    const data = await h.ok(FULFILMENT, range());
    return data.hourlyFulfilment[0]?.confirmed === 2 ? data : undefined;
  });
  const [f] = hourlyFulfilment;
  assert.equal(f.hour, hour);
  assert.equal(f.paymentsRequested, 2, 'no payment is asked for an order without stock');
  assert.equal(f.paymentsFailed, 0);
  assert.equal(f.paymentFailureRate, 0);
  assert.ok(f.fulfilmentP50Ms >= 0 && f.fulfilmentP95Ms >= f.fulfilmentP50Ms);
  assert.deepEqual(f.topSkus, [
    { sku: 'TEA-1', units: 4, orders: 1 },
    { sku: 'MUG-1', units: 3, orders: 1 },
  ]);
});

test('bounds off the hour, reversed or too wide are VALIDATION_FAILED; customers are FORBIDDEN', async ({
  h,
}) => {
  for (const [from, to] of [
    ['2025-01-31T14:30:00Z', '2025-01-31T16:00:00Z'],
    ['yesterday', '2025-01-31T16:00:00Z'],
    ['2025-01-31T16:00:00Z', '2025-01-31T14:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z'],
  ]) {
    for (const query of [SALES, FULFILMENT]) {
      const bad = await h.gql(query, { from, to });
      assert.equal(bad.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', `${from}..${to}`);
    }
  }
  const customer = await h.customerAuth('c-1');
  for (const query of [SALES, FULFILMENT]) {
    const refused = await h.gqlAs(customer, query, range());
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  }
});

test.run();
