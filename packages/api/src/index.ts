export * from './app.ts';
export * from './config.ts';
export * from './server.ts';
export { placeOrder } from './commands/place-order.ts';
export { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo, type NewApiKey } from './auth/api-keys.ts';
export type { Principal, Role } from './auth/principal.ts';
export { DEFAULT_LIMITS, resolveLimits, type ApiLimits, type ApiLimitsOverrides } from './limits/options.ts';
