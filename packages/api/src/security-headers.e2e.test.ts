/**
 * Security headers on every response of the running server: the dashboard's shell and assets,
 * GraphiQL, GraphQL over HTTP (answers and refusals), health and a 404 all carry the CSP
 * ('self' only, frame-ancestors 'none') and helmet's other headers.
 */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIST, isDashboardBuilt } from '@orderflow/dashboard';
import { suite } from 'uvu';
import { cspHeader, CONTENT_SECURITY_POLICY, GRAPHIQL_CONTENT_SECURITY_POLICY } from './security-headers.ts';
import { startHarness, type Harness } from './test/harness.ts';

const test = suite<{ h: Harness }>('security headers');
test.before(async (ctx) => {
  ctx.h = await startHarness({ server: { graphiql: true } });
});
test.after(async ({ h }) => h.close());

const STRICT = cspHeader(CONTENT_SECURITY_POLICY);

/** Asserts the headers every response carries, with `csp` as its policy. */
function assertSecured(headers: Record<string, unknown>, csp: string, label: string) {
  assert.equal(headers['content-security-policy'], csp, label);
  assert.match(csp, /(^|;)default-src 'self'(;|$)/, label);
  assert.match(csp, /(^|;)script-src 'self'(;|$)/, label);
  assert.match(csp, /(^|;)frame-ancestors 'none'(;|$)/, label);
  assert.doesNotMatch(csp, /https?:|\*/, `${label}: no other origin`);
  assert.equal(headers['x-frame-options'], 'DENY', label);
  assert.equal(headers['x-content-type-options'], 'nosniff', label);
  assert.equal(headers['referrer-policy'], 'no-referrer', label);
  assert.equal(headers['cross-origin-opener-policy'], 'same-origin', label);
}

test('the dashboard: shell, client route, hashed asset', async ({ h }) => {
  assert.ok(isDashboardBuilt(), 'the dashboard is built (pnpm --filter @orderflow/dashboard build)');
  const asset = readdirSync(join(DASHBOARD_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
  for (const url of ['/dashboard/', '/dashboard/sagas/x', `/dashboard/assets/${asset}`, '/dashboard']) {
    const response = await h.orderflow.app.inject(url);
    assert.ok(response.statusCode < 400, `${url}: ${response.statusCode}`);
    assertSecured(response.headers, STRICT, url);
  }
  const shell = await h.orderflow.app.inject('/dashboard/');
  assert.doesNotMatch(shell.body, /https?:\/\//, 'the shell loads nothing from another host');
});

test("GraphiQL: its page, with Monaco's run-time styles allowed and nothing else", async ({ h }) => {
  const page = await h.orderflow.app.inject('/graphiql');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<script type="module" crossorigin src="\/dashboard\/assets\/graphiql-/);
  assert.doesNotMatch(page.body, /https?:\/\//, 'no CDN');
  const relaxed = cspHeader(GRAPHIQL_CONTENT_SECURITY_POLICY);
  assertSecured(page.headers, relaxed, '/graphiql');
  assert.match(relaxed, /(^|;)style-src 'self' 'unsafe-inline'(;|$)/);
});

test('GraphQL answers and refusals, health, a 404', async ({ h }) => {
  const responses = {
    'POST /graphql': await h.orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: h.adminAuth },
      payload: { query: '{ __typename }' },
    }),
    'POST /graphql without a key': await h.orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ products { totalCount } }' },
    }),
    'POST /graphql refused': await h.orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{' },
    }),
    'GET /graphql': await h.orderflow.app.inject({
      url: '/graphql?query=%7B__typename%7D',
      headers: { authorization: h.adminAuth },
    }),
    'GET /health': await h.orderflow.app.inject('/health'),
    'GET /nowhere': await h.orderflow.app.inject('/nowhere'),
  };
  for (const [label, response] of Object.entries(responses)) assertSecured(response.headers, STRICT, label);
  assert.equal(responses['POST /graphql'].statusCode, 200);
  assert.equal(responses['GET /nowhere'].statusCode, 404);
});

test.run();
