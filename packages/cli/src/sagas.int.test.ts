/**
 * `orderflow sagas …`: the exported command functions against a running Orderflow whose
 * payment requests are refused (so its sagas park), and the real CLI in a child process.
 */
import * as assert from 'node:assert/strict';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { OrderflowError } from '@orderflow/core';
import { getSaga } from '@orderflow/sagas';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';
import { listSagasCommand, sagaActionCommand, showSagaCommand } from './sagas.ts';

/** The admin key this test's server is started with. */
const ADMIN_KEY = 'test-admin-key-0123456789';

const test = suite<{
  database: TestDatabase;
  orderflow: Orderflow;
  orders: string[];
  refuse: { on: boolean };
}>('orderflow sagas');

test.before(async (ctx) => {
  ctx.refuse = { on: true };
  ctx.database = await createTestDatabase('cli_sagas');
  ctx.orderflow = await startOrderflow({
    databaseUrl: ctx.database.url,
    adminKey: ADMIN_KEY,
    paymentSimulator: false,
    processManager: {
      timerIntervalMs: 50,
      sweepIntervalMs: 100,
      wrapSender: (send) => async (command) => {
        if (ctx.refuse.on && command.type === 'RequestPayment')
          throw new OrderflowError('INVALID_STATE', 'provider account suspended');
        await send(command);
      },
    },
  });
  const gql = (query: string, variables: Record<string, unknown>) =>
    ctx.orderflow.app
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: { query, variables },
      })
      .then((r) => r.json());
  await gql(
    `mutation { registerProduct(sku: "CLI-1", name: "Mug", unitPrice: 250, currency: "GBP", initialStock: 10) { sku } }`,
    {},
  );
  ctx.orders = [];
  for (const key of ['a', 'b', 'c']) {
    const placed = await gql(
      `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { orderId } }`,
      { input: { customerId: `c-${key}`, lines: [{ sku: 'CLI-1', quantity: 1, unitPrice: 250 }] }, key },
    );
    ctx.orders.push(placed.data.placeOrder.orderId);
  }
  for (const id of ctx.orders)
    await eventually(
      `saga ${id} parked`,
      async () => (await getSaga(ctx.orderflow.db, id))?.status === 'parked',
    );
});
test.after(async ({ orderflow, database }) => {
  await orderflow.stop();
  await database.drop();
});

const collect = () => {
  const lines: string[] = [];
  return { lines, print: (line: string) => void lines.push(line) };
};

test('list: parked sagas, newest first, limited, with the total', async ({ orderflow, orders }) => {
  const out = collect();
  await listSagasCommand(orderflow.db, { status: 'parked', limit: 2 }, out.print);
  assert.match(out.lines[0]!, /^ID\s+STATUS\s+IDLE\s+ERROR$/);
  assert.equal(out.lines.length, 4);
  assert.ok(out.lines[1]!.startsWith(`order-fulfillment:${orders[2]}  parked`));
  assert.match(out.lines[1]!, /RequestPayment failed: INVALID_STATE: provider account suspended/);
  assert.equal(out.lines.at(-1), '2 of 3 saga(s)');
  await assert.rejects(
    listSagasCommand(orderflow.db, { status: 'stuck', limit: 5 }, out.print),
    /status must be one of/,
  );
});

