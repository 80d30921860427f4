/**
 * The hourly-sales and hourly-fulfilment read models against real Postgres: seeded orders and
 * a few hand-made ones are projected live, the rows are checked, and a rebuild from position 0
 * equals the live model (`verifyProjection`).
 */
import * as assert from 'node:assert/strict';
import { consumerMigrations } from '@orderflow/consumer';
import { newId, type NewEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import {
  hourlyFulfilment,
  hourlyFulfilmentProjection,
  hourlySales,
  hourlySalesProjection,
  projectionMigrations,
  runMigrations,
  startProjector,
  verifyProjection,
} from '../index.ts';
import { seedOrders } from '../testing/seed.ts';

interface Ctx {
  db: TestDatabase;
  pool: pg.Pool;
  knex: Knex;
  store: EventStore;
}
const test = suite<Ctx>('hourly reports');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('reports');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 6 });
  ctx.knex = knexFactory({ client: 'pg', connection: ctx.db.url, pool: { min: 0, max: 4 } });
  await ensureEventStoreSchema(ctx.pool);
  await runMigrations(ctx.knex, [...projectionMigrations, ...consumerMigrations]);
  ctx.store = createPostgresEventStore(ctx.pool, { pollIntervalMs: 100 });
});
test.after(async ({ db, pool, knex, store }) => {
  await store.close();
  await knex.destroy();
  await pool.end();
  await db.drop();
});

const HOUR = '2025-03-01T09:00:00Z';

/** An order placed at 09:MM on 2025-03-01 in DE, with a coupon, then `outcome`. */
async function order(
  store: EventStore,
  minute: number,
  outcome: { confirmAfterMs: number } | { cancel: 'OUT_OF_STOCK' | 'PAYMENT_FAILED' },
) {
  const orderId = newId();
  const placedAt = new Date(Date.parse(HOUR) + minute * 60_000).toISOString();
  const events: NewEvent[] = [
    {
      id: newId(),
      type: 'OrderCreated',
      data: {
        orderId,
        customerId: 'c-1',
        lines: [
          { sku: 'MUG', quantity: 2, unitPrice: 500, discount: 100 },
          { sku: 'TEA', quantity: 1, unitPrice: 300, discount: 0 },
        ],
        subtotal: 1300,
        discount: 100,
        coupons: [{ code: 'TEN', discount: 100 }],
        total: 1200,
        currency: 'EUR',
        placedAt,
        receivedAt: placedAt,
        shippingCountry: 'DE',
        priceSource: 'catalog',
      },
    },
  ];
  const at = (ms: number) => new Date(Date.parse(placedAt) + ms).toISOString();
  const payment: NewEvent[] = [
    {
      id: newId(),
      type: 'PaymentRequested',
      data: { paymentId: orderId, orderId, amount: 1200, currency: 'EUR', requestedAt: at(10) },
    },
  ];
  if ('cancel' in outcome) {
    if (outcome.cancel === 'PAYMENT_FAILED')
      payment.push({
        id: newId(),
        type: 'PaymentFailed',
        data: { paymentId: orderId, orderId, reason: 'declined', failedAt: at(50) },
      });
    events.push({
      id: newId(),
      type: 'OrderCancelled',
      data: { orderId, reason: outcome.cancel, cancelledAt: at(60), coupon: null },
    });
  } else
    events.push({
      id: newId(),
      type: 'OrderConfirmed',
      data: { orderId, confirmedAt: at(outcome.confirmAfterMs) },
    });
  await store.appendToStream(`order-${orderId}`, [events[0]!]);
  await store.appendToStream(`payment-${orderId}`, payment);
  await store.appendToStream(`order-${orderId}`, events.slice(1));
  return { orderId, at };
}

/** Ships a confirmed order `shipAfterMs` after it was placed, then refunds `refunds` (running totals). */
async function shipAndRefund(
  store: EventStore,
  { orderId, at }: { orderId: string; at: (ms: number) => string },
  shipAfterMs: number,
  refunds: number[] = [],
) {
  const events: NewEvent[] = [
    {
      id: newId(),
      type: 'OrderShipped',
      data: { orderId, carrier: 'RM', trackingNumber: `T-${orderId}`, shippedAt: at(shipAfterMs) },
    },
    ...refunds.map((refundedTotal, i) => ({
      id: newId(),
      type: 'OrderRefunded',
      data: {
        orderId,
        refundId: `r-${i}`,
        lines: [],
        amount: refundedTotal - (refunds[i - 1] ?? 0),
        currency: 'EUR',
        refundedTotal,
        fullyRefunded: refundedTotal >= 1200,
        reason: 'returned',
        restockOnReturn: false,
        providerRef: 'rf',
        refundedAt: at(shipAfterMs + 1000),
      },
    })),
  ];
  await store.appendToStream(`order-${orderId}`, events);
}

