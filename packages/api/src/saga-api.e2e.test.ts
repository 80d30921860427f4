import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import type { CommandSender } from '@orderflow/sagas';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';
import { subscribe } from './test/ws-client.ts';

/**
 * The saga API through GraphQL on a real server: sagas whose payment request keeps failing get
 * parked; an operator finds them, reads their step log, and retries, compensates or aborts them.
 */
const test = suite<{ h: Harness; payments: { failing: boolean } }>('saga API through GraphQL');

test.before.each(async (ctx) => {
  const payments = (ctx.payments = { failing: true });
  // RequestPayment fails transiently while `failing` (the provider refuses for now: no catalog
  // code, and no outage, which the dispatcher would wait out forever); after 3 attempts the
  // saga is parked.
  const wrapSender =
    (send: CommandSender): CommandSender =>
    async (command) => {
      if (command.type === 'RequestPayment' && payments.failing)
        throw Object.assign(new Error('payment gateway busy'), { code: 'GATEWAY_BUSY' });
      await send(command);
    };
  ctx.h = await startHarness({
    approvalRate: 1,
    server: {
      processManager: {
        timerIntervalMs: 50,
        sweepIntervalMs: 100,
        retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
        wrapSender,
      },
    },
  });
  await ctx.h.ok(REGISTER, { sku: 'SAGA-1', stock: 20 });
});
test.after.each(async ({ h }) => h.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
const SAGA = `query($id: ID!) { saga(id: $id) {
  id type instanceId orderId status error failedCommandId createdAt updatedAt endedAt state
  commands { commandId type status attempts lastError }
  timers { name dueAt input firedAt cancelledAt }
  steps(first: 500) { totalCount edges { node { seq kind detail position actor at } } }
} }`;

async function placeParked(h: Harness, key: string): Promise<string> {
  const { placeOrder } = await h.ok(PLACE, {
    input: { customerId: 'ops', lines: [{ sku: 'SAGA-1', quantity: 1, unitPrice: 250 }] },
    key,
  });
  const id = placeOrder.orderId as string;
  await eventually(`saga of ${id} parked`, async () => {
    const { saga } = await h.ok(`query($id: ID!) { saga(id: $id) { status } }`, { id });
    return saga?.status === 'PARKED' || undefined;
  });
  return id;
}

test('a parked saga: found by status, with its error, commands and step log', async ({ h }) => {
  const orderId = await placeParked(h, 'p-1');
  const { sagas } = await h.ok(
    `{ sagas(status: PARKED) { totalCount edges { node { id orderId status } } } }`,
  );
  assert.equal(sagas.totalCount, 1);
  assert.equal(sagas.edges[0].node.id, `order-fulfillment:${orderId}`);
  assert.equal(sagas.edges[0].node.orderId, orderId);

  const { saga } = await h.ok(SAGA, { id: orderId });
  assert.equal(saga.type, 'order-fulfillment');
  assert.equal(saga.instanceId, orderId);
  assert.match(saga.error, /payment gateway busy/);
  const failed = saga.commands.find((c: { commandId: string }) => c.commandId === saga.failedCommandId);
  assert.equal(failed.type, 'RequestPayment');
  assert.equal(failed.status, 'failed');
  assert.equal(failed.attempts, 3);
  const kinds = saga.steps.edges.map((e: { node: { kind: string } }) => e.node.kind);
  assert.ok(
    kinds.includes('event') && kinds.includes('decision') && kinds.includes('error'),
    kinds.join(','),
  );
  assert.equal(saga.steps.totalCount, kinds.length);
  assert.ok(
    saga.timers.some((t: { name: string }) => t.name === 'payment-timeout'),
    'the payment timeout is armed',
  );
  assert.equal(typeof saga.state, 'object');

  const { sagaStats } = await h.ok(`{ sagaStats { total byStatus { status count } durationsMs { count } } }`);
  const parked = sagaStats.byStatus.find((s: { status: string }) => s.status === 'PARKED');
  assert.equal(parked.count, 1);
  assert.equal(sagaStats.byStatus.length, 6, 'every status, zeros included');
});

test('retrySaga: the operator action is logged with its actor, and sagaUpdated pushes the saga live', async ({
  h,
  payments,
}) => {
  const orderId = await placeParked(h, 'r-1');
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const sub = await subscribe<{ sagaUpdated: { id: string; status: string } }>(
    `${address.replace('http', 'ws')}/graphql`,
    `subscription($id: ID) { sagaUpdated(id: $id) { id status updatedAt } }`,
    { id: orderId },
    h.adminAuth,
  );
  try {
    payments.failing = false;
    const { retrySaga } = await h.ok(
      `mutation($id: ID!) { retrySaga(id: $id, reason: "gateway is back") { commandIds saga { status error } } }`,
      { id: orderId },
    );
    assert.equal(retrySaga.saga.status, 'RUNNING');
    assert.equal(retrySaga.saga.error, null);
    assert.equal(retrySaga.commandIds.length, 1, 'the failed RequestPayment is queued again');
    await h.waitForStatus(orderId, ['CONFIRMED']);
    await eventually(
      'sagaUpdated to push COMPLETED',
      async () => sub.received.some((m) => m.data.sagaUpdated.status === 'COMPLETED') || undefined,
    );
    assert.ok(
      sub.received.every((m) => m.data.sagaUpdated.id === `order-fulfillment:${orderId}`),
      'only that saga',
    );
  } finally {
    await sub.close();
  }
  const { saga } = await h.ok(SAGA, { id: orderId });
  assert.equal(saga.status, 'COMPLETED');
  assert.ok(saga.endedAt);
  const operator = saga.steps.edges.find((e: { node: { kind: string } }) => e.node.kind === 'operator').node;
  assert.equal(operator.actor, 'graphql:admin');
  assert.equal(operator.detail.action, 'retry');
  assert.equal(operator.detail.reason, 'gateway is back');

  const again = await h.gql(`mutation($id: ID!) { retrySaga(id: $id) { commandIds } }`, { id: orderId });
  assert.equal(code(again), 'INVALID_STATE', 'a completed saga cannot be retried');
});

test('compensateSaga and abortSaga end parked sagas; bad input is a typed error', async ({ h }) => {
  const toCompensate = await placeParked(h, 'c-1');
  const toAbort = await placeParked(h, 'a-1');
  const { compensateSaga } = await h.ok(
    `mutation($id: ID!) { compensateSaga(id: $id, reason: "customer called") { saga { status } } }`,
    { id: toCompensate },
  );
  assert.equal(compensateSaga.saga.status, 'COMPENSATING');
  assert.equal((await h.waitForStatus(toCompensate, ['CANCELLED'])).status, 'CANCELLED');
  await eventually(
    'compensated',
    async () =>
      (await h.ok(`query($id: ID!) { saga(id: $id) { status } }`, { id: toCompensate })).saga.status ===
        'COMPENSATED' || undefined,
  );

  const { abortSaga } = await h.ok(
    `mutation($id: ID!) { abortSaga(id: $id, reason: "settled by hand") { saga { status endedAt } } }`,
    { id: `order-fulfillment:${toAbort}` },
  );
  assert.equal(abortSaga.saga.status, 'ABORTED');
  assert.ok(abortSaga.saga.endedAt);

  assert.equal((await h.ok(`{ saga(id: "order-fulfillment:nope") { id } }`)).saga, null);
  assert.equal(
    code(await h.gql(`mutation { retrySaga(id: "order-fulfillment:nope") { commandIds } }`)),
    'NOT_FOUND',
  );
  assert.equal(
    code(await h.gql(`mutation { abortSaga(id: "x") { commandIds } }`)),
    'VALIDATION_FAILED',
    'reason is required',
  );
  assert.equal(code(await h.gql(`{ sagas(status: STUCK) { totalCount } }`)), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(`{ sagas(first: 501) { totalCount } }`)), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(`{ sagas(after: "garbage") { totalCount } }`)), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(`{ sagaThroughput(bucketSeconds: 5) { started } }`)), 'VALIDATION_FAILED');
  const { sagas } = await h.ok(`{ sagas(status: ABORTED) { totalCount } }`);
  assert.equal(sagas.totalCount, 1, 'failed calls changed nothing');
});

