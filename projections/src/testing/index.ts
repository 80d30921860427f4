/**
 * Test support for read models (`@orderflow/projections/testing`): seeding orders through the
 * real command handlers, given/when/then specifications for Postgres `evolve` functions and
 * Redis projections, and the Redis test context. For tests only: production code never
 * imports it (a lint rule checks).
 */
export { seedOrders } from './seed.ts';
export { evolveSpecification, type EvolveSpecification } from './evolve-specification.ts';
export { recordedEvent, redisProjectionSpecification } from './redis-specification.ts';
export { differencesFromPostgres, setUpRedisTest, type RedisTestContext } from './redis-test-support.ts';
