import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('placeOrder idempotency and validation');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

const input = { customerId: 'c-50', lines: [{ sku: 'IDEM-1', quantity: 1, unitPrice: 250 }] };

test('50 concurrent identical placeOrder calls create one order and all get its id and position', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'IDEM-1', stock: 100 });
  const results = await Promise.all(
    Array.from({ length: 50 }, () => h.gql(PLACE, { input, key: 'same-key' })),
  );
  for (const r of results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const ids = new Set(results.map((r) => r.data!.placeOrder.orderId));
  const positions = new Set(results.map((r) => r.data!.placeOrder.position));
  assert.equal(ids.size, 1);
  assert.equal(positions.size, 1);
  const [orderId] = ids;
  await h.waitForStatus(orderId!, ['CONFIRMED']);
  const created = (
    await h.orderflow.store.readAll({ maxCount: 10_000, filter: { eventTypes: ['OrderCreated'] } })
  ).length;
  assert.equal(created, 1, 'one OrderCreated in the log');
  const stock = (
    await h.orderflow.store.readAll({ maxCount: 10_000, filter: { eventTypes: ['StockReserved'] } })
  ).length;
  assert.equal(stock, 1, 'stock reserved once');
  const later = await h.ok(PLACE, { input, key: 'same-key' });
  assert.equal(later.placeOrder.orderId, orderId, 'a retry after completion returns the same order');
});

test('the same key with other input is rejected with IDEMPOTENCY_KEY_REUSED', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'IDEM-1', stock: 100 });
  await h.ok(PLACE, { input, key: 'k' });
  const other = await h.gql(PLACE, {
    input: { ...input, lines: [{ sku: 'IDEM-1', quantity: 2, unitPrice: 250 }] },
    key: 'k',
  });
  assert.equal(other.errors?.[0]?.extensions?.code, 'IDEMPOTENCY_KEY_REUSED');
});

test('bad input gets VALIDATION_FAILED and writes nothing', async ({ h }) => {
  const before = await h.orderflow.store.headPosition();
  const cases = [
    { ...input, lines: [] },
    { ...input, lines: [{ sku: 'IDEM-1', quantity: -3, unitPrice: 250 }] },
    { ...input, lines: [{ sku: 'IDEM-1', quantity: 1, unitPrice: 0 }] },
    { ...input, customerId: '' },
    { ...input, currency: 'pounds' },
    {
      ...input,
      lines: [
        { sku: 'IDEM-1', quantity: 1, unitPrice: 250 },
        { sku: 'IDEM-1', quantity: 2, unitPrice: 250 },
      ],
    },
  ];
  for (const bad of cases) {
    const response = await h.gql(PLACE, { input: bad, key: 'bad' });
    assert.equal(response.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', JSON.stringify(bad));
  }
  const wrongType = await h.gql(
    `mutation { placeOrder(input: { customerId: "c", lines: [{ sku: "A", quantity: "lots", unitPrice: 1 }] }, idempotencyKey: "x") { orderId } }`,
  );
  assert.equal(wrongType.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  const badProduct = await h.gql(REGISTER, { sku: 'has space', stock: 1 });
  assert.equal(badProduct.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  const badCursor = await h.gql(`{ orders(after: "nonsense") { totalCount } }`);
  assert.equal(badCursor.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  assert.equal(await h.orderflow.store.headPosition(), before, 'nothing was appended');
});

test.run();