test('sagas pages by cursor and filters by type and idleness; sagaThroughput buckets starts and ends', async ({
  h,
  payments,
}) => {
  payments.failing = false;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { placeOrder } = await h.ok(PLACE, {
      input: { customerId: 'ops', lines: [{ sku: 'SAGA-1', quantity: 1, unitPrice: 250 }] },
      key: `t-${i}`,
    });
    ids.push(placeOrder.orderId);
  }
  for (const id of ids) await h.waitForStatus(id, ['CONFIRMED']);
  await eventually('all completed', async () => {
    const { sagas } = await h.ok(`{ sagas(status: COMPLETED) { totalCount } }`);
    return sagas.totalCount === 5 || undefined;
  });

  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { sagas }: { sagas: any } = await h.ok(
      `query($after: String) { sagas(first: 2, after: $after) { totalCount edges { node { orderId } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    assert.equal(sagas.totalCount, 5);
    seen.push(...sagas.edges.map((e: { node: { orderId: string } }) => e.node.orderId));
    if (!sagas.pageInfo.hasNextPage) break;
    after = sagas.pageInfo.endCursor;
  }
  assert.deepEqual(seen, [...ids].reverse(), 'newest first, each once');
  assert.equal((await h.ok(`{ sagas(type: "order-fulfillment") { totalCount } }`)).sagas.totalCount, 5);
  assert.equal((await h.ok(`{ sagas(type: "other") { totalCount } }`)).sagas.totalCount, 0);
  assert.equal((await h.ok(`{ sagas(stuckForSeconds: 0) { totalCount } }`)).sagas.totalCount, 0, 'none open');

  const { sagaThroughput } = await h.ok(
    `{ sagaThroughput(bucketSeconds: 60, buckets: 3) { start started completed compensated aborted p50DurationMs p95DurationMs } }`,
  );
  assert.equal(sagaThroughput.length, 3);
  const sum = (k: string) => sagaThroughput.reduce((n: number, b: Record<string, number>) => n + b[k]!, 0);
  assert.equal(sum('started'), 5);
  assert.equal(sum('completed'), 5);
  const last = sagaThroughput.at(-1);
  assert.ok(Date.parse(last.start) <= Date.now() && Date.now() - Date.parse(last.start) < 60_000 + 5000);
  const withEnds = sagaThroughput.find((b: { completed: number }) => b.completed > 0);
  assert.ok(withEnds.p50DurationMs > 0 && withEnds.p95DurationMs >= withEnds.p50DurationMs);
});

test.run();
