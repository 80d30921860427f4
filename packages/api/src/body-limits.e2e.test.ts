import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import { assertStillServing } from './test/bad-input.ts';
import { startHarness, type Harness } from './test/harness.ts';
import { rawExchange, statusCodes } from './test/raw-http.ts';

/**
 * Oversized requests over a real socket: 413 (or 431) before the body is read, and the client
 * sees the answer, not a broken pipe. One server for the suite: nothing here changes state.
 */
const test = suite<{ h: Harness; port: number; events: number }>('body and header limits');
test.before(async (ctx) => {
  ctx.h = await startHarness();
  await ctx.h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  ctx.port = (ctx.h.orderflow.app.server.address() as AddressInfo).port;
});
test.before.each(async (ctx) => {
  ctx.events = await ctx.h.eventCount();
});
test.after.each(async ({ h, events }) => assertStillServing(h, events));
test.after(async ({ h }) => h.close());

const MB = 1_048_576;
const headOf = (h: Harness, headers: string[]) =>
  [
    'POST /graphql HTTP/1.1',
    'host: 127.0.0.1',
    'content-type: application/json',
    `authorization: ${h.adminAuth}`,
    ...headers,
  ].join('\r\n');
const bodyOf = (text: string) =>
  JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4, text.lastIndexOf('}') + 1));
const junk = (bytes: number) => Buffer.alloc(bytes, 'a');

test('a 20 MB body with Content-Length: 413 QUERY_TOO_COMPLEX, read to the end, no EPIPE, connection kept', async ({
  h,
  port,
}) => {
  const exchange = await rawExchange(port, headOf(h, [`content-length: ${20 * MB}`]), junk(20 * MB), {
    after: 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n',
    responses: 2,
  });
  assert.equal(exchange.error, null, `client error ${exchange.error?.code}`);
  assert.equal(exchange.written, 20 * MB, 'the whole body went out');
  assert.deepEqual(
    statusCodes(exchange.received),
    [413, 200],
    'the 413, then /health on the same connection',
  );
  const [first] = exchange.received.split('HTTP/1.1 200');
  assert.deepEqual(bodyOf(first!).errors[0].extensions, {
    code: 'QUERY_TOO_COMPLEX',
    limit: 'bodyBytes',
    max: MB,
  });
});

test('Expect: 100-continue with a too large Content-Length: 413 at once, no 100, nothing to send', async ({
  h,
  port,
}) => {
  const exchange = await rawExchange(
    port,
    headOf(h, [`content-length: ${20 * MB}`, 'expect: 100-continue']),
    null,
  );
  assert.deepEqual(statusCodes(exchange.received), [413]);
  assert.ok(!exchange.received.includes('100 Continue'));
  assert.equal(bodyOf(exchange.received).errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
  const small = await rawExchange(
    port,
    headOf(h, ['content-length: 31', 'expect: 100-continue']),
    Buffer.from('{"query":"{ __typename }"}     '),
    {
      waitBeforeBodyMs: 50,
    },
  );
  assert.deepEqual(statusCodes(small.received), [100, 200], 'a small body is continued and answered');
});

test('a chunked body that grows past the limit: 413, drained, no EPIPE', async ({ h, port }) => {
  const exchange = await rawExchange(port, headOf(h, ['transfer-encoding: chunked']), junk(3 * MB), {
    chunked: true,
  });
  assert.equal(exchange.error, null, `client error ${exchange.error?.code}`);
  assert.deepEqual(statusCodes(exchange.received), [413]);
  assert.equal(bodyOf(exchange.received).errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
});

test('a Content-Length too large even to drain (1 GB): 413, then the server closes', async ({ h, port }) => {
  const exchange = await rawExchange(port, headOf(h, [`content-length: ${1024 * MB}`]), null);
  assert.deepEqual(statusCodes(exchange.received), [413]);
  assert.match(exchange.received, /connection: close/i);
});

test('fetch with a 2 MB body gets the 413 as a response, not an exception', async ({ h, port }) => {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: h.adminAuth },
    body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2 * MB) }),
  });
  assert.equal(response.status, 413);
  assert.equal(
    ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions
      .code,
    'QUERY_TOO_COMPLEX',
  );
});

test('huge headers (20 KiB) are 431, from Node before fastify', async ({ port }) => {
  const exchange = await rawExchange(
    port,
    ['GET /health HTTP/1.1', 'host: 127.0.0.1', `x-big: ${'a'.repeat(20_000)}`].join('\r\n'),
    null,
  );
  assert.deepEqual(statusCodes(exchange.received), [431]);
});

test.run();
