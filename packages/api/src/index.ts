export * from './app.ts';
export { placeOrder } from './commands/place-order.ts';
export {
  apiKeysMigration,
  createApiKey,
  generateKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyInfo,
  type NewApiKey,
} from './auth/api-keys.ts';
export type { Principal, Role } from './auth/principal.ts';
export { DEFAULT_LIMITS, resolveLimits, type ApiLimits, type ApiLimitsOverrides } from './limits/options.ts';
export type { ReadModels } from './graphql/freshness.ts';
export type { CommandMeter } from './graphql/resolvers.ts';
export { publishOrderStatusChanges, publishStockAlert, type PubSub } from './graphql/subscriptions.ts';
export { numericPositionsMigration } from './migrations/numeric-positions.ts';
export type { ListProcessors, ProcessorKind, ProcessorView } from './projections/processors.ts';
