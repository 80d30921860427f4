import * as assert from 'node:assert/strict';
import type { Event, RecordedEvent } from '@orderflow/core';
import { test } from 'uvu';
import { evolveOrderRow, type OrderDetailsEvent, type OrderRow } from '../order-details/row.ts';
import { hashValue } from '../../runtime/redis/values.ts';
import { recordedEvent, redisProjectionSpecification } from '../../testing/redis-specification.ts';
import { orderStatusProjection } from './projection.ts';
import { evolveOrderStatus, type OrderStatusEntry } from './row.ts';

const spec = redisProjectionSpecification(orderStatusProjection);
const created = (orderId: string): Event => ({
  type: 'OrderCreated',
  data: {
    orderId,
    customerId: 'c-1',
    lines: [{ sku: 'MUG', quantity: 1, unitPrice: 500 }],
    total: 500,
    currency: 'EUR',
    placedAt: '2025-01-31T12:00:00.000Z',
    shippingCountry: null,
  },
});
const paymentRequested = (orderId: string): Event => ({
  type: 'PaymentRequested',
  data: {
    paymentId: `p-${orderId}`,
    orderId,
    amount: 500,
    currency: 'EUR',
    requestedAt: '2025-01-31T12:01:00Z',
  },
});
const confirmed = (orderId: string): Event => ({
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: '2025-01-31T12:02:00Z' },
});
const cancelled = (orderId: string, reason = 'PAYMENT_FAILED'): Event => ({
  type: 'OrderCancelled',
  data: { orderId, reason, cancelledAt: '2025-01-31T12:02:00Z' },
});

test('a placed order is PENDING', async () => {
  await spec
    .given([])
    .when([created('o-1')])
    .then({ 'order:o-1': hashValue({ status: 'PENDING' }) });
});

test('a payment request makes it AWAITING_PAYMENT, confirmation CONFIRMED', async () => {
  await spec
    .given([created('o-1'), paymentRequested('o-1')])
    .when([confirmed('o-1')])
    .then({ 'order:o-1': hashValue({ status: 'CONFIRMED' }) });
});

test('a cancellation records its reason', async () => {
  await spec
    .given([created('o-1'), paymentRequested('o-1')])
    .when([cancelled('o-1', 'PAYMENT_TIMEOUT')])
    .then({ 'order:o-1': hashValue({ status: 'CANCELLED', cancellationReason: 'PAYMENT_TIMEOUT' }) });
});

test('late events leave a final status alone', async () => {
  await spec
    .given([created('o-1'), cancelled('o-1', 'OUT_OF_STOCK')])
    .when([paymentRequested('o-1'), confirmed('o-1')])
    .then({ 'order:o-1': hashValue({ status: 'CANCELLED', cancellationReason: 'OUT_OF_STOCK' }) });
  await spec
    .given([created('o-2'), confirmed('o-2')])
    .when([cancelled('o-2'), paymentRequested('o-2')])
    .then({ 'order:o-2': hashValue({ status: 'CONFIRMED' }) });
});

test('events of an order never created are ignored; orders are independent', async () => {
  await spec
    .given([paymentRequested('ghost'), created('o-1')])
    .when([confirmed('ghost'), created('o-2'), paymentRequested('o-2')])
    .then({
      'order:o-1': hashValue({ status: 'PENDING' }),
      'order:o-2': hashValue({ status: 'AWAITING_PAYMENT' }),
    });
});

const shipped = (orderId: string): Event => ({
  type: 'OrderShipped',
  data: { orderId, carrier: 'RM', trackingNumber: 'T', shippedAt: '2025-01-31T12:03:00Z' },
});
const delivered = (orderId: string): Event => ({
  type: 'OrderDelivered',
  data: { orderId, deliveredAt: '2025-01-31T12:04:00Z' },
});
const refunded = (orderId: string, refundedTotal: number, fullyRefunded: boolean): Event => ({
  type: 'OrderRefunded',
  data: { orderId, refundId: `r-${refundedTotal}`, amount: 200, refundedTotal, fullyRefunded, lines: [] },
});

test('a refund makes a confirmed order PARTIALLY_REFUNDED, then REFUNDED; shipping keeps PARTIALLY_REFUNDED', async () => {
  await spec
    .given([created('o-1'), confirmed('o-1')])
    .when([refunded('o-1', 200, false), shipped('o-1')])
    .then({ 'order:o-1': hashValue({ status: 'PARTIALLY_REFUNDED' }) });
  await spec
    .given([created('o-1'), confirmed('o-1'), refunded('o-1', 200, false)])
    .when([refunded('o-1', 500, true)])
    .then({ 'order:o-1': hashValue({ status: 'REFUNDED' }) });
  await spec
    .given([created('o-1'), cancelled('o-1')])
    .when([refunded('o-1', 500, true)])
    .then({ 'order:o-1': hashValue({ status: 'CANCELLED', cancellationReason: 'PAYMENT_FAILED' }) });
});

test('agrees with evolveOrderRow (order-details) on every sequence of up to 5 events', () => {
  const makers = [
    created,
    paymentRequested,
    confirmed,
    (id: string) => cancelled(id, 'CUSTOMER_CANCELLED'),
    shipped,
    delivered,
    (id: string) => refunded(id, 200, false),
    (id: string) => refunded(id, 500, true),
  ];
  let sequences = 0;
  const walk = (prefix: number[]) => {
    if (prefix.length > 0) {
      let row: OrderRow | null = null;
      let entry: OrderStatusEntry | null = null;
      for (const i of prefix) {
        // The fixtures leave out fields neither evolve reads.
        const event = recordedEvent(makers[i]!('o-1')) as RecordedEvent<OrderDetailsEvent>;
        row = evolveOrderRow(row, event);
        entry = evolveOrderStatus(entry, event);
      }
      const expected = row && {
        orderId: row.orderId,
        status: row.status,
        cancellationReason: row.cancellationReason,
      };
      assert.deepEqual(entry, expected, `sequence ${prefix.join(',')}`);
      sequences++;
    }
    if (prefix.length < 5) for (let i = 0; i < makers.length; i++) walk([...prefix, i]);
  };
  walk([]);
  assert.equal(sequences, 8 + 64 + 512 + 4096 + 32768);
});

test.run();