test('seeded and hand-made orders are reported per hour, and a rebuild equals the live model', async (ctx) => {
  const projector = await startProjector(
    ctx.knex,
    ctx.store,
    [hourlySalesProjection, hourlyFulfilmentProjection],
    { batchSize: 7 },
  );
  try {
    await seedOrders(ctx.store, 40);
    const placed = [];
    for (let i = 0; i < 10; i++) placed.push(await order(ctx.store, i, { confirmAfterMs: 1000 * (i + 1) }));
    // Shipped 1 h and 2 h after confirmation; one partly then fully refunded.
    await shipAndRefund(ctx.store, placed[0]!, 1000 + 3_600_000, [500, 1200]);
    await shipAndRefund(ctx.store, placed[1]!, 2000 + 7_200_000);
    await order(ctx.store, 30, { cancel: 'OUT_OF_STOCK' });
    await order(ctx.store, 31, { cancel: 'PAYMENT_FAILED' });
    await order(ctx.store, 32, { cancel: 'PAYMENT_FAILED' });
    const range = { from: HOUR, to: '2025-03-01T10:00:00Z' };
    await eventually(
      'both reports caught up',
      async () => {
        const [sales] = await hourlySales(ctx.knex, range);
        const [fulfilment] = await hourlyFulfilment(ctx.knex, range);
        return sales?.cancelled === 3 && sales.refundCount === 2 && fulfilment?.shipped === 2
          ? true
          : undefined;
      },
      { timeoutMs: 20_000 },
    );

    assert.deepEqual(await hourlySales(ctx.knex, range), [
      {
        hour: HOUR,
        country: 'DE',
        currency: 'EUR',
        placed: 13,
        confirmed: 10,
        units: 30,
        revenue: 12_000,
        discount: 1000,
        cancelled: 3,
        cancellations: { OUT_OF_STOCK: 1, PAYMENT_FAILED: 2 },
        refunds: 1200,
        refundCount: 2,
      },
    ]);
    assert.deepEqual(await hourlySales(ctx.knex, { ...range, country: 'FR' }), []);
    const [hour] = await hourlyFulfilment(ctx.knex, range);
    assert.equal(hour!.confirmed, 10);
    assert.equal(hour!.paymentsRequested, 13);
    assert.equal(hour!.paymentFailureRate, 2 / 13);
    // Confirmed after 1 s … 10 s: nearest-rank P50 is 5 s, P95 10 s (within 4.4 %).
    assert.ok(Math.abs(hour!.fulfilmentP50Ms! - 5000) <= 5000 * 0.044, String(hour!.fulfilmentP50Ms));
    assert.ok(Math.abs(hour!.fulfilmentP95Ms! - 10_000) <= 10_000 * 0.044, String(hour!.fulfilmentP95Ms));
    assert.equal(hour!.shipped, 2);
    // Confirmed → shipped after 1 h and 2 h: nearest-rank P50 is 1 h, P95 2 h (within 4.4 %).
    assert.ok(Math.abs(hour!.shippingP50Ms! - 3_600_000) <= 3_600_000 * 0.044, String(hour!.shippingP50Ms));
    assert.ok(Math.abs(hour!.shippingP95Ms! - 7_200_000) <= 7_200_000 * 0.044, String(hour!.shippingP95Ms));
    assert.deepEqual(hour!.topSkus, [
      { sku: 'MUG', units: 20, orders: 10 },
      { sku: 'TEA', units: 10, orders: 10 },
    ]);

    // seedOrders: order i placed 2011-01-(1 + i % 60) 10:00; 3 of 4 confirmed, the rest PAYMENT_FAILED.
    const seeded = await hourlySales(ctx.knex, { from: '2011-01-01T00:00Z', to: '2011-02-01T00:00Z' });
    assert.equal(
      seeded.reduce((n, r) => n + r.placed, 0),
      31,
    );
    assert.equal(
      seeded.reduce((n, r) => n + r.confirmed, 0),
      24,
    );
    assert.equal(seeded.find((r) => r.hour === '2011-01-04T10:00:00Z')?.cancellations.PAYMENT_FAILED, 1);
    const seededHours = await hourlyFulfilment(ctx.knex, {
      from: '2011-01-01T00:00Z',
      to: '2011-02-01T00:00Z',
    });
    assert.equal(seededHours.length, 31);
    assert.deepEqual(seededHours[0]!.topSkus, [{ sku: 'SKU-0', units: 1, orders: 1 }]);
    assert.equal(seededHours[0]!.fulfilmentP95Ms, 0);

    for (const projection of [hourlySalesProjection, hourlyFulfilmentProjection]) {
      const result = await verifyProjection(ctx.knex, ctx.store, projection);
      assert.deepEqual(result.differences, [], `${projection.name} differs from a rebuild`);
    }
  } finally {
    await projector.stop();
  }
});

test.run();
