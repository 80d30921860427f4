import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { assertRefused, assertStillServing } from './test/bad-input.ts';
import { REGISTER, startHarness, type Harness } from './test/harness.ts';
import { stringArgumentCases } from './test/string-arguments.ts';

/**
 * Hostile input through GraphQL over HTTP: every refusal has a catalog code (never INTERNAL),
 * no status ≥ 500, and afterwards the server still serves and the event log is unchanged. The
 * requests change nothing, so the suite shares one server (and database).
 */
const test = suite<{ h: Harness; events: number }>('bad input over HTTP');
test.before(async (ctx) => {
  ctx.h = await startHarness();
  await ctx.h.ok(REGISTER, { sku: 'BAD-1', stock: 10 });
});
test.before.each(async (ctx) => {
  ctx.events = await ctx.h.eventCount();
});
test.after.each(async ({ h, events }) => assertStillServing(h, events));
test.after(async ({ h }) => h.close());

const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input, idempotencyKey: "bad-1") { orderId } }`;
const line = (sku: string) => ({ sku, quantity: 1, unitPrice: 250 });

for (const [label, bad] of [
  ['NUL', 'a\u0000b'],
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', '\uDC00'],
  ['a reversed surrogate pair', '\uDE00\uD83D'],
] as const)
  test(`${label} in any string argument of any operation is VALIDATION_FAILED naming it`, async ({ h }) => {
    const cases = stringArgumentCases(h.orderflow.app.graphql.schema, bad);
    assert.ok(cases.length >= 40, `${cases.length} string arguments`);
    for (const c of cases)
      assertRefused(
        await h.post({ query: c.query, variables: c.variables }),
        'VALIDATION_FAILED',
        { field: c.path, argumentOf: c.field },
        `${c.kind} ${c.field} ${c.path}`,
      );
  });

test('the refusal names nested paths: input.lines[1].sku, input.shippingCountry', async ({ h }) => {
  const response = await h.post({
    query: PLACE,
    variables: { input: { customerId: 'c-1', lines: [line('BAD-1'), line('X\u0000')] } },
  });
  assert.equal(response.status, 400);
  assertRefused(response, 'VALIDATION_FAILED', {
    field: 'input.lines[1].sku',
    argumentOf: 'placeOrder',
    reason: 'NUL_CHARACTER',
  });
  assertRefused(
    await h.post({
      query: PLACE,
      variables: { input: { customerId: 'c-1', shippingCountry: 'U\uD800K', lines: [line('BAD-1')] } },
    }),
    'VALIDATION_FAILED',
    { field: 'input.shippingCountry', reason: 'UNPAIRED_SURROGATE' },
  );
});

test('NUL written into the document itself ("\\u0000" escapes) is refused too', async ({ h }) => {
  assertRefused(await h.post({ query: `{ product(sku: "a\\u0000") { sku } }` }), 'VALIDATION_FAILED', {
    field: 'sku',
  });
  assertRefused(
    await h.post({
      query: `mutation { placeOrder(input: { customerId: "c\\u0000", lines: [{ sku: "BAD-1", quantity: 1, unitPrice: 250 }] }, idempotencyKey: "k") { orderId } }`,
    }),
    'VALIDATION_FAILED',
    { field: 'input.customerId' },
  );
});

test('well-formed text outside ASCII passes: emoji (surrogate pairs), accents, CJK', async ({ h }) => {
  for (const sku of ['😀', 'CAFÉ-1', '商品-1']) {
    const response = await h.post({
      query: `query($s: String!) { product(sku: $s) { sku } }`,
      variables: { s: sku },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { data: { product: null } }, sku);
  }
});

test('a list argument longer than the limit is VALIDATION_FAILED (LIST_TOO_LONG)', async ({ h }) => {
  const lines = Array.from({ length: 1001 }, (_, i) => line(`SKU-${i}`));
  assertRefused(
    await h.post({ query: PLACE, variables: { input: { customerId: 'c-1', lines } } }),
    'VALIDATION_FAILED',
    {
      field: 'input.lines',
      reason: 'LIST_TOO_LONG',
    },
  );
});

test('variables of the wrong type, missing or malformed are VALIDATION_FAILED', async ({ h }) => {
  const first = `query($n: Int) { products(first: $n) { totalCount } }`;
  for (const variables of [{ n: 'ten' }, { n: 2 ** 40 }, { n: 1.5 }, { n: [1] }, { n: { x: 1 } }])
    assertRefused(
      await h.post({ query: first, variables }),
      'VALIDATION_FAILED',
      {},
      JSON.stringify(variables),
    );
  assertRefused(await h.post({ query: PLACE, variables: {} }), 'VALIDATION_FAILED', {}, 'missing');
  assertRefused(await h.post({ query: PLACE }), 'VALIDATION_FAILED', {}, 'no variables');
  assertRefused(
    await h.post({
      query: PLACE,
      variables: { input: { customerId: 'c', lines: [{ sku: 'BAD-1', quantity: '1' }] } },
    }),
    'VALIDATION_FAILED',
    {},
    'nested wrong type',
  );
  for (const variables of ['{"n":1}', [1], 7])
    assertRefused(
      await h.post({ query: first, variables }),
      'VALIDATION_FAILED',
      {},
      JSON.stringify(variables),
    );
});

test('unknown operations, fields and syntax errors are VALIDATION_FAILED', async ({ h }) => {
  const two = `query A { products { totalCount } } query B { products { totalCount } }`;
  for (const [payload, label] of [
    [{ query: '{ products { totalCount } }', operationName: 'Nope' }, 'unknown operationName'],
    [{ query: two }, 'two operations, no operationName'],
    [{ query: two, operationName: 'C' }, 'two operations, unknown name'],
    [{ query: '{ nope }' }, 'unknown field'],
    [{ query: '{ products { totalCount }' }, 'syntax error'],
    [{ query: '' }, 'empty query'],
    [{}, 'no query'],
    [{ query: 42 }, 'query not a string'],
    [{ query: '{"kind":"Document","definitions":[]}' }, 'a JSON AST as query'],
    [{ query: 'subscription { sagaUpdated { id } }' }, 'a subscription over HTTP'],
    [{ query: '{ products { totalCount } }', operationName: 7 }, 'operationName not a string'],
  ] as const)
    assertRefused(await h.post(payload), 'VALIDATION_FAILED', {}, label);
  const named = await h.post({ query: two, operationName: 'B' });
  assert.deepEqual(named.body, { data: { products: { totalCount: 1 } } }, 'a named operation runs');
});

test('batched queries (an array of operations) are refused', async ({ h }) => {
  const response = await h.post([
    { query: '{ products { totalCount } }' },
    { query: '{ products { totalCount } }' },
  ]);
  assert.equal(response.status, 400);
  assertRefused(response, 'VALIDATION_FAILED');
});

test('bodies: wrong content types, invalid JSON, invalid UTF-8 are 4xx with a clear error', async ({ h }) => {
  const send = (payload: string | Buffer, contentType?: string) =>
    h.post(payload, { headers: contentType ? { 'content-type': contentType } : {} });
  const json = 'application/json';
  const cases: Array<[string | Buffer, string | undefined, number, string]> = [
    ['{ products { totalCount } }', 'text/plain', 400, 'text/plain'],
    ['<query/>', 'application/xml', 415, 'xml'],
    ['--b\r\n\r\n--b--', 'multipart/form-data; boundary=b', 415, 'multipart'],
    ['{"query":', json, 400, 'truncated JSON'],
    ['', json, 400, 'empty JSON body'],
    ['"{ products { totalCount } }"', json, 400, 'a JSON string'],
    ['null', json, 400, 'JSON null'],
    ['{"query":"{ products { totalCount } }","__proto__":{"x":1}}', json, 400, 'prototype poisoning'],
    [
      Buffer.from('{"query":"{ product(sku: \\"\xff\xfe\\") { sku } }"}', 'latin1'),
      json,
      400,
      'invalid UTF-8',
    ],
    [Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), json, 400, 'a UTF-8 BOM'],
  ];
  for (const [payload, contentType, status, label] of cases) {
    const response = await send(payload, contentType);
    assert.equal(response.status, status, `${label}: ${JSON.stringify(response.body)}`);
    assertRefused(response, 'VALIDATION_FAILED', {}, label);
    assert.ok(response.body?.errors?.[0]?.message, label);
  }
  const utf8 = await send(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), json);
  assert.equal(utf8.body?.errors?.[0]?.message, 'the request body is not valid UTF-8');
});

test('GET: an unknown operation or a mutation is refused, a query answers', async ({ h }) => {
  const get = async (query: string) => {
    const response = await h.orderflow.app.inject({
      method: 'GET',
      url: `/graphql?${query}`,
      headers: { authorization: h.adminAuth },
    });
    return { status: response.statusCode, body: response.json() };
  };
  const q = encodeURIComponent('{ products { totalCount } }');
  assertRefused(await get(`query=${q}&operationName=X`), 'VALIDATION_FAILED', { field: 'operationName' });
  const mutation = encodeURIComponent('mutation { restock(sku: "BAD-1", quantity: 1) { sku } }');
  const refusedMutation = await get(`query=${mutation}`);
  assert.equal(refusedMutation.status, 405);
  assertRefused(refusedMutation, 'VALIDATION_FAILED');
  assertRefused(await get(`query=${q}&variables=%7Bx`), 'VALIDATION_FAILED', {}, 'malformed variables');
  const ok = await get(`query=${q}`);
  assert.deepEqual(ok, { status: 200, body: { data: { products: { totalCount: 1 } } } });
});

test.run();
