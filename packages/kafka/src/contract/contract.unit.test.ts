import * as assert from 'node:assert/strict';
import type { RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import { createTopicNames } from '../topics.ts';
import { toKafkaMessage } from './kafka-message.ts';
import { PUBLISHED_EVENT_TYPES, toPublicMessage } from './map.ts';

const at = new Date('2025-03-01T10:00:00.000Z');
let revision = 0n;
/** A recorded event whose data carries an internal field that must never be published. */
const recorded = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  ({
    id: `00000000-0000-4000-8000-${String(++revision).padStart(12, '0')}`,
    type,
    data: { ...data, internalNote: 'not for the outside' },
    streamName: 'x-1',
    revision,
    position: revision * 10n,
    metadata: { schemaVersion: 1, recordedAt: at, ...metadata },
  }) as RecordedEvent;

const order = { orderId: 'o-1' };
/** What orderflow.order.placed v1 publishes of an OrderCreated without coupons. */
const v1Placed = ({ subtotal: _s, discount: _d, coupons: _c, ...data }: Record<string, unknown>) => ({
  ...data,
  lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250 }],
});
const stock = { sku: 'MUG-1', orderId: 'o-1', quantity: 2 };
const payment = { paymentId: 'o-1', orderId: 'o-1' };
const cases: Array<[string, Record<string, unknown>, string, string, string]> = [
  [
    'OrderCreated',
    {
      ...order,
      customerId: 'c-1',
      lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250, discount: 0 }],
      subtotal: 500,
      discount: 0,
      coupons: [],
      total: 500,
      currency: 'GBP',
      placedAt: at.toISOString(),
      shippingCountry: null,
    },
    'orderflow.order.placed',
    'orders',
    'o-1',
  ],
  [
    'OrderConfirmed',
    { ...order, confirmedAt: at.toISOString() },
    'orderflow.order.confirmed',
    'orders',
    'o-1',
  ],
  [
    'OrderCancelled',
    { ...order, reason: 'OUT_OF_STOCK', cancelledAt: at.toISOString() },
    'orderflow.order.cancelled',
    'orders',
    'o-1',
  ],
  [
    'LowStockAlertRaised',
    { sku: 'MUG-1', available: 3, threshold: 5 },
    'orderflow.inventory.stock.low',
    'inventoryAlerts',
    'MUG-1',
  ],
  [
    'LowStockAlertCleared',
    { sku: 'MUG-1', available: 50, threshold: 5 },
    'orderflow.inventory.stock.replenished',
    'inventoryAlerts',
    'MUG-1',
  ],
  [
    'OrderShipped',
    { ...order, carrier: 'Royal Mail', trackingNumber: 'RM123', shippedAt: at.toISOString() },
    'orderflow.order.shipped',
    'orders',
    'o-1',
  ],
  [
    'OrderDelivered',
    { ...order, deliveredAt: at.toISOString() },
    'orderflow.order.delivered',
    'orders',
    'o-1',
  ],
  [
    'OrderRefunded',
    {
      ...order,
      refundId: 'r-1',
      lines: [{ sku: 'MUG-1', quantity: 1, amount: 250 }],
      amount: 250,
      currency: 'GBP',
      refundedTotal: 250,
      fullyRefunded: false,
      reason: 'broken',
      refundedAt: at.toISOString(),
    },
    'orderflow.order.refunded',
    'orders',
    'o-1',
  ],
  [
    'ProductRegistered',
    { sku: 'MUG-1', name: 'Mug', unitPrice: 250, currency: 'GBP' },
    'orderflow.inventory.product.registered',
    'inventory',
    'MUG-1',
  ],
  [
    'PriceChanged',
    { sku: 'MUG-1', unitPrice: 275, previousUnitPrice: 250, currency: 'GBP' },
    'orderflow.inventory.product.price-changed',
    'inventory',
    'MUG-1',
  ],
  ['StockAdded', { sku: 'MUG-1', quantity: 5 }, 'orderflow.inventory.stock.added', 'inventory', 'MUG-1'],
  ['StockReserved', stock, 'orderflow.inventory.stock.reserved', 'inventory', 'MUG-1'],
  [
    'StockReservationFailed',
    { ...stock, reason: 'INSUFFICIENT_STOCK', available: 1 },
    'orderflow.inventory.stock.reservation-failed',
    'inventory',
    'MUG-1',
  ],
  ['StockReleased', stock, 'orderflow.inventory.stock.released', 'inventory', 'MUG-1'],
  ['StockCommitted', stock, 'orderflow.inventory.stock.committed', 'inventory', 'MUG-1'],
  [
    'PaymentRequested',
    { ...payment, amount: 500, currency: 'GBP', requestedAt: at.toISOString() },
    'orderflow.payment.requested',
    'paymentRequests',
    'o-1',
  ],
  [
    'PaymentConfirmed',
    { ...payment, providerRef: 'ch_1', amount: 500, currency: 'GBP', confirmedAt: at.toISOString() },
    'orderflow.payment.confirmed',
    'payments',
    'o-1',
  ],
  [
    'PaymentFailed',
    { ...payment, reason: 'declined', failedAt: at.toISOString() },
    'orderflow.payment.failed',
    'payments',
    'o-1',
  ],
  [
    'PaymentVoided',
    { ...payment, reason: 'out of stock', refunded: false, voidedAt: at.toISOString() },
    'orderflow.payment.voided',
    'payments',
    'o-1',
  ],
  [
    'RefundRequested',
    {
      ...payment,
      refundId: 'r-1',
      amount: 250,
      currency: 'GBP',
      reason: 'broken',
      attempt: 1,
      requestedAt: at.toISOString(),
    },
    'orderflow.payment.refund-requested',
    'paymentRequests',
    'o-1',
  ],
  [
    'RefundFailed',
    { ...payment, refundId: 'r-1', amount: 250, reason: 'DECLINED', failedAt: at.toISOString() },
    'orderflow.payment.refund-failed',
    'payments',
    'o-1',
  ],
  [
    'PaymentCapturedAfterVoid',
    { ...payment, providerRef: 'ch_1', amount: 500, currency: 'GBP', capturedAt: at.toISOString() },
    'orderflow.payment.captured-after-void',
    'payments',
    'o-1',
  ],
];

