import * as assert from 'node:assert/strict';
import { newId } from '@orderflow/core';
import { orderStream } from '@orderflow/domain';
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import pg from 'pg';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('schema evolution through the running system');
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ approvalRate: 1 });
});
test.after.each(async ({ h }) => h.close());

const ORDER = `query($id: ID!) { order(id: $id) { status total shippingCountry } }`;

test('an order placed with a shipping country shows it', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  const { placeOrder } = await h.ok(PLACE, {
    input: {
      customerId: 'c-1',
      shippingCountry: 'EIRE',
      lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: 250 }],
    },
    key: 'k-1',
  });
  await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  assert.equal((await h.ok(ORDER, { id: placeOrder.orderId })).order.shippingCountry, 'EIRE');
});

test('an OrderCreated v1 written by release 0.1 is projected and fulfilled as v3', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  // Release 0.1 opened the store without schemas and wrote OrderCreated without shippingCountry.
  const pool = new pg.Pool({ connectionString: h.db.url, max: 2 });
  const release01 = createPostgresEventStore(pool);
  const orderId = newId();
  try {
    await release01.appendToStream(
      orderStream(orderId),
      [
        {
          id: newId(),
          type: 'OrderCreated',
          data: {
            orderId,
            customerId: 'c-old',
            lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250 }],
            total: 500,
            currency: 'GBP',
            placedAt: new Date().toISOString(),
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    assert.equal((await release01.readStream(orderStream(orderId)))[0]!.metadata.schemaVersion, 1);
  } finally {
    await release01.close();
    await pool.end();
  }
  // The projector and the process manager read it through the current release's upcasters.
  await h.waitForStatus(orderId, ['CONFIRMED']);
  const { order } = await h.ok(ORDER, { id: orderId });
  assert.deepEqual(order, { status: 'CONFIRMED', total: 500, shippingCountry: null });
  const [created] = await h.orderflow.store.readStream(orderStream(orderId));
  assert.equal(created!.metadata.schemaVersion, 5);
  assert.equal((created!.data as { subtotal: unknown }).subtotal, 500);
  assert.equal((created!.data as { shippingCountry: unknown }).shippingCountry, null);
  // Its prices were the client's, as every order's were before the API priced orders itself.
  assert.equal((created!.data as { priceSource: unknown }).priceSource, 'client');
});

test('a bad shipping country is VALIDATION_FAILED and places nothing', async ({ h }) => {
  await h.ok(REGISTER, { sku: 'MUG-1', stock: 10 });
  const response = await h.gql(PLACE, {
    input: {
      customerId: 'c-1',
      shippingCountry: ' ',
      lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: 250 }],
    },
    key: 'k-bad',
  });
  assert.equal(response.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
  assert.equal(response.errors?.[0]?.extensions?.field, 'shippingCountry');
  assert.equal((await h.ok(`{ orders { totalCount } }`)).orders.totalCount, 0);
});

test.run();
