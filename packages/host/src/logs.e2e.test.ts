import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { CommandSender } from '@orderflow/sagas';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { pino } from 'pino';
import { suite } from 'uvu';
import { startOrderflow } from './orderflow.ts';
import { orderInput, PLACE, postGraphQL, REGISTER } from './testing/graphql.ts';
import { freePort, getJson, spawnCli, type CliProcess } from './testing/processes.ts';

const ADMIN_KEY = 'logs-e2e-admin-key-0123456789abcdef';

const test = suite<{ database: TestDatabase; processes: CliProcess[] }>('one JSON log stream');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('logs');
  ctx.processes = [];
});
test.after.each(async (ctx) => {
  await Promise.all(ctx.processes.map((p) => p.stop()));
  await ctx.database.drop();
});

type Line = Record<string, any>;
const parseLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(`not a JSON line on stdout: ${line}`);
      }
    });

test('orderflow serve writes only JSON lines on stdout; x-request-id becomes reqId', async (ctx) => {
  const migrate = spawnCli(['migrate'], { DATABASE_URL: ctx.database.url });
  assert.equal(await migrate.exited, 0, migrate.output());
  const port = await freePort();
  const server = spawnCli(['serve'], {
    DATABASE_URL: ctx.database.url,
    PORT: String(port),
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
    PAYMENT_LATENCY_MS: '5',
    LOG_LEVEL: 'info',
  });
  ctx.processes.push(server);
  await eventually('ready', async () => (await getJson(port, '/ready'))?.status === 200, {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'LOG-1', stock: 100 });
  await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'LOG-3', stock: 100 });
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      postGraphQL(url, ADMIN_KEY, PLACE, { input: orderInput(i, ['LOG-1', 'LOG-3']), key: `k-${i}` }),
    ),
  );
  const tagged = await fetch(`http://127.0.0.1:${port}/ready`, { headers: { 'x-request-id': 'abc' } });
  assert.equal(tagged.headers.get('x-request-id'), 'abc');
  const hostile = await fetch(`http://127.0.0.1:${port}/health`, {
    headers: { 'x-request-id': 'x'.repeat(500) },
  });
  assert.notEqual(hostile.headers.get('x-request-id'), 'x'.repeat(500), 'a long id is not taken');
  await fetch(`http://127.0.0.1:${port}/metrics`);
  await server.stop();

  const lines = parseLines(server.stdout());
  assert.ok(lines.length > 20, `lines: ${lines.length}`);
  for (const line of lines) {
    assert.equal(typeof line.level, 'number', JSON.stringify(line));
    assert.equal(typeof line.msg, 'string', JSON.stringify(line));
  }
  const abc = lines.find((l) => l.reqId === 'abc');
  assert.ok(abc, 'a line with reqId abc');
  assert.equal(abc.role, 'api');
  assert.equal(abc.url, '/ready');
  assert.equal(abc.statusCode, 200);
  const requests = lines.filter((l) => l.msg === 'request completed');
  assert.ok(requests.length >= 23);
  assert.equal(new Set(requests.map((l) => l.reqId)).size, requests.length, 'request ids are unique');
  assert.ok(lines.some((l) => l.msg === 'Orderflow listening'));
  assert.ok(lines.some((l) => l.msg === 'stopping' && l.signal === 'SIGTERM'));
});

test('a forced saga-command failure is logged with its sagaId, orderId and error', async (ctx) => {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  let failed = false;
  const wrapSender =
    (send: CommandSender): CommandSender =>
    async (command) => {
      if (command.type === 'ReserveStock' && !failed) {
        failed = true;
        throw Object.assign(new Error('stock service answered 503'), { status: 503 });
      }
      await send(command);
    };
  const orderflow = await startOrderflow({
    databaseUrl: ctx.database.url,
    adminKey: ADMIN_KEY,
    log: pino({ level: 'warn' }, sink),
    paymentSimulator: { approvalRate: 1, latencyMs: 5 },
    processManager: {
      sweepIntervalMs: 100,
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      wrapSender,
    },
  });
  try {
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await orderflow.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: { query, variables },
      });
      const body = response.json();
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data;
    };
    await post(REGISTER, { sku: 'LOG-2', stock: 5 });
    await post(REGISTER, { sku: 'LOG-4', stock: 5 });
    const { placeOrder } = await post(PLACE, { input: orderInput(1, ['LOG-2', 'LOG-4']), key: 'saga-log-1' });
    const logged = await eventually('the failure logged', () =>
      lines.find((l) => l.msg === 'saga command failed; retrying'),
    );
    assert.equal(logged.level, 40);
    assert.equal(logged.role, 'saga');
    assert.equal(logged.orderId, placeOrder.orderId);
    assert.equal(logged.sagaId, placeOrder.orderId);
    assert.equal(logged.correlationId, placeOrder.orderId);
    assert.equal(logged.commandType, 'ReserveStock');
    assert.equal(logged.err.message, 'stock service answered 503');
    assert.match(logged.err.stack, /stock service answered 503/);
  } finally {
    await orderflow.stop();
  }
});

test.run();
