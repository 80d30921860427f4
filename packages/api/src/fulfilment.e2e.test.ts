import * as assert from 'node:assert/strict';
import { projections, redisProjections, verifyProjection } from '@orderflow/projections';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

const SHIP = `mutation($id: ID!, $carrier: String!, $tracking: String!) {
  shipOrder(orderId: $id, carrier: $carrier, trackingNumber: $tracking) { orderId position }
}`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { orderId position } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id) { orderId position } }`;
const ORDER = `query($id: ID!, $at: String) {
  order(id: $id, minPosition: $at) { status shipment { carrier trackingNumber shippedAt } deliveredAt }
  orderStatus(id: $id, minPosition: $at) { status }
}`;

const test = suite<{ h: Harness }>('after the sale: shipping and delivery');
test.after.each(async ({ h }) => h?.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

test('a confirmed order ships and is delivered; Postgres and Redis agree; nothing else moves it', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5, redis: true }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 10 });
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 1 }] },
    key: 'k-1',
  });
  const id = placeOrder.orderId as string;
  assert.equal(
    code(await h.gql(SHIP, { id, carrier: 'Royal Mail', tracking: 'RM1' })),
    'INVALID_STATE',
    'not confirmed yet',
  );
  await h.waitForStatus(id, ['CONFIRMED']);
  const shipped = await h.ok(SHIP, { id, carrier: 'Royal Mail', tracking: 'RM1' });
  const again = await h.ok(SHIP, { id, carrier: 'Royal Mail', tracking: 'RM1' });
  assert.equal(again.shipOrder.position, null, 'the same shipment again is a no-op');
  assert.equal(code(await h.gql(SHIP, { id, carrier: 'DHL', tracking: 'X' })), 'INVALID_STATE');
  const afterShip = await h.ok(ORDER, { id, at: shipped.shipOrder.position });
  assert.equal(afterShip.order.status, 'SHIPPED');
  assert.deepEqual(
    [afterShip.order.shipment.carrier, afterShip.order.shipment.trackingNumber],
    ['Royal Mail', 'RM1'],
  );
  assert.equal(afterShip.orderStatus.status, 'SHIPPED');
  assert.equal(code(await h.gql(CANCEL, { id })), 'INVALID_STATE', 'a shipped order cannot be cancelled');
  const delivered = await h.ok(DELIVER, { id });
  const afterDelivery = await h.ok(ORDER, { id, at: delivered.markDelivered.position });
  assert.equal(afterDelivery.order.status, 'DELIVERED');
  assert.ok(afterDelivery.order.deliveredAt);
  assert.equal(afterDelivery.orderStatus.status, 'DELIVERED');
  for (const projection of projections) {
    const result = await verifyProjection(h.orderflow.db, h.orderflow.store, projection);
    assert.deepEqual(result.differences, [], projection.name);
  }
  assert.ok(redisProjections.some((p) => p.name === 'order-status'));
});

test('shipping is admin only; bad input is VALIDATION_FAILED; unknown orders NOT_FOUND', async (ctx) => {
  const h = (ctx.h = await startHarness({ approvalRate: 1, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'MUG', stock: 10 });
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 1 }] },
    key: 'k-1',
  });
  const id = placeOrder.orderId as string;
  await h.waitForStatus(id, ['CONFIRMED']);
  const customer = await h.customerAuth('c-1');
  assert.equal(code(await h.gqlAs(customer, SHIP, { id, carrier: 'RM', tracking: '1' })), 'FORBIDDEN');
  assert.equal(code(await h.gql(SHIP, { id, carrier: '', tracking: '1' })), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(SHIP, { id: 'nope', carrier: 'RM', tracking: '1' })), 'NOT_FOUND');
  assert.equal(code(await h.gql(DELIVER, { id })), 'INVALID_STATE', 'not shipped yet');
  await eventually('still confirmed', async () =>
    (await h.orderStatus(id))?.status === 'CONFIRMED' ? true : undefined,
  );
});

test.run();
