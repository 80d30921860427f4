import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { hasErrorCode, type RecordedEvent } from '@orderflow/core';
import { domainSchemaRegistry, orderDecider } from './index.ts';
import { created } from './orders/test-fixtures.ts';

/** An event as the store returns it, at `schemaVersion`. */
const recorded = (type: string, data: Record<string, unknown>, schemaVersion: number): RecordedEvent => ({
  id: '5f0c1d7e-8a3b-4c5d-9e6f-7a8b9c0d1e2f',
  type,
  data,
  streamName: 'order-1',
  revision: 0n,
  position: 42n,
  metadata: { schemaVersion, recordedAt: new Date('2025-01-31T12:00:00Z') },
});

/** `created` as release 0.4 wrote it (v4): no `receivedAt`, `placedAt` was the API's clock. */
const { receivedAt: _r, ...v4 } = created.data;
/** `created` as release 0.3 wrote it (v3): no coupons, lines without discounts. */
const { subtotal: _s, discount: _d, coupons: _c, ...v3Rest } = v4;
const v3 = { ...v3Rest, lines: created.data.lines.map(({ discount: _x, ...l }) => l) };

test('an OrderCreated v1 of release 0.1 reads as v5 with an unknown shipping country, priced by the client', () => {
  const { shippingCountry: _dropped, priceSource: _later, ...v1 } = v3;
  const upcast = domainSchemaRegistry.upcast(recorded('OrderCreated', v1, 1));
  assert.deepEqual(upcast.data, { ...created.data, shippingCountry: null, priceSource: 'client' });
  assert.equal(upcast.metadata.schemaVersion, 5);
  // and the decider folds it like any current event
  const state = orderDecider.evolve(orderDecider.initialState(), upcast as never);
  assert.equal(state.status, 'pending');
});

test('an OrderCreated v2 (prices sent by the client, unchecked) reads as v5 with priceSource client', () => {
  const { priceSource: _added, ...v2 } = v3;
  const upcast = domainSchemaRegistry.upcast(recorded('OrderCreated', v2, 2));
  assert.deepEqual(upcast.data, { ...created.data, priceSource: 'client' });
  assert.equal(upcast.metadata.schemaVersion, 5);
});

test('an OrderCreated v3 (before coupons) reads as v5 with no discount: subtotal = total', () => {
  const upcast = domainSchemaRegistry.upcast(recorded('OrderCreated', v3, 3));
  assert.deepEqual(upcast.data, created.data);
  assert.equal(upcast.metadata.schemaVersion, 5);
});

test('an OrderCreated v4 (before business time) reads as v5 received when it was placed', () => {
  const upcast = domainSchemaRegistry.upcast(recorded('OrderCreated', v4, 4));
  assert.deepEqual(upcast.data, { ...v4, receivedAt: v4.placedAt });
  assert.deepEqual(upcast.data, created.data);
  assert.equal(upcast.metadata.schemaVersion, 5);
});

test('an OrderCancelled v1 reads as v2 naming no coupon', () => {
  const { coupon: _c, ...v1 } = {
    orderId: 'order-1',
    reason: 'OUT_OF_STOCK',
    cancelledAt: '2025-01-31T12:00:00Z',
    coupon: null,
  };
  const upcast = domainSchemaRegistry.upcast(recorded('OrderCancelled', v1, 1));
  assert.deepEqual(upcast.data, { ...v1, coupon: null });
});

test('current events pass through untouched (same object)', () => {
  const event = recorded('OrderCreated', created.data, 5);
  assert.equal(domainSchemaRegistry.upcast(event), event);
  const stock = recorded('StockReserved', { sku: 'A', orderId: 'o', quantity: 1 }, 1);
  assert.equal(domainSchemaRegistry.upcast(stock), stock);
});

test('a version from the future or an unknown type is UNKNOWN_EVENT_SCHEMA with where it is', () => {
  assert.throws(
    () => domainSchemaRegistry.upcast(recorded('OrderCreated', created.data, 6)),
    (e: unknown) =>
      hasErrorCode(e, 'UNKNOWN_EVENT_SCHEMA') &&
      e.details.stream === 'order-1' &&
      e.details.revision === '0' &&
      e.details.position === '42' &&
      e.details.schemaVersion === 6,
  );
  assert.throws(
    () => domainSchemaRegistry.upcast(recorded('OrderReturned', {}, 1)),
    (e: unknown) => hasErrorCode(e, 'UNKNOWN_EVENT_SCHEMA') && e.details.type === 'OrderReturned',
  );
});

test('every domain event type has a current version', () => {
  for (const type of ['OrderCreated', 'StockReserved', 'PaymentVoided', 'ProductRegistered'])
    assert.ok((domainSchemaRegistry.currentVersion(type) ?? 0) >= 1, type);
  assert.equal(domainSchemaRegistry.currentVersion('OrderCreated'), 5);
  assert.equal(domainSchemaRegistry.currentVersion('CouponReserved'), 1);
  assert.equal(domainSchemaRegistry.currentVersion('PriceChanged'), 1);
});

test.run();
