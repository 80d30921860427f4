/**
 * The GraphQL-over-HTTP spec's reference audit (graphql-http's `serverAudits`) against the real
 * server listening on a port, with an admin key: every MUST and SHOULD passes. Then the media
 * types one by one, and the API's own answer without an Accept header, which other tests and
 * clients rely on (400 and `data: null` for a refused document).
 */
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { auditServer, type AuditResult } from 'graphql-http';
import { suite } from 'uvu';
import { assertRefused } from './test/bad-input.ts';
import { startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness; url: string }>('GraphQL over HTTP (graphql-http audit)');
test.before(async (ctx) => {
  ctx.h = await startHarness();
  await ctx.h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  ctx.url = `http://127.0.0.1:${(ctx.h.orderflow.app.server.address() as AddressInfo).port}/graphql`;
});
test.after(async ({ h }) => h.close());

/** `fetch` with the admin key added to whatever headers the audit sends. */
const withKey =
  (authorization: string): typeof fetch =>
  (input, init = {}) =>
    fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), authorization } });

const tally = (results: AuditResult[], level: string) => {
  const of = results.filter((r) => r.name.startsWith(`${level} `));
  return `${of.filter((r) => r.status === 'ok').length}/${of.length}`;
};

test('serverAudits: no error (MUST) and no warning (SHOULD)', async ({ h, url }) => {
  const results = await auditServer({ url, fetchFn: withKey(h.adminAuth) });
  const failed = results.filter((r) => r.status === 'error' || r.status === 'warn');
  assert.deepEqual(
    failed.map((r) => `${r.status} ${r.name}: ${r.status === 'ok' ? '' : r.reason}`),
    [],
  );
  const must = results.filter((r) => r.name.startsWith('MUST ')).length;
  const should = results.filter((r) => r.name.startsWith('SHOULD ')).length;
  assert.ok(must >= 13 && should >= 23, `${must} MUST and ${should} SHOULD audits ran`);
  process.stdout.write(
    `\n  audit: MUST ${tally(results, 'MUST')}, SHOULD ${tally(results, 'SHOULD')}, MAY ${tally(results, 'MAY')}\n`,
  );
});

const post = (h: Harness, payload: unknown, accept?: string) =>
  h.post(payload, { headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) } });

test('"extensions": null is taken as no extensions', async ({ h }) => {
  const response = await post(h, { query: '{ __typename }', extensions: null }, 'application/json');
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { data: { __typename: 'Query' } });
});

test('application/graphql-response+json: served when asked; a refused document is 400 with no data entry', async ({
  h,
}) => {
  const accept = 'application/graphql-response+json, application/json;q=0.9';
  const ok = await post(h, { query: '{ __typename }' }, accept);
  assert.equal(ok.status, 200);
  assert.match(String(ok.headers['content-type']), /^application\/graphql-response\+json; charset=utf-8$/);
  assert.match(String(ok.headers.vary), /accept/i);
  const refused = await post(h, { query: '{ noSuchField }' }, accept);
  assert.equal(refused.status, 400);
  assert.match(String(refused.headers['content-type']), /^application\/graphql-response\+json/);
  assertRefused(refused, 'VALIDATION_FAILED');
  assert.equal('data' in (refused.body ?? {}), false, JSON.stringify(refused.body));
});

test('Accept application/json: a refused well-formed request is 200 with its coded errors; a malformed one 400', async ({
  h,
}) => {
  const refused = await post(h, { query: '{ noSuchField }' }, 'application/json');
  assert.equal(refused.status, 200);
  assert.match(String(refused.headers['content-type']), /^application\/json/);
  assertRefused(refused, 'VALIDATION_FAILED');
  assert.equal(refused.body?.data, null);
  const malformed = await post(h, { variables: {} }, 'application/json');
  assert.equal(malformed.status, 400);
  assertRefused(malformed, 'VALIDATION_FAILED');
});

test('no Accept header: application/json, and a refused document keeps its 400 and data: null', async ({
  h,
}) => {
  const refused = await post(h, { query: '{ noSuchField }' });
  assert.equal(refused.status, 400);
  assert.match(String(refused.headers['content-type']), /^application\/json/);
  assertRefused(refused, 'VALIDATION_FAILED');
  assert.equal(refused.body?.data, null);
});

test.run();
