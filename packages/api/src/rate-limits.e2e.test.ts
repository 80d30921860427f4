import * as assert from 'node:assert/strict';
import { createRedisClient } from '@orderflow/projections';
import { testRedisUrl, uniqueSuffix } from '@orderflow/testing';
import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import { buildApp } from './app.ts';
import { hashKey } from './auth/api-keys.ts';
import type { RateLimits } from './limits/options.ts';
import { assertRefused, assertStillServing } from './test/bad-input.ts';
import { REGISTER, startHarness, type Harness } from './test/harness.ts';

/** Per-key request budgets: mutations and queries apart, anonymous callers by IP, 429 + Retry-After. */
const test = suite<{ h: Harness }>('rate limits');
const small: Partial<RateLimits> = {
  queries: 3,
  mutations: 2,
  anonymous: 2,
  windowMs: 60_000,
  exemptAdmin: false,
};
test.before.each(async (ctx) => {
  ctx.h = await startHarness({ server: { limits: { rate: small } } });
});
test.after.each(async ({ h }) => h.close());

const QUERY = { query: '{ products(first: 1) { totalCount } }' };
const place = (customerId: string, key: string) => ({
  query: `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { orderId } }`,
  variables: { input: { customerId, lines: [{ sku: 'RL-1', quantity: 1, unitPrice: 250 }] }, key },
});

test('a key past its query budget gets 429, Retry-After and RATE_LIMITED; its mutations and other keys go on', async ({
  h,
}) => {
  await h.ok(REGISTER, { sku: 'RL-1', stock: 100 }); // one of the admin's two mutations
  const alice = await h.customerAuth('alice');
  const bob = await h.customerAuth('bob');
  for (let i = 0; i < 3; i++) assert.equal((await h.post(QUERY, { authorization: alice })).status, 200);
  const refused = await h.post(QUERY, { authorization: alice });
  assert.equal(refused.status, 429);
  assertRefused(refused, 'RATE_LIMITED', { limit: 'queries', max: 3 });
  const retryAfter = Number(refused.headers['retry-after']);
  assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
  assert.equal(refused.body?.errors?.[0]?.extensions?.retryAfterSeconds, retryAfter);
  assert.equal(refused.headers['x-ratelimit-remaining'], '0');

  // Orders placed, not the whole log: the process manager appends to it as the orders go on.
  const events = await h.eventCount('OrderCreated');
  for (const key of ['a-1', 'a-2'])
    assert.equal((await h.post(place('alice', key), { authorization: alice })).status, 200);
  const third = await h.post(place('alice', 'a-3'), { authorization: alice });
  assertRefused(third, 'RATE_LIMITED', { limit: 'mutations', max: 2 });
  assert.equal(await h.eventCount('OrderCreated'), events + 2, 'the refused mutation appended nothing');

  assert.equal((await h.post(QUERY, { authorization: bob })).status, 200, "bob's budget is his own");
});

test('without a valid key, requests share a budget per IP address, unknown keys included', async ({ h }) => {
  for (const authorization of [null, 'Bearer of_made-up-1'])
    assert.equal(firstCode(await h.post(QUERY, { authorization })), 'UNAUTHENTICATED');
  const refused = await h.post(QUERY, { authorization: 'Bearer of_made-up-2' });
  assert.equal(refused.status, 429);
  assertRefused(refused, 'RATE_LIMITED', { limit: 'anonymous', max: 2 });
  assert.equal((await h.post(QUERY)).status, 200, 'the admin key has its own budget');
});

test('admin keys are limited when not exempt; /health never is', async ({ h }) => {
  for (let i = 0; i < 3; i++) await h.post(QUERY);
  assertRefused(await h.post(QUERY), 'RATE_LIMITED', { limit: 'queries' });
  for (let i = 0; i < 10; i++)
    assert.equal((await h.orderflow.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
});

const firstCode = (response: { body: { errors?: Array<{ extensions?: { code?: string } }> } | null }) =>
  response.body?.errors?.[0]?.extensions?.code;

const options = suite<{ h: Harness }>('rate limit options');
options.after.each(async ({ h }) => h.close());

options(
  'by default admin keys are exempt (loads, benchmarks); RATE_LIMIT=false lifts every budget',
  async (ctx) => {
    ctx.h = await startHarness({ server: { limits: { rate: { ...small, exemptAdmin: true } } } });
    for (let i = 0; i < 10; i++) assert.equal((await ctx.h.post(QUERY)).status, 200);
    const customer = await ctx.h.customerAuth('c-1');
    for (let i = 0; i < 3; i++) await ctx.h.post(QUERY, { authorization: customer });
    assert.equal((await ctx.h.post(QUERY, { authorization: customer })).status, 429);
    await ctx.h.close();
    ctx.h = await startHarness({ server: { limits: { rate: { ...small, enabled: false } } } });
    const other = await ctx.h.customerAuth('c-2');
    for (let i = 0; i < 10; i++)
      assert.equal((await ctx.h.post(QUERY, { authorization: other })).status, 200);
  },
);

/** A second API process on the same database, counting in the given Redis. */
const apiOn = (h: Harness, redis: ReturnType<typeof createRedisClient> | null, keyPrefix: string) =>
  buildApp({
    db: h.orderflow.db,
    store: h.orderflow.store,
    adminKey: h.adminKey,
    readModels: {
      waitFor: async () => true,
      status: async () => [],
      queries: {} as never,
      redisServes: () => false,
    },
    limits: { rate: small },
    rateLimitStore: redis && { redis, keyPrefix },
  });

options(
  'with Redis, API processes share the budgets (keys <prefix>:rate-limit:<budget>:<sha256>)',
  async (ctx) => {
    ctx.h = await startHarness();
    const redis = createRedisClient(testRedisUrl());
    const prefix = `test-${uniqueSuffix()}`;
    const apps: FastifyInstance[] = [await apiOn(ctx.h, redis, prefix), await apiOn(ctx.h, redis, prefix)];
    try {
      const customer = await ctx.h.customerAuth('c-3');
      const send = (app: FastifyInstance) =>
        app.inject({ method: 'POST', url: '/graphql', headers: { authorization: customer }, payload: QUERY });
      const statuses = [];
      for (const app of [apps[0]!, apps[1]!, apps[0]!, apps[1]!]) statuses.push((await send(app)).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const key = `${prefix}:rate-limit:queries:${hashKey(customer.slice('Bearer '.length))}`;
      assert.equal(await redis.get(key), '4');
      assert.ok((await redis.pttl(key)) > 0, 'the window expires');
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await redis.quit();
    }
  },
);

options('while Redis is unreachable requests pass (the API keeps serving)', async (ctx) => {
  ctx.h = await startHarness();
  const events = await ctx.h.eventCount();
  const down = createRedisClient('redis://127.0.0.1:1', { retryStrategy: () => null });
  const app = await apiOn(ctx.h, down, 'test-down');
  try {
    for (let i = 0; i < 5; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: ctx.h.adminAuth },
        payload: QUERY,
      });
      assert.equal(response.statusCode, 200);
    }
  } finally {
    await app.close();
    down.disconnect();
  }
  await assertStillServing(ctx.h, events);
});

test.run();
options.run();
