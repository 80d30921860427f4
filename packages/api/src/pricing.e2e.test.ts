import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type GqlResponse, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('prices come from the catalog');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

const ORDER = `query($id: ID!) { order(id: $id) { status total currency lines { sku quantity unitPrice } } }`;
const CHANGE_PRICE = `mutation($sku: String!, $price: Money!) {
  changePrice(sku: $sku, unitPrice: $price) { sku unitPrice position }
}`;
const PRODUCT_AT = `query($sku: String!, $at: String) { product(sku: $sku, minPosition: $at) { unitPrice } }`;

const eventCount = async (h: Harness): Promise<number> =>
  Number((await h.orderflow.db.raw('SELECT count(*) AS n FROM eventstore.events')).rows[0].n);

const codeOf = (response: GqlResponse) => response.errors?.[0]?.extensions?.code;

const order = async (h: Harness, lines: unknown[], key: string, extra: Record<string, unknown> = {}) =>
  h.gql<{ placeOrder: { orderId: string; position: string } }>(PLACE, {
    input: { customerId: 'c-1', lines, ...extra },
    key,
  });

test('a client that sets its own price is refused with PRICE_CHANGED and nothing is appended', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: '85123A', stock: 100, price: 255 });
  const before = await eventCount(h);
  const response = await order(h, [{ sku: '85123A', quantity: 2, unitPrice: 1 }], 'tamper');
  assert.equal(codeOf(response), 'PRICE_CHANGED');
  const details = response.errors![0]!.extensions!;
  assert.equal(details.sku, '85123A');
  assert.equal(details.unitPrice, 255);
  assert.equal(details.currency, 'GBP');
  assert.equal(details.expectedUnitPrice, 1);
  assert.equal(await eventCount(h), before);
});

test('an order without prices is charged the catalog prices; a matching expectation is accepted', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'A', stock: 100, price: 255 });
  await h.ok(REGISTER, { sku: 'B', stock: 100, price: 1000 });
  const { data } = await order(
    h,
    [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1, unitPrice: 1000 },
    ],
    'k-1',
  );
  const orderId = data!.placeOrder.orderId;
  await h.waitForStatus(orderId, ['CONFIRMED']);
  const { order: placed } = await h.ok(ORDER, { id: orderId });
  assert.equal(placed.total, 2 * 255 + 1000);
  assert.equal(placed.currency, 'GBP');
  assert.deepEqual(placed.lines, [
    { sku: 'A', quantity: 2, unitPrice: 255 },
    { sku: 'B', quantity: 1, unitPrice: 1000 },
  ]);
});

test('a price change: an order placed before keeps its price, one placed after gets the new one', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'A', stock: 100, price: 255 });
  const before = (await order(h, [{ sku: 'A', quantity: 1 }], 'before')).data!.placeOrder.orderId;
  const { changePrice } = await h.ok(CHANGE_PRICE, { sku: 'A', price: 300 });
  assert.equal(changePrice.unitPrice, 300);
  const { product } = await h.ok(PRODUCT_AT, { sku: 'A', at: changePrice.position });
  assert.equal(product.unitPrice, 300);
  const after = (await order(h, [{ sku: 'A', quantity: 1 }], 'after')).data!.placeOrder.orderId;
  await h.waitForStatus(before, ['CONFIRMED']);
  await h.waitForStatus(after, ['CONFIRMED']);
  assert.equal((await h.ok(ORDER, { id: before })).order.lines[0].unitPrice, 255);
  assert.equal((await h.ok(ORDER, { id: before })).order.total, 255);
  assert.equal((await h.ok(ORDER, { id: after })).order.total, 300);
  // The old price is now a stale expectation.
  assert.equal(codeOf(await order(h, [{ sku: 'A', quantity: 1, unitPrice: 255 }], 'stale')), 'PRICE_CHANGED');
});

test('an identical retry after a price change returns the first result', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'A', stock: 100, price: 255 });
  const lines = [{ sku: 'A', quantity: 1, unitPrice: 255 }];
  const first = (await order(h, lines, 'retry')).data!.placeOrder;
  const { changePrice } = await h.ok(CHANGE_PRICE, { sku: 'A', price: 300 });
  await h.ok(PRODUCT_AT, { sku: 'A', at: changePrice.position });
  assert.deepEqual((await order(h, lines, 'retry')).data!.placeOrder, first);
  const withoutPrice = [{ sku: 'A', quantity: 1 }];
  const second = (await order(h, withoutPrice, 'retry-2')).data!.placeOrder;
  assert.deepEqual((await order(h, withoutPrice, 'retry-2')).data!.placeOrder, second);
  // The same key with other input is still refused.
  assert.equal(codeOf(await order(h, [{ sku: 'A', quantity: 2 }], 'retry')), 'IDEMPOTENCY_KEY_REUSED');
});

