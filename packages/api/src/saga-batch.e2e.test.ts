import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import type { CommandSender } from '@orderflow/sagas';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';

/**
 * The saga list's search, overview and order, and batch operator actions, through GraphQL on a
 * real server: three sagas park (their payment request keeps failing), a fourth completes.
 */
const test = suite<{ h: Harness; payments: { failing: boolean }; parked: string[]; done: string }>(
  'saga search and batch actions through GraphQL',
);

test.before(async (ctx) => {
  const payments: { failing: boolean } = (ctx.payments = { failing: true });
  const wrapSender =
    (send: CommandSender): CommandSender =>
    async (command) => {
      if (command.type === 'RequestPayment' && payments.failing)
        throw Object.assign(new Error('payment gateway busy'), { code: 'GATEWAY_BUSY' });
      await send(command);
    };
  ctx.h = await startHarness({
    server: {
      processManager: {
        timerIntervalMs: 50,
        sweepIntervalMs: 100,
        retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
        wrapSender,
      },
    },
  });
  await ctx.h.ok(REGISTER, { sku: 'BATCH-1', stock: 50 });
  await ctx.h.ok(REGISTER, { sku: 'BATCH-2', stock: 50, price: 400 });
  const place = async (customerId: string, sku: string) =>
    (
      await ctx.h.ok(PLACE, {
        input: { customerId, lines: [{ sku, quantity: 2, unitPrice: sku === 'BATCH-2' ? 400 : 250 }] },
        key: `k-${customerId}`,
      })
    ).placeOrder.orderId as string;
  ctx.parked = [
    await place('cust-1', 'BATCH-1'),
    await place('cust-2', 'BATCH-1'),
    await place('cust-3', 'BATCH-2'),
  ];
  await eventually('three sagas parked', async () => {
    const { sagas } = await ctx.h.ok(`{ sagas(status: PARKED) { totalCount } }`);
    return sagas.totalCount === 3 || undefined;
  });
  payments.failing = false;
  ctx.done = await place('cust-4', 'BATCH-2');
  await ctx.h.waitForStatus(ctx.done, ['CONFIRMED']);
});
test.after(async ({ h }) => h.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
const SEARCH = `query($search: String, $orderBy: SagaOrderBy, $direction: SortDirection, $first: Int, $after: String) {
  sagas(search: $search, orderBy: $orderBy, direction: $direction, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { node { id instanceId orderId customerId total currency outcome currentStep status createdAt } }
  } }`;
const BATCH = `mutation($action: SagaBatchAction!, $filter: SagaBatchFilter!, $dryRun: Boolean, $reason: String, $expectedCount: Int) {
  sagasBatch(action: $action, filter: $filter, dryRun: $dryRun, reason: $reason, expectedCount: $expectedCount) {
    action dryRun actor matched ids succeeded failed results { id ok status code message commandIds }
  } }`;
const parkedCount = async (h: Harness) =>
  (await h.ok(`{ sagas(status: PARKED) { totalCount } }`)).sagas.totalCount;

test('search finds a saga by order id, saga id, customer id or SKU, with its overview', async ({
  h,
  parked,
  done,
}) => {
  const byOrder = (await h.ok(SEARCH, { search: parked[1] })).sagas;
  assert.equal(byOrder.totalCount, 1);
  assert.deepEqual(
    { ...byOrder.edges[0].node, createdAt: undefined },
    {
      id: `order-fulfillment:${parked[1]}`,
      instanceId: parked[1],
      orderId: parked[1],
      customerId: 'cust-2',
      total: 500,
      currency: 'GBP',
      outcome: null,
      currentStep: 'awaiting payment',
      status: 'PARKED',
      createdAt: undefined,
    },
  );
  assert.equal((await h.ok(SEARCH, { search: `order-fulfillment:${parked[0]}` })).sagas.totalCount, 1);
  const byCustomer = (await h.ok(SEARCH, { search: ' cust-4 ' })).sagas;
  assert.deepEqual(
    byCustomer.edges.map((e: { node: { orderId: string; outcome: string } }) => [
      e.node.orderId,
      e.node.outcome,
    ]),
    [[done, 'CONFIRMED']],
  );
  const bySku = (await h.ok(SEARCH, { search: 'BATCH-2' })).sagas;
  assert.deepEqual(
    bySku.edges.map((e: { node: { orderId: string } }) => e.node.orderId),
    [done, parked[2]],
  );
  assert.equal((await h.ok(SEARCH, { search: 'nothing-like-this' })).sagas.totalCount, 0);
  const tooLong = await h.gql(SEARCH, { search: 'x'.repeat(201) });
  assert.equal(code(tooLong), 'VALIDATION_FAILED');
});

test('createdAt is the starting event’s time; the list sorts and pages by it', async ({
  h,
  parked,
  done,
}) => {
  const { saga } = await h.ok(
    `query($id: ID!) { saga(id: $id) { createdAt steps(first: 1) { edges { node { kind detail } } } } }`,
    {
      id: parked[0],
    },
  );
  const first = saga.steps.edges[0].node;
  assert.equal(first.kind, 'event');
  assert.equal(saga.createdAt, new Date(first.detail.recordedAt).toISOString());

  const page1 = (await h.ok(SEARCH, { orderBy: 'CREATED_AT', direction: 'ASC', first: 2 })).sagas;
  const page2 = (
    await h.ok(SEARCH, { orderBy: 'CREATED_AT', direction: 'ASC', first: 2, after: page1.pageInfo.endCursor })
  ).sagas;
  const ids = [...page1.edges, ...page2.edges].map((e: { node: { orderId: string } }) => e.node.orderId);
  assert.deepEqual(ids, [...parked, done]);
  assert.equal(page2.pageInfo.hasNextPage, false);
  const newest = (await h.ok(SEARCH, { orderBy: 'UPDATED_AT', direction: 'DESC', first: 4 })).sagas;
  assert.equal(newest.totalCount, 4);
  // A cursor holds only for the order it came from.
  const mixed = await h.gql(SEARCH, { orderBy: 'UPDATED_AT', after: page1.pageInfo.endCursor });
  assert.equal(code(mixed), 'VALIDATION_FAILED');
});

test('bad batches are refused with VALIDATION_FAILED and change nothing', async ({ h }) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ action: 'RETRY', filter: {} }, 'filter'],
    [{ action: 'ABORT', filter: { status: 'PARKED' } }, 'reason'],
    [{ action: 'RETRY', filter: { status: 'PARKED' }, expectedCount: 2 }, 'expectedCount'],
    [{ action: 'RETRY', filter: { status: 'PARKED', olderThanSeconds: -1 } }, 'idleForSeconds'],
  ];
  for (const [variables, field] of cases) {
    const r = await h.gql(BATCH, variables);
    assert.equal(code(r), 'VALIDATION_FAILED', JSON.stringify(variables));
    assert.equal((r.errors?.[0]?.extensions as { field?: string }).field, field);
  }
  const customer = await h.customerAuth('cust-1');
  const forbidden = await h.gqlAs(customer, BATCH, {
    action: 'RETRY',
    filter: { status: 'PARKED' },
    reason: 'mine',
  });
  assert.equal(code(forbidden), 'FORBIDDEN', 'an admin key only');
  assert.equal(
    code(await h.gqlAs(null, BATCH, { action: 'RETRY', filter: { status: 'PARKED' } })),
    'UNAUTHENTICATED',
  );
  const wrongEnum = await h.gql(BATCH, { action: 'DELETE', filter: { status: 'PARKED' } });
  assert.ok(wrongEnum.errors?.length, 'an unknown action is refused');
  assert.equal(await parkedCount(h), 3);
});

