import * as assert from 'node:assert/strict';
import { orderStream } from '@orderflow/domain';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

/** placeOrder's `placedAt`: an admin imports past orders at their business time; nobody places in the future. */
const test = suite<{ h: Harness }>('placeOrder placedAt (business time)');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
  await ctx.h.ok(REGISTER, { sku: 'BT-1', stock: 50 });
});
test.after.each(async ({ h }) => h.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string; field?: string } }> }) =>
  r.errors?.[0]?.extensions?.code;
const order = (placedAt: string | undefined, customerId = 'c-1') => ({
  customerId,
  lines: [{ sku: 'BT-1', quantity: 1 }],
  ...(placedAt !== undefined && { placedAt }),
});

test('an admin places an order at a past time: OrderCreated keeps it in UTC, received now; dailySales shows that day', async ({
  h,
}) => {
  const before = Date.now();
  const { placeOrder } = await h.ok(PLACE, { input: order('2010-12-01T08:26:00+01:00'), key: 'bt-1' });
  const [created] = await h.orderflow.store.readStream(orderStream(placeOrder.orderId));
  const data = created!.data as { placedAt: string; receivedAt: string };
  assert.equal(data.placedAt, '2010-12-01T07:26:00.000Z');
  assert.ok(Date.parse(data.receivedAt) >= before - 1000 && Date.parse(data.receivedAt) <= Date.now());
  assert.equal(created!.metadata.schemaVersion, 5);
  await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  // The daily-sales projector may be a batch behind the confirmation: wait for it.
  const dailySales = await eventually('the order in dailySales', async () => {
    const { dailySales: rows } = await h.ok(
      `{ dailySales(from: "2010-12-01", to: "2010-12-31") { day orders } }`,
    );
    return rows.length > 0 ? rows : undefined;
  });
  assert.deepEqual(dailySales, [{ day: '2010-12-01', orders: 1 }]);
  // The same key and time again is the same order; another time is another request.
  const again = await h.ok(PLACE, { input: order('2010-12-01T07:26:00Z'), key: 'bt-1' });
  assert.equal(again.placeOrder.orderId, placeOrder.orderId);
  assert.equal(
    code(await h.gql(PLACE, { input: order('2010-12-02T07:26:00Z'), key: 'bt-1' })),
    'IDEMPOTENCY_KEY_REUSED',
  );
});

test('a customer cannot backdate (FORBIDDEN); a future or non-ISO time is VALIDATION_FAILED; nothing is written', async ({
  h,
}) => {
  const events = await h.eventCount();
  const customer = await h.customerAuth('c-1');
  assert.equal(
    code(await h.gqlAs(customer, PLACE, { input: order('2010-12-01T08:26:00Z'), key: 'bt-2' })),
    'FORBIDDEN',
  );
  const future = new Date(Date.now() + 10 * 60_000).toISOString();
  for (const placedAt of [future, '12/1/2010 8:26', '2010-12-01T08:26:00', 'yesterday']) {
    const response = await h.gql(PLACE, { input: order(placedAt), key: `bt-${placedAt}` });
    assert.equal(code(response), 'VALIDATION_FAILED', placedAt);
    assert.equal(response.errors?.[0]?.extensions?.field, 'placedAt', placedAt);
  }
  assert.equal(await h.eventCount(), events, 'no event was written');
  // A customer's order without placedAt is placed now, as always.
  const { data } = await h.gqlAs<{ placeOrder: { orderId: string } }>(customer, PLACE, {
    input: order(undefined),
    key: 'bt-3',
  });
  const [created] = await h.orderflow.store.readStream(orderStream(data!.placeOrder.orderId));
  const { placedAt, receivedAt } = created!.data as { placedAt: string; receivedAt: string };
  assert.equal(placedAt, receivedAt);
});

test.run();
