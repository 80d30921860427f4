export * from './database.ts';
export * from './wait.ts';
export * from './redis.ts';
export * from './tcp-proxy.ts';
