import type { EventSchema } from '@orderflow/core';

/**
 * Schemas of the order events. OrderCreated is at v5:
 * - v1 (release 0.1, the walking skeleton) had no `shippingCountry`; orders placed then ship to
 *   an unknown country (null);
 * - v2 had no `priceSource`: its lines carry the prices the client sent, unchecked, so they
 *   read as `priceSource: 'client'`. From v3 the API prices every line from the catalog;
 * - v3 had no coupons: subtotal = total, no discount on any line;
 * - v4 had no `receivedAt`: `placedAt` was always the API's clock when it took the order, so
 *   `receivedAt` = `placedAt`.
 * OrderCancelled is at v2: v1 had no `coupon` (no cancellation named one).
 */
export const orderEventSchemas = {
  OrderCreated: {
    version: 5,
    upcasters: {
      1: (data) => ({ ...data, shippingCountry: null }),
      2: (data) => ({ ...data, priceSource: 'client' }),
      3: (data) => ({
        ...data,
        lines: (data.lines as Array<Record<string, unknown>>).map((l) => ({ ...l, discount: 0 })),
        subtotal: data.total,
        discount: 0,
        coupons: [],
      }),
      4: (data) => ({ ...data, receivedAt: data.placedAt }),
    },
  },
  OrderConfirmed: { version: 1 },
  OrderCancelled: { version: 2, upcasters: { 1: (data) => ({ ...data, coupon: null }) } },
  OrderShipped: { version: 1 },
  OrderDelivered: { version: 1 },
  OrderRefundRequested: { version: 1 },
  OrderRefunded: { version: 1 },
  OrderRefundDeclined: { version: 1 },
} as const satisfies Record<string, EventSchema>;
