/**
 * The orderflow domain: the order, inventory and payment deciders, their events, commands and
 * stream names. Pure code: no clock, randomness or I/O.
 */
export * from './orders/index.ts';
export * from './inventory/index.ts';
export * from './payments/index.ts';
export * from './promotions/index.ts';
export { CURRENCY_PATTERN, SKU_PATTERN, isCurrencyCode, isSku } from './shared/validation.ts';
export { domainEventSchemas, domainSchemaRegistry, type DomainEvent } from './schemas.ts';
export { orderEventSchemas } from './orders/upcasters.ts';
