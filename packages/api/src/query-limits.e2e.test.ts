import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { assertRefused, assertStillServing, firstError } from './test/bad-input.ts';
import { REGISTER, startHarness, type Harness } from './test/harness.ts';
import { dashboardOperations, readmeOperations } from './test/legit-queries.ts';

/** Query bounds through the running server: refusals before execution, legitimate traffic untouched. */
const test = suite<{ h: Harness; customer: string; events: number }>('query limits');
test.before.each(async (ctx) => {
  ctx.h = await startHarness();
  await ctx.h.ok(REGISTER, { sku: 'LIM-1', stock: 10 });
  ctx.customer = await ctx.h.customerAuth('c-1');
  ctx.events = await ctx.h.eventCount();
});
test.after.each(async ({ h }) => h.close());

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'INTERNAL'];

test("the README's example session and the dashboard's queries pass", async ({ h }) => {
  for (const { name, query, variables } of [...readmeOperations(), ...dashboardOperations()]) {
    const response = await h.post({ query, variables });
    assert.ok(response.status < 500, name);
    if (/^\s*subscription\b/.test(query)) {
      // Subscriptions are served over WebSocket (their limits are tested in websocket-limits).
      assert.equal(response.body?.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', name);
      continue;
    }
    for (const error of response.body?.errors ?? [])
      assert.ok(!LIMIT_CODES.includes(error.extensions?.code ?? ''), `${name}: ${JSON.stringify(error)}`);
    assert.ok(response.body?.data !== undefined, name);
  }
});

test('issue 13: 5,000 aliases of products(first: 100) and 2,000 of sagaStats are refused unexecuted', async ({
  h,
  customer,
  events,
}) => {
  for (const authorization of [h.adminAuth, customer]) {
    const products = await h.post(
      { query: aliases(5000, 'products(first: 100) { edges { node { sku name } } }') },
      { authorization },
    );
    assert.equal(products.status, 400);
    assertRefused(products, 'QUERY_TOO_COMPLEX', { limit: 'tokens', max: 2000 });
    assert.equal(products.body?.data, null);
    assertRefused(
      await h.post({ query: aliases(2000, 'sagaStats { total }') }, { authorization }),
      'QUERY_TOO_COMPLEX',
      {
        limit: 'tokens',
      },
    );
    assertRefused(
      await h.post({ query: aliases(50, 'sagaStats { total }') }, { authorization }),
      'QUERY_TOO_COMPLEX',
      {
        limit: 'aliases',
        max: 20,
        found: 50,
      },
    );
  }
  await assertStillServing(h, events);
});

test('a mutation past a limit runs none of its fields', async ({ h, events }) => {
  const restocks = aliases(21, 'restock(sku: "LIM-1", quantity: 1) { sku }').replace('{', 'mutation {');
  assertRefused(await h.post({ query: restocks }), 'QUERY_TOO_COMPLEX', { limit: 'aliases' });
  const poisoned = `mutation($sku: String!) { a: restock(sku: "LIM-1", quantity: 1) { sku } b: restock(sku: $sku, quantity: 1) { sku } }`;
  assertRefused(await h.post({ query: poisoned, variables: { sku: 'x\u0000' } }), 'VALIDATION_FAILED', {
    field: 'sku',
    argumentOf: 'b',
  });
  await assertStillServing(h, events); // a restock would have appended an event
});

test('depth, repeated fields, directives and cost are refused with the limit that was hit', async ({
  h,
  events,
}) => {
  const deep = `{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`;
  assertRefused(await h.post({ query: deep }), 'QUERY_TOO_COMPLEX', { limit: 'depth', max: 10, found: 12 });
  assertRefused(
    await h.post({ query: `{ ${'products(first: 1) { totalCount } '.repeat(200)} }` }),
    'QUERY_TOO_COMPLEX',
    {
      limit: 'fieldRepeats',
    },
  );
  assertRefused(
    await h.post({ query: `{ sagaStats ${'@skip(if: false) '.repeat(11)} { total } }` }),
    'QUERY_TOO_COMPLEX',
    {
      limit: 'directives',
    },
  );
  const nested = `query($n: Int) { sagas(first: $n) { edges { node { steps(first: $n) { edges { node { seq detail } } } } } } }`;
  const refused = await h.post({ query: nested, variables: { n: 500 } });
  assertRefused(refused, 'QUERY_TOO_COMPLEX', { limit: 'cost', max: 50_000 });
  assert.ok(Number(firstError(refused.body).found) > 50_000);
  const small = await h.post({ query: nested, variables: { n: 5 } });
  assert.equal(small.body?.errors, undefined, 'the same query with small pages runs');
  await assertStillServing(h, events);
});

test('outside production introspection answers as before; GraphiQL is off unless asked', async ({ h }) => {
  const response = await h.post({ query: `{ __schema { queryType { name } } }` }, { authorization: null });
  assert.deepEqual(response.body, { data: { __schema: { queryType: { name: 'Query' } } } });
  assert.equal((await h.orderflow.app.inject({ method: 'GET', url: '/graphiql' })).statusCode, 404);
});

const production = suite<{ h: Harness }>('introspection in production');
production.before(async (ctx) => {
  ctx.h = await startHarness({ server: { production: true } });
});
production.after(async ({ h }) => h.close());

production('introspection needs an admin key; __typename and ordinary queries do not', async ({ h }) => {
  const customer = await h.customerAuth('c-2');
  const introspection = [
    `{ __schema { types { name } } }`,
    `{ __type(name: "Mutation") { fields { name } } }`,
  ];
  for (const authorization of [null, customer, 'Bearer of_unknown'])
    for (const query of introspection) {
      const response = await h.post({ query }, { authorization });
      assert.equal(response.status, 403, query);
      assertRefused(response, 'FORBIDDEN');
      assert.equal(response.body?.data, null, 'nothing of the schema leaks');
    }
  for (const query of introspection) assert.equal((await h.post({ query })).body?.errors, undefined, 'admin');
  const typename = await h.post(
    { query: `{ __typename products { totalCount } }` },
    { authorization: customer },
  );
  assert.deepEqual(typename.body, { data: { __typename: 'Query', products: { totalCount: 0 } } });
});

test.run();
production.run();
