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
const stock = { sku: 'MUG-1', orderId: 'o-1', quantity: 2 };
const payment = { paymentId: 'o-1', orderId: 'o-1' };
const cases: Array<[string, Record<string, unknown>, string, string, string]> = [
  [
    'OrderCreated',
    {
      ...order,
      customerId: 'c-1',
      lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250, discount: 0 }],
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
];

test('every published domain event type has a case here', () => {
  assert.deepEqual(cases.map(([type]) => type).sort(), [...PUBLISHED_EVENT_TYPES].sort());
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
        data:
          type === 'OrderCreated'
            ? { ...data, lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: 250 }] }
            : data,
      },
      type,
    );
    assert.ok(!JSON.stringify(mapped.event).includes('internalNote'), `${type} leaks an internal field`);
  }
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
