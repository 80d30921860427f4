import type { EventSchema } from '@orderflow/core';

/**
 * Schemas of the order events. OrderCreated is at v3:
 * - v1 (release 0.1, the walking skeleton) had no `shippingCountry`; orders placed then ship to
 *   an unknown country (null);
 * - v2 had no `priceSource`: its lines carry the prices the client sent, unchecked, so they
 *   read as `priceSource: 'client'`. From v3 the API prices every line from the catalog.
 */
export const orderEventSchemas = {
  OrderCreated: {
    version: 3,
    upcasters: {
      1: (data) => ({ ...data, shippingCountry: null }),
      2: (data) => ({ ...data, priceSource: 'client' }),
    },
  },
  OrderConfirmed: { version: 1 },
  OrderCancelled: { version: 1 },
} as const satisfies Record<string, EventSchema>;
