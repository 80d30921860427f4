import * as assert from 'node:assert/strict';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import { suite } from 'uvu';
import { orderInput, PLACE, postGraphQL, REGISTER } from './testing/graphql.ts';
import { freePort, getJson, roleState, spawnCli, type CliProcess } from './testing/processes.ts';
import { ordersNotEndedOnce, settledOrders } from './testing/settled.ts';

const ADMIN_KEY = 'saga-failover-admin-key-0123456789';
const ORDERS = 200;
const SKUS = ['A', 'B', 'C', 'D', 'E', 'F'];

interface Context {
  database: TestDatabase;
  db: Knex;
  processes: CliProcess[];
}

const test = suite<Context>('roles in their own processes: the saga worker killed under load');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('roles');
  ctx.db = knexFactory({ client: 'pg', connection: ctx.database.url, pool: { min: 0, max: 2 } });
  ctx.processes = [];
});
test.after.each(async (ctx) => {
  await Promise.all(ctx.processes.map((p) => p.stop()));
  await ctx.db.destroy();
  await ctx.database.drop();
});

/** Spawns `orderflow serve --role <roles>` on a free port and waits until its /ready answers 200. */
async function serve(ctx: Context, roles: string): Promise<{ port: number; process: CliProcess }> {
  const port = await freePort();
  const process = spawnCli(['serve', '--role', roles], {
    DATABASE_URL: ctx.database.url,
    PORT: String(port),
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
    PAYMENT_LATENCY_MS: '5',
    PAYMENT_APPROVAL_RATE: '0.8',
  });
  ctx.processes.push(process);
  await eventually(
    `orderflow serve --role ${roles} ready`,
    async () => {
      if (process.child.exitCode !== null) throw new Error(`exited: ${process.output()}`);
      return (await getJson(port, '/ready'))?.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${process.output()}`);
  });
  return { port, process };
}

test('serve refuses a database that is not migrated, naming orderflow migrate', async (ctx) => {
  const refused = spawnCli(['serve', '--role', 'saga'], { DATABASE_URL: ctx.database.url, PORT: '0' });
  assert.equal(await refused.exited, 1);
  assert.match(refused.output(), /not current.*orderflow migrate/);
  assert.equal(refused.output().trim().split('\n').length, 1, 'one line');
});

test('kill -9 of the saga worker holding the lock: the standby takes over within 5 s, every order ends once, verify is clean', async (ctx) => {
  const migrate = spawnCli(['migrate'], { DATABASE_URL: ctx.database.url });
  assert.equal(await migrate.exited, 0, migrate.output());
  const api = await serve(ctx, 'api,projector,simulator');
  const first = await serve(ctx, 'saga');
  const second = await serve(ctx, 'saga');
  assert.equal(await roleState(first.port, 'saga'), 'running');
  await eventually(
    'the second saga worker stands by',
    async () => (await roleState(second.port, 'saga')) === 'standby',
  );

  const url = `http://127.0.0.1:${api.port}/graphql`;
  for (const sku of SKUS) await postGraphQL(url, ADMIN_KEY, REGISTER, { sku, stock: 100_000 });
  let next = 0;
  let takeoverMs = -1;
  const place = async () => {
    for (let i = next++; i < ORDERS; i = next++) {
      await postGraphQL(url, ADMIN_KEY, PLACE, { input: orderInput(i, SKUS), key: `order-${i}` });
      if (i === ORDERS / 2) {
        first.process.child.kill('SIGKILL');
        const killedAt = Date.now();
        await eventually(
          'the second saga worker takes over',
          async () => ['running', 'catching-up'].includes((await roleState(second.port, 'saga')) ?? ''),
          { timeoutMs: 10_000, intervalMs: 50 },
        );
        takeoverMs = Date.now() - killedAt;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, place));
  assert.equal(await first.process.exited, null, 'killed by the signal');
  assert.ok(takeoverMs >= 0 && takeoverMs < 5000, `taken over in ${takeoverMs} ms`);

  await eventually(
    'every order CONFIRMED or CANCELLED',
    async () => (await settledOrders(ctx.db)) === ORDERS,
    {
      timeoutMs: 60_000,
      intervalMs: 200,
    },
  );
  assert.deepEqual(await ordersNotEndedOnce(ctx.db), [], 'none ended twice (or not at all)');
  const verify = spawnCli(['projections', 'verify'], { DATABASE_URL: ctx.database.url });
  assert.equal(await verify.exited, 0, verify.output());
  assert.match(verify.output(), /order-details: identical to a rebuild/);
});

test.run();
