/**
 * `orderflow sagas retry|compensate|abort` with a filter instead of an id, through the real CLI
 * in a child process, against a running Orderflow whose payment requests are refused (so its
 * sagas park).
 */
import * as assert from 'node:assert/strict';
import { OrderflowError } from '@orderflow/core';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { getSaga } from '@orderflow/sagas';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const ADMIN_KEY = 'test-admin-key-0123456789';

const test = suite<{
  database: TestDatabase;
  orderflow: Orderflow;
  orders: string[];
  refuse: { on: boolean };
}>('orderflow sagas batch actions');

test.before(async (ctx) => {
  ctx.refuse = { on: true };
  ctx.database = await createTestDatabase('cli_saga_batch');
  ctx.orderflow = await startOrderflow({
    databaseUrl: ctx.database.url,
    adminKey: ADMIN_KEY,
    paymentSimulator: { approvalRate: 1, latencyMs: 5 },
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
    `mutation { registerProduct(sku: "CLI-B", name: "Mug", price: 250, currency: "GBP", initialStock: 10) { sku } }`,
    {},
  );
  ctx.orders = [];
  for (const key of ['a', 'b']) {
    const placed = await gql(
      `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { orderId } }`,
      { input: { customerId: `c-${key}`, lines: [{ sku: 'CLI-B', quantity: 1, unitPrice: 250 }] }, key },
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

const cli =
  (url: string) =>
  (...args: string[]) =>
    runCli({ DATABASE_URL: url, EVENTSTORE_URL: '', USER: 'tester' }, ...args);

test('a dry run counts and lists, as text or JSON, and changes nothing', async ({
  database,
  orders,
  orderflow,
}) => {
  const orderflowCli = cli(database.url);
  const json = await orderflowCli(
    'sagas',
    'retry',
    '--status',
    'PARKED',
    '--older-than',
    '0s',
    '--dry-run',
    '--json',
  );
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as {
    dryRun: boolean;
    matched: number;
    ids: string[];
    results: unknown[];
  };
  assert.deepEqual(
    [result.dryRun, result.matched, result.ids, result.results],
    [true, 2, orders.map((id) => `order-fulfillment:${id}`), []],
  );
  const text = await orderflowCli(
    'sagas',
    'retry',
    '--status',
    'parked',
    '--search',
    orders[1]!,
    '--dry-run',
  );
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(text.stdout.trim().split('\n'), [
    'dry run: retry would act on 1 saga(s)',
    `order-fulfillment:${orders[1]}`,
  ]);
  const young = await orderflowCli(
    'sagas',
    'retry',
    '--status',
    'PARKED',
    '--older-than',
    '1h',
    '--dry-run',
    '--json',
  );
  assert.equal((JSON.parse(young.stdout) as { matched: number }).matched, 0, 'parked for less than an hour');
  for (const id of orders) assert.equal((await getSaga(orderflow.db, id))!.status, 'parked');
  const listed = await orderflowCli('sagas', 'list', '--search', 'c-b', '--json');
  assert.deepEqual(
    (JSON.parse(listed.stdout) as { sagas: Array<{ id: string }> }).sagas.map((s) => s.id),
    [`order-fulfillment:${orders[1]}`],
    'sagas list --search finds the saga by its customer id',
  );
});

test('usage errors exit 2 and change nothing', async ({ database, orders, orderflow }) => {
  const orderflowCli = cli(database.url);
  const cases: Array<[string[], RegExp]> = [
    [['sagas', 'retry', '--status', 'PARKED', '--older-than', '10 parsecs'], /not a duration/],
    [['sagas', 'retry'], /give a saga id, or filter options/],
    [['sagas', 'retry', orders[0]!, '--status', 'PARKED'], /either a saga id or filter options/],
    [['sagas', 'abort', '--status', 'PARKED'], /aborting needs a reason/],
    [['sagas', 'retry', '--status', 'sleeping'], /status must be one of/],
    [['sagas', 'retry', orders[0]!, '--dry-run'], /go with a filter/],
  ];
  for (const [args, message] of cases) {
    const run = await orderflowCli(...args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  for (const id of orders) assert.equal((await getSaga(orderflow.db, id))!.status, 'parked');
});

test('a batch retry re-queues each parked saga as cli:$USER; a batch with failures exits 1', async (ctx) => {
  const orderflowCli = cli(ctx.database.url);
  ctx.refuse.on = false;
  const run = await orderflowCli(
    'sagas',
    'retry',
    '--status',
    'PARKED',
    '--reason',
    'account restored',
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { matched: number; succeeded: number; failed: number };
  assert.deepEqual([result.matched, result.succeeded, result.failed], [2, 2, 0]);
  for (const id of ctx.orders) {
    await eventually(
      `${id} completed`,
      async () => (await getSaga(ctx.orderflow.db, id))?.status === 'completed',
    );
    const step = (await getSaga(ctx.orderflow.db, id))!.steps.find((s) => s.kind === 'operator')!;
    assert.deepEqual(
      [step.actor, step.detail.action, step.detail.reason],
      ['cli:tester', 'retry', 'account restored'],
    );
  }
  // Completed sagas cannot be retried: each is listed with its error, and the command exits 1.
  const again = await orderflowCli('sagas', 'retry', '--type', 'order-fulfillment');
  assert.equal(again.code, 1, again.stderr);
  const lines = again.stdout.trim().split('\n');
  assert.equal(lines[0], 'retry: 2 saga(s), 0 done, 2 failed (by cli:tester)');
  assert.ok(
    lines.slice(1).every((l) => / INVALID_STATE: cannot retry saga /.test(l)),
    lines.join('\n'),
  );
});

test.run();
