/**
 * A rebuild of hourly-fulfilment over a log whose 5,000-event batches hold more (hour, SKU)
 * pairs than one insert may bind (65,535 parameters / 4 columns): found by `projections verify`
 * after `load online-retail --limit 5000`, whose orders have ~20 lines each.
 */
import * as assert from 'node:assert/strict';
import { consumerMigrations } from '@orderflow/consumer';
import { newId, type NewEvent } from '@orderflow/core';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { test } from 'uvu';
import {
  hourlyFulfilmentProjection,
  projectionMigrations,
  rebuildProjection,
  runMigrations,
} from '../../index.ts';
import { HOURLY_SKU_SALES_TABLE } from './schema.ts';

const ORDERS = 1_200;
const LINES = 20;

/** Order `n`, placed in its own hour with 20 SKUs of its own, and its confirmation. */
function orderEvents(n: number): NewEvent[] {
  const orderId = newId();
  const placedAt = new Date(Date.UTC(2010, 11, 1) + n * 3_600_000).toISOString();
  const lines = Array.from({ length: LINES }, (_, i) => ({
    sku: `S${n}-${i}`,
    quantity: 1,
    unitPrice: 100,
    discount: 0,
  }));
  return [
    {
      id: newId(),
      type: 'OrderCreated',
      data: {
        orderId,
        customerId: `c-${n}`,
        lines,
        subtotal: LINES * 100,
        discount: 0,
        coupons: [],
        total: LINES * 100,
        currency: 'GBP',
        placedAt,
        receivedAt: placedAt,
        shippingCountry: 'UK',
        priceSource: 'catalog',
      },
    },
    { id: newId(), type: 'OrderConfirmed', data: { orderId, confirmedAt: placedAt } },
  ];
}

test('a rebuild applies batches with more (hour, SKU) pairs than one statement may bind', async () => {
  const db = await createTestDatabase('bindlimit');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 4 } });
  const store = createPostgresEventStore(pool, { pollIntervalMs: 100 });
  try {
    await ensureEventStoreSchema(pool);
    await runMigrations(knex, [...projectionMigrations, ...consumerMigrations]);
    for (let first = 0; first < ORDERS; first += 200)
      await store.appendToStream(
        `bulk-${first}`,
        Array.from({ length: 200 }, (_, i) => orderEvents(first + i)).flat(),
      );
    // One batch takes all 2,400 events: 24,000 (hour, SKU) rows × 4 columns = 96,000 parameters.
    await rebuildProjection(knex, store, hourlyFulfilmentProjection, { batchSize: 5_000 });
    const { rows } = (await knex.raw('SELECT count(*)::int AS pairs, sum(units)::int AS units FROM ??', [
      HOURLY_SKU_SALES_TABLE,
    ])) as { rows: { pairs: number; units: number }[] };
    assert.deepEqual(rows[0], { pairs: ORDERS * LINES, units: ORDERS * LINES });
  } finally {
    await store.close();
    await knex.destroy();
    await pool.end();
    await db.drop();
  }
});

test.run();