test('show: state, commands and the step log as a timeline', async ({ orderflow, orders }) => {
  const out = collect();
  await showSagaCommand(orderflow.db, orders[0]!, out.print);
  const text = out.lines.join('\n');
  assert.ok(out.lines[0]!.startsWith(`order-fulfillment:${orders[0]}  parked`));
  assert.match(text, /error: RequestPayment failed: INVALID_STATE: provider account suspended \(command /);
  assert.match(text, /"status": "awaiting_payment"/);
  assert.match(text, /RequestPayment\s+failed\s+attempts 1/);
  assert.match(text, /timer payment-timeout set, due /);
  assert.match(text, /event\s+OrderCreated \(order-.+@0\)\s+@\d+/);
  assert.match(text, /on StockReserved: running; send RequestPayment/);
  assert.match(
    text,
    /error\s+RequestPayment \w{8} attempt 1 failed: INVALID_STATE: provider account suspended → parked/,
  );
  await assert.rejects(showSagaCommand(orderflow.db, 'order-fulfillment:nope', out.print), /does not exist/);
});

test('retry, compensate and abort act on the sagas and are logged with the actor', async (ctx) => {
  const { orderflow, orders } = ctx;
  const db = orderflow.db;
  ctx.refuse.on = false;
  const out = collect();
  const retried = await sagaActionCommand(
    db,
    'retry',
    orders[0]!,
    { reason: 'account restored' },
    out.print,
    'cli:tester',
  );
  assert.equal(out.lines[0], `retry: order-fulfillment:${orders[0]} is running (by cli:tester)`);
  assert.equal(retried.commandIds.length, 1);
  await eventually(
    'payment requested',
    async () => (await orderflow.store.readStream(`payment-${orders[0]}`).catch(() => [])).length === 1,
  );
  const step = (await getSaga(db, orders[0]!))!.steps.find((s) => s.kind === 'operator')!;
  assert.deepEqual(
    [step.actor, step.detail.action, step.detail.reason],
    ['cli:tester', 'retry', 'account restored'],
  );

  await sagaActionCommand(db, 'compensate', `order-fulfillment:${orders[1]}`, {}, out.print, 'cli:tester');
  await eventually('compensated', async () => (await getSaga(db, orders[1]!))?.status === 'compensated');
  const order = await orderflow.store.readStream(`order-${orders[1]}`);
  assert.equal(order.at(-1)!.type, 'OrderCancelled');

  await sagaActionCommand(db, 'abort', orders[2]!, { reason: 'settled by hand' }, out.print, 'cli:tester');
  assert.equal((await getSaga(db, orders[2]!))!.status, 'aborted');
  const shown = collect();
  await showSagaCommand(db, orders[2]!, shown.print);
  assert.ok(shown.lines.some((l) => /operator\s+abort by cli:tester: "settled by hand"/.test(l)));
  await assert.rejects(
    sagaActionCommand(db, 'retry', orders[2]!, {}, out.print),
    (e: OrderflowError) => e.code === 'INVALID_STATE',
  );
});

test('the orderflow command lists sagas (also as JSON), and exits 3 with a message for an unknown one', async (ctx) => {
  const orderflow = (...args: string[]) =>
    runCli({ DATABASE_URL: ctx.database.url, EVENTSTORE_URL: '' }, ...args);
  const list = await orderflow('sagas', 'list', '--status', 'aborted');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`order-fulfillment:${ctx.orders[2]}\\s+aborted`));
  assert.match(list.stdout, /1 of 1 saga\(s\)/);
  const missing = await orderflow('sagas', 'show', 'nope');
  assert.deepEqual([missing.code, missing.stderr.trim()], [3, 'saga nope does not exist']);

  const json = await orderflow('sagas', 'list', '--json');
  assert.equal(json.code, 0, json.stderr);
  const listed = JSON.parse(json.stdout) as { sagas: Array<{ id: string; status: string }>; total: number };
  assert.equal(listed.total, ctx.orders.length);
  assert.ok(
    listed.sagas.some((s) => s.id === `order-fulfillment:${ctx.orders[2]}` && s.status === 'aborted'),
  );
  const shown = await orderflow('sagas', 'show', ctx.orders[2]!, '--json');
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal((JSON.parse(shown.stdout) as { status: string }).status, 'aborted');

  // A saga that is not parked cannot be retried: refused, exit 3; a bad status is a usage error.
  const refused = await orderflow('sagas', 'retry', ctx.orders[2]!);
  assert.equal(refused.code, 3, refused.stderr);
  const badStatus = await orderflow('sagas', 'list', '--status', 'sleeping');
  assert.equal(badStatus.code, 2, badStatus.stderr);
  const unknown = await orderflow('nonsense');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'nonsense'/);
  const versioned = await orderflow('--version');
  assert.deepEqual([versioned.code, versioned.stdout.trim()], [0, '0.1.0']);
});

test.run();
