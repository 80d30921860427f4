import { newId, type NewEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';

const COUNTRIES = ['United Kingdom', 'France', 'EIRE', null] as const;

/**
 * Appends the events of `orders` orders over `skus` products, as the running system would:
 * products registered and stocked, then per order OrderCreated, StockReserved, PaymentRequested,
 * and OrderConfirmed + StockCommitted (3 of 4 orders) or OrderCancelled + StockReleased.
 * Placed on consecutive days from 2011-01-01. Test data for the projection tests and benchmark.
 * @returns the number of events appended.
 */
export async function seedOrders(
  store: EventStore,
  orders: number,
  { skus = 20, startAt = 0, appendSize = 1 }: { skus?: number; startAt?: number; appendSize?: number } = {},
): Promise<number> {
  let appended = 0;
  const skuOf = (i: number) => `SKU-${i % skus}`;
  if (startAt === 0) {
    for (let s = 0; s < skus; s++) {
      const sku = skuOf(s);
      await store.appendToStream(`inventory-${sku}`, [
        {
          id: newId(),
          type: 'ProductRegistered',
          data: { sku, name: `Product ${s}`, unitPrice: 100 + s, currency: 'GBP' },
        },
        { id: newId(), type: 'StockAdded', data: { sku, quantity: 1_000_000 } },
      ]);
      appended += 2;
    }
  }
  const pending: Array<Promise<unknown>> = [];
  for (let i = startAt; i < startAt + orders; i++) {
    const orderId = newId();
    const sku = skuOf(i);
    const quantity = 1 + (i % 4);
    const confirmed = i % 4 !== 3;
    const placedAt = new Date(Date.UTC(2011, 0, 1 + (i % 60), 10)).toISOString();
    const order: NewEvent[] = [
      {
        id: newId(),
        type: 'OrderCreated',
        data: {
          orderId,
          customerId: `c-${i % 50}`,
          lines: [{ sku, quantity, unitPrice: 250, discount: 0 }],
          subtotal: quantity * 250,
          discount: 0,
          coupons: [],
          total: quantity * 250,
          priceSource: 'catalog',
          currency: 'GBP',
          placedAt,
          receivedAt: placedAt,
          shippingCountry: COUNTRIES[i % COUNTRIES.length],
        },
      },
    ];
    const stock: NewEvent[] = [{ id: newId(), type: 'StockReserved', data: { sku, orderId, quantity } }];
    const payment: NewEvent[] = [
      {
        id: newId(),
        type: 'PaymentRequested',
        data: { paymentId: orderId, orderId, amount: quantity * 250, currency: 'GBP', requestedAt: placedAt },
      },
    ];
    order.push(
      confirmed
        ? { id: newId(), type: 'OrderConfirmed', data: { orderId, confirmedAt: placedAt } }
        : {
            id: newId(),
            type: 'OrderCancelled',
            data: { orderId, reason: 'PAYMENT_FAILED', cancelledAt: placedAt, coupon: null },
          },
    );
    stock.push({
      id: newId(),
      type: confirmed ? 'StockCommitted' : 'StockReleased',
      data: { sku, orderId, quantity },
    });
    pending.push(
      store.appendToStream(`order-${orderId}`, order),
      store.appendToStream(`payment-${orderId}`, payment),
      store.appendToStream(`inventory-${sku}`, stock),
    );
    appended += 5;
    if (pending.length >= 3 * appendSize) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return appended;
}
