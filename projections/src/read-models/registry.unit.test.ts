import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import {
  projections,
  queryRoute,
  readModelRegistry,
  redisProjections,
  servingReadModel,
  type ReadModelQuery,
} from './registry.ts';

const queries: readonly ReadModelQuery[] = [
  'order',
  'orders',
  'product',
  'products',
  'dailySales',
  'orderStatus',
  'stockAvailability',
  'topSellers',
];

test('every query has one Postgres read model, and at most one Redis twin', () => {
  const postgres = new Set(projections.map((p) => p.name));
  for (const query of queries) {
    const route = queryRoute(query);
    assert.ok(postgres.has(route.postgres), `${query} → ${route.postgres}`);
    const redis = readModelRegistry.filter((m) => m.store === 'redis' && m.serves.some((q) => q === query));
    assert.ok(redis.length <= 1, query);
  }
});

test('every Redis read model names a Postgres twin', () => {
  const postgres = new Set(projections.map((p) => p.name));
  for (const model of readModelRegistry)
    if (model.store === 'redis') assert.ok(postgres.has(model.twin), model.projection.name);
});

test('a query waits for its Redis twin only while that one serves', () => {
  assert.deepEqual(queryRoute('orderStatus'), { postgres: 'order-details', redis: 'order-status' });
  assert.deepEqual(queryRoute('order'), { postgres: 'order-details', redis: null });
  assert.equal(
    servingReadModel('topSellers', () => true),
    'top-sellers',
  );
  assert.equal(
    servingReadModel('topSellers', () => false),
    'stock-levels',
  );
  assert.equal(
    servingReadModel('dailySales', () => true),
    'daily-sales',
  );
});

test('the projector lists keep the registry order', () => {
  assert.deepEqual(
    projections.map((p) => p.name),
    ['order-details', 'stock-levels', 'daily-sales', 'coupons', 'stock-alerts'],
  );
  assert.deepEqual(
    redisProjections.map((p) => p.name),
    ['order-status', 'stock-availability', 'top-sellers'],
  );
});

test.run();
