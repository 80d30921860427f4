import type { EventSchema } from '@orderflow/core';

/**
 * Schemas of the order events. OrderCreated is at v2: release 0.1 (the walking skeleton) wrote
 * v1 without `shippingCountry`; orders placed then ship to an unknown country (null).
 */
export const orderEventSchemas = {
  OrderCreated: {
    version: 2,
    upcasters: { 1: (data) => ({ ...data, shippingCountry: null }) },
  },
  OrderConfirmed: { version: 1 },
  OrderCancelled: { version: 1 },
} as const satisfies Record<string, EventSchema>;