test('a dry run counts; the batch retries each parked saga, records the actor, and one failure does not stop the others', async ({
  h,
  parked,
  done,
}) => {
  const filter = { type: 'order-fulfillment' };
  const dry = (await h.ok(BATCH, { action: 'RETRY', filter, dryRun: true })).sagasBatch;
  assert.equal(dry.dryRun, true);
  assert.equal(dry.matched, 4);
  assert.deepEqual(
    dry.ids,
    [...parked, done].map((id) => `order-fulfillment:${id}`),
  );
  assert.deepEqual(dry.results, []);
  assert.equal(await parkedCount(h), 3, 'a dry run changes nothing');

  const run = (
    await h.ok(BATCH, { action: 'RETRY', filter, reason: 'gateway is back', expectedCount: dry.matched })
  ).sagasBatch;
  assert.equal(run.matched, dry.matched, 'the dry run counted what the batch acted on');
  assert.equal(run.actor, 'graphql:admin');
  assert.equal(run.succeeded, 3);
  assert.equal(run.failed, 1);
  const failure = run.results.find((r: { ok: boolean }) => !r.ok);
  assert.equal(failure.id, `order-fulfillment:${done}`);
  assert.equal(failure.code, 'INVALID_STATE');
  for (const r of run.results.filter((x: { ok: boolean }) => x.ok)) {
    assert.equal(r.status, 'RUNNING');
    assert.equal(r.commandIds.length, 1, 'the failed RequestPayment is queued again');
  }
  for (const orderId of parked) {
    await h.waitForStatus(orderId, ['CONFIRMED']);
    const { saga } = await h.ok(
      `query($id: ID!) { saga(id: $id) { steps(first: 500) { edges { node { kind actor detail } } } } }`,
      { id: orderId },
    );
    const operator = saga.steps.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { kind: string }) => n.kind === 'operator');
    assert.equal(operator.actor, 'graphql:admin');
    assert.equal(operator.detail.action, 'retry');
    assert.equal(operator.detail.reason, 'gateway is back');
  }
  assert.equal(await parkedCount(h), 0);
});

test.run();
