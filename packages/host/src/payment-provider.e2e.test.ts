import * as assert from 'node:assert/strict';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { freePort, getJson, spawnCli, type CliProcess } from './testing/processes.ts';

const ADMIN_KEY = 'payment-provider-admin-key-0123456789';
const test = suite<{ database: TestDatabase; processes: CliProcess[] }>(
  'orderflow serve in production: the payment provider is chosen, never defaulted',
);
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('payprov');
  ctx.processes = [];
});
test.after.each(async (ctx) => {
  await Promise.all(ctx.processes.map((p) => p.stop()));
  await ctx.database.drop();
});

test('NODE_ENV=production without PAYMENT_PROVIDER refuses to start with a one-line reason', async (ctx) => {
  const serve = spawnCli(['serve'], {
    DATABASE_URL: ctx.database.url,
    PORT: String(await freePort()),
    NODE_ENV: 'production',
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
  });
  ctx.processes.push(serve);
  assert.equal(await serve.exited, 1, serve.output());
  const lines = serve.output().trim().split('\n');
  assert.equal(lines.length, 1, serve.output());
  assert.match(
    lines[0]!,
    /^PAYMENT_PROVIDER is not set: NODE_ENV=production needs the payment provider chosen/,
  );
});

test('NODE_ENV=production with PAYMENT_PROVIDER=simulator starts with the simulator role and warns that no money moves', async (ctx) => {
  const migrate = spawnCli(['migrate'], { DATABASE_URL: ctx.database.url });
  assert.equal(await migrate.exited, 0, migrate.output());
  const port = await freePort();
  const serve = spawnCli(['serve'], {
    DATABASE_URL: ctx.database.url,
    PORT: String(port),
    NODE_ENV: 'production',
    PAYMENT_PROVIDER: 'simulator',
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
  });
  ctx.processes.push(serve);
  await eventually(
    'ready',
    async () => {
      if (serve.child.exitCode !== null) throw new Error(`exited: ${serve.output()}`);
      return (await getJson(port, '/ready'))?.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const ready = await getJson(port, '/ready');
  assert.ok(
    ready!.body.roles.some((r: { role: string }) => r.role === 'simulator'),
    'the simulator runs',
  );
  const warning = serve
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .find((line) => /PAYMENT_PROVIDER=simulator in production/.test(line.msg));
  assert.equal(warning?.level, 40, serve.output());
});

test.run();