test('RefundCompleted is published as orderflow.payment.refunded with refundedAt', () => {
  const data = {
    ...payment,
    refundId: 'r-1',
    amount: 250,
    currency: 'GBP',
    providerRef: 'rf',
    completedAt: at.toISOString(),
  };
  const mapped = toPublicMessage(recorded('RefundCompleted', data));
  assert.equal(mapped?.topic, 'payments');
  assert.equal(mapped?.event.schema, 'orderflow.payment.refunded');
  const { completedAt: _c, ...rest } = data;
  assert.deepEqual(mapped?.event.data, { ...rest, refundedAt: at.toISOString() });
});

test('every published domain event type has a case here', () => {
  assert.deepEqual(
    [...cases.map(([type]) => type), 'RefundCompleted'].sort(),
    [...PUBLISHED_EVENT_TYPES].sort(),
  );
});

test('each event maps to its schema, topic and key, with exactly the documented data', () => {
  for (const [type, data, schema, topic, key] of cases) {
    const event = recorded(type, data);
    const mapped = toPublicMessage(event);
    assert.ok(mapped, type);
    assert.equal(mapped.topic, topic, type);
    assert.equal(mapped.key, key, type);
    assert.deepEqual(
      mapped.event,
      {
        schema,
        schemaVersion: 1,
        eventId: event.id,
        occurredAt: at.toISOString(),
        subject: key,
        sequence: Number(event.revision),
        data: type === 'OrderCreated' ? v1Placed(data) : data,
      },
      type,
    );
    assert.ok(!JSON.stringify(mapped.event).includes('internalNote'), `${type} leaks an internal field`);
  }
});

test('an order with coupons publishes orderflow.order.placed v2 with subtotal, discounts and codes', () => {
  const data = {
    ...cases[0]![1],
    lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250, discount: 50 }],
    discount: 50,
    coupons: [{ code: 'SAVE10', discount: 50 }],
    total: 450,
  };
  const mapped = toPublicMessage(recorded('OrderCreated', data));
  assert.equal(mapped?.event.schemaVersion, 2);
  const { internalNote: _n, ...published } = mapped!.event.data as Record<string, unknown>;
  assert.deepEqual(published, data);
});

test('a COUPON_REJECTED cancellation publishes orderflow.order.cancelled v2 naming the coupon', () => {
  const data = {
    ...order,
    reason: 'COUPON_REJECTED',
    cancelledAt: at.toISOString(),
    coupon: { code: 'SAVE10', reason: 'EXHAUSTED' },
  };
  const mapped = toPublicMessage(recorded('OrderCancelled', data));
  assert.equal(mapped?.event.schemaVersion, 2);
  assert.deepEqual(mapped?.event.data, data);
  const plain = toPublicMessage(recorded('OrderCancelled', { ...cases[2]![1], coupon: null }));
  assert.equal(plain?.event.schemaVersion, 1);
  assert.deepEqual(plain?.event.data, cases[2]![1]);
});

test('an OrderCreated of the first release (no shipping country) publishes shippingCountry null', () => {
  const { shippingCountry: _, ...v1 } = cases[0]![1];
  const mapped = toPublicMessage(recorded('OrderCreated', v1));
  assert.equal((mapped?.event.data as { shippingCountry: unknown }).shippingCountry, null);
});

test('an event type without a public mapping is not published', () => {
  assert.equal(toPublicMessage(recorded('SnapshotTaken', {})), null);
  assert.equal(toKafkaMessage(recorded('SnapshotTaken', {}), createTopicNames()), null);
});

test('the Kafka message: topic by prefix, key, JSON value, and the headers', () => {
  const event = recorded('OrderConfirmed', cases[1]![1], { correlationId: 'corr-1', causationId: 'cmd-1' });
  const outgoing = toKafkaMessage(event, createTopicNames('t1.'));
  assert.ok(outgoing);
  assert.equal(outgoing.topic, 't1.orders.events');
  assert.equal(outgoing.message.key, 'o-1');
  assert.equal(JSON.parse(outgoing.message.value).eventId, event.id);
  assert.deepEqual(outgoing.message.headers, {
    'event-id': event.id,
    'event-type': 'orderflow.order.confirmed',
    'schema-version': '1',
    'content-type': 'application/json',
    'correlation-id': 'corr-1',
    'causation-id': 'cmd-1',
  });
  const bare = toKafkaMessage(recorded('StockAdded', { sku: 'A', quantity: 1 }), createTopicNames());
  assert.equal(bare?.topic, 'inventory.events');
  assert.equal(bare?.message.headers['correlation-id'], undefined);
});

test.run();