test('another currency than the product is VALIDATION_FAILED; an unknown SKU is NOT_FOUND; nothing appended', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'A', stock: 100, price: 255 });
  await h.ok(REGISTER, { sku: 'E', stock: 100, price: 300, currency: 'EUR' });
  const before = await eventCount(h);
  const eur = await order(h, [{ sku: 'A', quantity: 1 }], 'eur', { currency: 'EUR' });
  assert.equal(codeOf(eur), 'VALIDATION_FAILED');
  assert.equal(eur.errors![0]!.extensions!.field, 'currency');
  const mixed = await order(
    h,
    [
      { sku: 'A', quantity: 1 },
      { sku: 'E', quantity: 1 },
    ],
    'mixed',
  );
  assert.equal(codeOf(mixed), 'VALIDATION_FAILED');
  const unknown = await order(
    h,
    [
      { sku: 'A', quantity: 1 },
      { sku: 'NOPE', quantity: 1 },
    ],
    'unknown',
  );
  assert.equal(codeOf(unknown), 'NOT_FOUND');
  assert.deepEqual(unknown.errors![0]!.extensions!.skus, ['NOPE']);
  assert.equal(await eventCount(h), before);
  // The product's own currency, given or not, is fine.
  assert.ok((await order(h, [{ sku: 'E', quantity: 1 }], 'eur-ok', { currency: 'EUR' })).data);
});

test('changePrice: admin only, NOT_FOUND for an unknown product, the same price again is no event', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'A', stock: 1, price: 255 });
  const customer = await h.customerAuth('c-1');
  assert.equal(codeOf(await h.gqlAs(customer, CHANGE_PRICE, { sku: 'A', price: 1 })), 'FORBIDDEN');
  assert.equal(codeOf(await h.gql(CHANGE_PRICE, { sku: 'NOPE', price: 1 })), 'NOT_FOUND');
  assert.equal(codeOf(await h.gql(CHANGE_PRICE, { sku: 'A', price: 0 })), 'VALIDATION_FAILED');
  const { changePrice } = await h.ok(CHANGE_PRICE, { sku: 'A', price: 255 });
  assert.deepEqual(changePrice, { sku: 'A', unitPrice: 255, position: null });
});

test('an order above £21.5M: order lists keep working and show the exact total', async ({ h }) => {
  // 2^31 pence is £21,474,836.48: beyond GraphQL's 32-bit Int.
  await h.ok(REGISTER, { sku: 'YACHT', stock: 5, price: '1000000000' });
  await h.ok(REGISTER, { sku: 'MUG', stock: 5, price: 250 });
  const big = (await order(h, [{ sku: 'YACHT', quantity: 3 }], 'big')).data!.placeOrder.orderId;
  const small = (await order(h, [{ sku: 'MUG', quantity: 1 }], 'small')).data!.placeOrder.orderId;
  await h.waitForStatus(big, ['CONFIRMED']);
  await h.waitForStatus(small, ['CONFIRMED']);
  const { orders } = await h.ok(
    `{ orders(first: 10) { totalCount edges { node { id total lines { unitPrice } } } } }`,
  );
  assert.equal(orders.totalCount, 2);
  const totals = Object.fromEntries(
    orders.edges.map((e: { node: { id: string; total: number } }) => [e.node.id, e.node.total]),
  );
  assert.equal(totals[big], 3_000_000_000);
  assert.equal(totals[small], 250);
  const { dailySales } = await h.ok(`{ dailySales { revenue } }`);
  assert.equal(dailySales[0].revenue, 3_000_000_250);
});

test('registerProduct takes the price as Money, or as the deprecated Int unitPrice, exactly one', async ({
  h,
}) => {
  const register = (args: string) =>
    h.gql(
      `mutation { registerProduct(sku: "OLD", name: "Old client", ${args} currency: "GBP", initialStock: 1) { sku } }`,
    );
  assert.equal(codeOf(await register('')), 'VALIDATION_FAILED');
  assert.equal(codeOf(await register('price: 100, unitPrice: 100,')), 'VALIDATION_FAILED');
  assert.equal(codeOf(await register('price: 1.5,')), 'VALIDATION_FAILED');
  assert.equal(codeOf(await register('price: "9007199254740993",')), 'VALIDATION_FAILED');
  const registered = await h.gql(
    `mutation { registerProduct(sku: "OLD", name: "Old client", unitPrice: 100, currency: "GBP", initialStock: 1) { position } }`,
  );
  const { product } = await h.ok(PRODUCT_AT, { sku: 'OLD', at: registered.data!.registerProduct.position });
  assert.equal(product.unitPrice, 100);
});

test.run();
