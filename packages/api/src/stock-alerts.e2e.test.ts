import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';
import { subscribe } from './test/ws-client.ts';

const SUB = `subscription { stockAlerts { sku low available threshold position } }`;
const THRESHOLD = `mutation($sku: String!, $t: Int!) { setStockThreshold(sku: $sku, threshold: $t) { sku threshold position } }`;
const LOW = `query($at: String) { lowStock(minPosition: $at) { sku low available threshold } }`;
const RESTOCK = `mutation($sku: String!, $q: Int!) { restock(sku: $sku, quantity: $q) { position } }`;

type Alert = {
  stockAlerts: { sku: string; low: boolean; available: number; threshold: number; position: string };
};

const test = suite<{ h: Harness }>('low-stock alerts');
test.after.each(async ({ h }) => h?.close());

test('an order taking stock below the threshold raises one alert, pushed and listed; a restock clears it', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const sub = await subscribe<Alert>(`${address.replace('http', 'ws')}/graphql`, SUB, {}, h.adminAuth);
  try {
    await h.ok(REGISTER, { sku: 'MUG', stock: 10 });
    await h.ok(THRESHOLD, { sku: 'MUG', t: 5 });
    const place = (key: string, quantity: number) =>
      h.ok(PLACE, { input: { customerId: 'c-1', lines: [{ sku: 'MUG', quantity }] }, key });
    await place('k-1', 6);
    const [raised] = await sub.next(1, 10_000);
    assert.deepEqual(
      { ...raised!.data.stockAlerts, position: undefined },
      { sku: 'MUG', low: true, available: 4, threshold: 5, position: undefined },
    );
    await place('k-2', 1); // still below: no second alert
    const { lowStock } = await h.ok(LOW, { at: raised!.data.stockAlerts.position });
    assert.deepEqual(lowStock, [{ sku: 'MUG', low: true, available: 4, threshold: 5 }]);
    await h.ok(RESTOCK, { sku: 'MUG', q: 20 });
    const alerts = await sub.next(2, 10_000);
    assert.deepEqual(
      alerts.map((a) => a.data.stockAlerts.low),
      [true, false],
    );
    // 24, or 23 once the second order's reservation (1 unit) has landed
    assert.ok(alerts[1]!.data.stockAlerts.available >= 23);
    assert.equal(await h.eventCount('LowStockAlertRaised'), 1, 'raised once for one crossing');
  } finally {
    await sub.close();
  }
});

test('thresholds are admin only and validated', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 10 });
  const customer = await h.customerAuth('c-1');
  const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
  assert.equal(code(await h.gqlAs(customer, THRESHOLD, { sku: 'MUG', t: 5 })), 'FORBIDDEN');
  assert.equal(code(await h.gql(THRESHOLD, { sku: 'MUG', t: -1 })), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(THRESHOLD, { sku: 'NOPE', t: 5 })), 'NOT_FOUND');
  const again = await h.ok(THRESHOLD, { sku: 'MUG', t: 0 });
  assert.equal(again.setStockThreshold.position, null, 'the same threshold again is a no-op');
});

test('a default threshold from the configuration applies to products registered without one; an explicit one wins', async (ctx) => {
  const h = (ctx.h = await startHarness({
    approvalRate: 1,
    latencyMs: 5,
    server: { defaultStockThreshold: 5 },
  }));
  const register = `mutation($sku: String!, $t: Int) {
    registerProduct(sku: $sku, name: "Mug", price: 250, currency: "GBP", initialStock: 10, lowStockThreshold: $t) { position } }`;
  await h.ok(register, { sku: 'MUG' });
  await h.ok(register, { sku: 'CUP', t: 0 });
  await h.ok(register, { sku: 'PLATE', t: 8 });
  const place = (sku: string, key: string) =>
    h.ok(PLACE, { input: { customerId: 'c-1', lines: [{ sku, quantity: 6 }] }, key });
  await place('MUG', 'k-1');
  await place('CUP', 'k-2');
  await place('PLATE', 'k-3');
  // An alert is appended with the reservation that causes it.
  await eventually('three reservations', async () => (await h.eventCount('StockReserved')) === 3);
  const alerts = await h.orderflow.store.readAll({ filter: { eventTypes: ['LowStockAlertRaised'] } });
  assert.deepEqual(
    alerts.map((e) => e.data).sort((a, b) => String(a.sku).localeCompare(String(b.sku))),
    [
      { sku: 'MUG', available: 4, threshold: 5 },
      { sku: 'PLATE', available: 4, threshold: 8 },
    ],
    'CUP registered with threshold 0 raises nothing',
  );
});

test.run();
