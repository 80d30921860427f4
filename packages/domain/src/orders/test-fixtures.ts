import type { CancelOrder, ConfirmOrder, PlaceOrder } from './commands.ts';
import type { OrderCancelled, OrderConfirmed, OrderCreated } from './events.ts';

/** Test data shared by the order unit tests (not exported from the package). */
export const orderId = 'order-1';
export const placedAt = '2025-01-31T12:00:00.000Z';
export const later = '2025-01-31T12:05:00.000Z';

export const place: PlaceOrder = {
  type: 'PlaceOrder',
  data: {
    orderId,
    customerId: 'customer-7',
    lines: [
      { sku: 'MUG-BLUE', quantity: 2, unitPrice: 1250 },
      { sku: 'tea_earl.grey', quantity: 1, unitPrice: 899 },
    ],
    currency: 'EUR',
    placedAt,
    shippingCountry: 'Ireland',
  },
};

export const created: OrderCreated = {
  type: 'OrderCreated',
  data: {
    ...place.data,
    lines: place.data.lines.map((l) => ({ ...l, discount: 0 })),
    shippingCountry: 'Ireland',
    subtotal: 2 * 1250 + 899,
    discount: 0,
    coupons: [],
    total: 2 * 1250 + 899,
    receivedAt: placedAt,
    priceSource: 'catalog',
  },
};

export const confirm: ConfirmOrder = { type: 'ConfirmOrder', data: { orderId, confirmedAt: later } };
export const confirmed: OrderConfirmed = { type: 'OrderConfirmed', data: { orderId, confirmedAt: later } };

export const cancel: CancelOrder = {
  type: 'CancelOrder',
  data: { orderId, reason: 'PAYMENT_FAILED', cancelledAt: later },
};
export const cancelled: OrderCancelled = {
  type: 'OrderCancelled',
  data: { orderId, reason: 'PAYMENT_FAILED', cancelledAt: later, coupon: null },
};

/** `place` with its data changed by `patch`. */
export const placeWith = (patch: Record<string, unknown>): PlaceOrder =>
  ({ type: 'PlaceOrder', data: { ...place.data, ...patch } }) as PlaceOrder;
