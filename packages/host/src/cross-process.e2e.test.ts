import * as assert from 'node:assert/strict';
import { subscribe } from '@orderflow/api/testing';
import { deterministicId } from '@orderflow/core';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, postGraphQL, REGISTER } from './testing/graphql.ts';
import { freePort, getJson, spawnCli, type CliProcess } from './testing/processes.ts';

const ADMIN_KEY = 'cross-process-admin-key-0123456789';

const test = suite<{ database: TestDatabase; processes: CliProcess[] }>(
  'the API in other processes than the projector and the saga worker',
);
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('xproc');
  ctx.processes = [];
});
test.after.each(async (ctx) => {
  await Promise.all(ctx.processes.map((p) => p.stop()));
  await ctx.database.drop();
});

async function serve(ctx: { database: TestDatabase; processes: CliProcess[] }, args: string[]) {
  const port = await freePort();
  const process = spawnCli(['serve', ...args], {
    DATABASE_URL: ctx.database.url,
    PORT: String(port),
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
    PAYMENT_LATENCY_MS: '5',
    PAYMENT_APPROVAL_RATE: '1',
  });
  ctx.processes.push(process);
  await eventually(
    `serve ${args.join(' ')} ready`,
    async () => {
      if (process.child.exitCode !== null) throw new Error(`exited: ${process.output()}`);
      return (await getJson(port, '/ready'))?.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${process.output()}`);
  });
  return port;
}

test('minPosition waits on the checkpoints and orderStatusChanged reaches two API workers of another process', async (ctx) => {
  const migrate = spawnCli(['migrate'], { DATABASE_URL: ctx.database.url });
  assert.equal(await migrate.exited, 0, migrate.output());
  const roles = await serve(ctx, ['--role', 'projector,saga', '--role', 'simulator']);
  const api = await serve(ctx, ['--role', 'api', '--api-workers', '2']);
  const probes = await getJson(roles, '/ready');
  assert.deepEqual(
    probes!.body.roles.map((r: { role: string }) => r.role),
    ['projector', 'saga', 'simulator'],
  );

  const url = `http://127.0.0.1:${api}/graphql`;
  await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'MUG-1', stock: 10 });
  const orderId = deterministicId('order', 'c-1', 'k-1');
  const sub = await subscribe<{ orderStatusChanged: { status: string } }>(
    `ws://127.0.0.1:${api}/graphql`,
    `subscription($id: ID!) { orderStatusChanged(orderId: $id) { orderId status } }`,
    { id: orderId },
    `Bearer ${ADMIN_KEY}`,
  );
  try {
    const { placeOrder } = await postGraphQL<{ placeOrder: { orderId: string; position: string } }>(
      url,
      ADMIN_KEY,
      PLACE,
      { input: { customerId: 'c-1', lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: 250 }] }, key: 'k-1' },
    );
    assert.equal(placeOrder.orderId, orderId);
    // Read-your-writes through another process' projector: several queries, whichever worker answers.
    for (let i = 0; i < 4; i++) {
      const { order } = await postGraphQL<{ order: { status: string } | null }>(
        url,
        ADMIN_KEY,
        `query($id: ID!, $p: String) { order(id: $id, minPosition: $p) { status } }`,
        { id: orderId, p: placeOrder.position },
      );
      assert.ok(order, 'the order is there at its position');
    }
    // The status of read models another process applies, from their stored checkpoints.
    const { projections } = await postGraphQL<{ projections: Array<{ name: string; store: string }> }>(
      url,
      ADMIN_KEY,
      `{ projections { name store } }`,
      {},
    );
    assert.ok(projections.some((p) => p.name === 'order-details' && p.store === 'postgres'));
    const messages = await sub.next(3, 15_000);
    assert.deepEqual(
      messages.map((m) => m.data.orderStatusChanged.status),
      ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED'],
    );
    // Every processor of the deployment, though none runs in the API's process: from their checkpoints.
    const { processors } = await postGraphQL<{
      processors: Array<{ name: string; kind: string; checkpoint: string }>;
    }>(url, ADMIN_KEY, `{ processors { name kind checkpoint } }`, {});
    const kinds = Object.fromEntries(processors.map((p) => [p.name, p.kind]));
    assert.equal(kinds['order-details'], 'POSTGRES_READ_MODEL');
    assert.equal(kinds['order-fulfillment'], 'PROCESS_MANAGER');
    assert.equal(kinds['payment-simulator'], 'PAYMENT_SIMULATOR');
    assert.equal(kinds['webhooks'], 'WEBHOOKS');
    await eventually('order-fulfillment checkpoint read from outside', async () => {
      const { processors: now } = await postGraphQL<{
        processors: Array<{ name: string; checkpoint: string }>;
      }>(url, ADMIN_KEY, `{ processors { name checkpoint } }`, {});
      return BigInt(now.find((p) => p.name === 'order-fulfillment')!.checkpoint) > 0n || undefined;
    });
  } finally {
    await sub.close();
  }
});

test.run();
