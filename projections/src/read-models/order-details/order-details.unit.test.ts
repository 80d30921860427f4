import type { OrderCancellationReason } from '@orderflow/domain';
import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { evolveOrderRow, type OrderDetailsEvent, type OrderRow } from './row.ts';

const spec = evolveSpecification<OrderRow | null, OrderDetailsEvent>(evolveOrderRow, null);
const orderId = 'o-1';
const created: OrderDetailsEvent = {
  type: 'OrderCreated',
  data: {
    orderId,
    customerId: 'c-1',
    lines: [{ sku: 'MUG', quantity: 2, unitPrice: 500, discount: 0 }],
    subtotal: 1000,
    discount: 0,
    coupons: [],
    total: 1000,
    currency: 'EUR',
    placedAt: '2025-01-31T11:59:00.000Z',
    receivedAt: '2025-01-31T11:59:00.000Z',
    shippingCountry: 'FR',
    priceSource: 'catalog',
  },
};
const requested: OrderDetailsEvent = {
  type: 'PaymentRequested',
  data: { paymentId: orderId, orderId, amount: 1000, currency: 'EUR', requestedAt: '2025-01-31T12:00:00Z' },
};
const confirmed: OrderDetailsEvent = {
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: '2025-01-31T12:01:00Z' },
};
const cancelled = (reason: OrderCancellationReason): OrderDetailsEvent => ({
  type: 'OrderCancelled',
  data: { orderId, reason, cancelledAt: '2025-01-31T12:02:00Z', coupon: null },
});

test('OrderCreated makes a PENDING row with the order as placed', () => {
  spec
    .given([])
    .when(created)
    .then({
      orderId,
      customerId: 'c-1',
      status: 'PENDING',
      cancellationReason: null,
      total: 1000,
      currency: 'EUR',
      shippingCountry: 'FR',
      lines: created.data.lines,
      createdAt: new Date('2025-01-31T11:59:00.000Z'),
    });
});

test('a repeated OrderCreated leaves the row alone', () => {
  spec.given([created]).when(created).thenUnchanged();
});

test('PaymentRequested moves PENDING to AWAITING_PAYMENT, and only PENDING', () => {
  spec.given([created]).when(requested).then({ status: 'AWAITING_PAYMENT' });
  spec
    .given([created, cancelled('OUT_OF_STOCK')])
    .when(requested)
    .thenUnchanged();
});

test('OrderConfirmed confirms unless cancelled', () => {
  spec.given([created, requested]).when(confirmed).then({ status: 'CONFIRMED', cancellationReason: null });
  spec
    .given([created, cancelled('PAYMENT_FAILED')])
    .when(confirmed)
    .thenUnchanged();
});

test('OrderCancelled cancels with its reason unless confirmed', () => {
  spec
    .given([created, requested])
    .when(cancelled('PAYMENT_TIMEOUT'))
    .then({ status: 'CANCELLED', cancellationReason: 'PAYMENT_TIMEOUT' });
  spec.given([created, requested, confirmed]).when(cancelled('CUSTOMER_CANCELLED')).thenUnchanged();
});

const refunded = (refundedTotal: number, fullyRefunded: boolean): OrderDetailsEvent => ({
  type: 'OrderRefunded',
  data: {
    orderId,
    refundId: `r-${refundedTotal}`,
    lines: [{ sku: 'MUG', quantity: 1, amount: 500 }],
    amount: 500,
    currency: 'EUR',
    refundedTotal,
    fullyRefunded,
    reason: 'broken',
    restockOnReturn: false,
    providerRef: 'rf',
    refundedAt: '2025-02-01T10:00:00Z',
  },
});
const shipped: OrderDetailsEvent = {
  type: 'OrderShipped',
  data: { orderId, carrier: 'RM', trackingNumber: 'T1', shippedAt: '2025-02-01T09:00:00Z' },
};

test('OrderRefunded: PARTIALLY_REFUNDED with the amount so far, then REFUNDED; a repeat changes nothing', () => {
  spec
    .given([created, confirmed])
    .when(refunded(500, false))
    .then({ status: 'PARTIALLY_REFUNDED', refundedAmount: 500 });
  spec
    .given([created, confirmed, refunded(500, false)])
    .when(refunded(500, false))
    .thenUnchanged();
  spec
    .given([created, confirmed, shipped, refunded(500, false)])
    .when(refunded(1000, true))
    .then({ status: 'REFUNDED', refundedAmount: 1000 });
  spec
    .given([created, cancelled('PAYMENT_FAILED')])
    .when(refunded(500, false))
    .thenUnchanged();
});

test('a partly refunded order still records its shipment and delivery', () => {
  spec
    .given([created, confirmed, refunded(500, false)])
    .when(shipped)
    .then({
      status: 'PARTIALLY_REFUNDED',
      shipment: { carrier: 'RM', trackingNumber: 'T1', shippedAt: '2025-02-01T09:00:00Z' },
    });
  spec
    .given([created, confirmed, refunded(500, false), shipped])
    .when({ type: 'OrderDelivered', data: { orderId, deliveredAt: '2025-02-02T09:00:00Z' } })
    .then({ status: 'PARTIALLY_REFUNDED', deliveredAt: new Date('2025-02-02T09:00:00Z') });
});

test('events before OrderCreated make no row', () => {
  spec.given([]).when(confirmed).then(null);
  spec.given([requested]).when(cancelled('OUT_OF_STOCK')).then(null);
});

test.run();
