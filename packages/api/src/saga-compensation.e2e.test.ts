import * as assert from 'node:assert/strict';
import { getSaga, sagaStats, type CommandSender } from '@orderflow/sagas';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { PLACE, PRODUCT, REGISTER, TEST_ADMIN_KEY, type GqlResponse } from './test/harness.ts';

/** Orderflow on a fresh database with fast saga timers and retries, driven through GraphQL. */
async function startSagaHarness(options: {
  approvalRate: number;
  latencyMs: number;
  paymentTimeoutMs?: number;
  wrapSender?: (send: CommandSender) => CommandSender;
}) {
  const database: TestDatabase = await createTestDatabase('e2e_saga');
  const orderflow: Orderflow = await startOrderflow({
    databaseUrl: database.url,
    adminKey: TEST_ADMIN_KEY,
    paymentSimulator: { approvalRate: options.approvalRate, latencyMs: options.latencyMs },
    paymentTimeoutMs: options.paymentTimeoutMs,
    processManager: {
      timerIntervalMs: 50,
      sweepIntervalMs: 100,
      retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
      wrapSender: options.wrapSender,
    },
  });
  const gql = async (query: string, variables?: Record<string, unknown>) =>
    (
      await orderflow.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
        payload: { query, variables },
      })
    ).json() as GqlResponse;
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const response = await gql(query, variables);
    if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    return response.data!;
  };
  const order = async (id: string) =>
    (await ok(`query($id: ID!) { order(id: $id) { status cancellationReason } }`, { id })).order;
  return {
    orderflow,
    gql,
    ok,
    order,
    waitForOrder: (id: string, status: string) =>
      eventually(`order ${id} ${status}`, async () =>
        (await order(id))?.status === status ? order(id) : undefined,
      ),
    place: async (key: string, lines: Array<{ sku: string; quantity: number }>) =>
      (
        await ok(PLACE, {
          input: { customerId: `c-${key}`, lines: lines.map((l) => ({ ...l, unitPrice: 250 })) },
          key,
        })
      ).placeOrder.orderId as string,
    /** Waits until the stock-levels read model shows `onHand` with nothing reserved. */
    settledStock: (sku: string, onHand: number) =>
      eventually(`${sku} at ${onHand} with nothing reserved`, async () => {
        const { product } = await ok(PRODUCT, { sku });
        return product.onHand === onHand && product.reserved === 0 ? product : undefined;
      }),
    payment: (orderId: string) => orderflow.store.readStream(`payment-${orderId}`).catch(() => []),
    waitForSaga: (orderId: string, status: string) =>
      eventually(`saga ${orderId} ${status}`, async () => {
        const saga = await getSaga(orderflow.db, orderId);
        return saga?.status === status ? saga : undefined;
      }),
    async close() {
      assert.equal((await sagaStats(orderflow.db)).byStatus.parked, 0, 'no saga left parked');
      await orderflow.stop();
      await database.drop();
    },
  };
}
type SagaHarness = Awaited<ReturnType<typeof startSagaHarness>>;

/** A gate a wrapped sender waits on: commands of `type` are held until `open()`. */
function holding(type: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const wrapSender =
    (send: CommandSender): CommandSender =>
    async (command) => {
      if (command.type === type) await opened;
      await send(command);
    };
  return { wrapSender, open };
}

const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id) { orderId position } }`;
const test = suite<{ h: SagaHarness }>('saga compensations through GraphQL');
test.after.each(async ({ h }) => h.close());

test('customer cancels while PENDING: the reservation in flight is released when it lands; no payment', async (ctx) => {
  const gate = holding('ReserveStock');
  const h = (ctx.h = await startSagaHarness({ approvalRate: 1, latencyMs: 5, wrapSender: gate.wrapSender }));
  await h.ok(REGISTER, { sku: 'PEND-1', stock: 5 });
  const orderId = await h.place('pend', [{ sku: 'PEND-1', quantity: 2 }]);
  await h.waitForOrder(orderId, 'PENDING');
  await h.ok(CANCEL, { id: orderId });
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'CUSTOMER_CANCELLED');
  gate.open();
  await h.waitForSaga(orderId, 'compensated');
  await h.settledStock('PEND-1', 5);
  assert.deepEqual(await h.payment(orderId), [], 'no payment was requested');
  await eventually('the release marked done', async () =>
    (await getSaga(h.orderflow.db, orderId))!.commands.some(
      (c) => c.type === 'ReleaseStock' && c.status === 'done',
    ),
  );
});

test('customer cancels while AWAITING_PAYMENT: stock released, payment voided, timeout cancelled', async (ctx) => {
  const h = (ctx.h = await startSagaHarness({
    approvalRate: 1,
    latencyMs: 60_000,
    paymentTimeoutMs: 60_000,
  }));
  await h.ok(REGISTER, { sku: 'AWAIT-1', stock: 5 });
  const orderId = await h.place('await', [{ sku: 'AWAIT-1', quantity: 2 }]);
  await h.waitForOrder(orderId, 'AWAITING_PAYMENT');
  await h.ok(CANCEL, { id: orderId });
  const saga = await h.waitForSaga(orderId, 'compensated');
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'CUSTOMER_CANCELLED');
  await h.settledStock('AWAIT-1', 5);
  assert.deepEqual(
    (await h.payment(orderId)).map((e) => [e.type, e.data.refunded]),
    [
      ['PaymentRequested', undefined],
      ['PaymentVoided', false],
    ],
  );
  assert.ok(saga.timers[0]!.cancelledAt && !saga.timers[0]!.firedAt);
});

test('payment declined: stock released, order cancelled PAYMENT_FAILED, saga compensated', async (ctx) => {
  const h = (ctx.h = await startSagaHarness({ approvalRate: 0, latencyMs: 5 }));
  await h.ok(REGISTER, { sku: 'DECL-1', stock: 3 });
  const orderId = await h.place('decl', [{ sku: 'DECL-1', quantity: 3 }]);
  await h.waitForSaga(orderId, 'compensated');
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'PAYMENT_FAILED');
  await h.settledStock('DECL-1', 3);
});

test('payment times out: stock released, payment voided, order cancelled PAYMENT_TIMEOUT', async (ctx) => {
  const h = (ctx.h = await startSagaHarness({ approvalRate: 1, latencyMs: 60_000, paymentTimeoutMs: 300 }));
  await h.ok(REGISTER, { sku: 'SLOW-1', stock: 4 });
  const orderId = await h.place('slow', [{ sku: 'SLOW-1', quantity: 4 }]);
  const saga = await h.waitForSaga(orderId, 'compensated');
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'PAYMENT_TIMEOUT');
  await h.settledStock('SLOW-1', 4);
  assert.deepEqual(
    (await h.payment(orderId)).map((e) => e.type),
    ['PaymentRequested', 'PaymentVoided'],
  );
  assert.ok(saga.steps.some((s) => s.kind === 'timer-fired' && s.detail.name === 'payment-timeout'));
});

test('a payment confirmed after the timeout cancelled the order is refunded; the order stays cancelled', async (ctx) => {
  const gate = holding('VoidPayment'); // the void is slow to reach the provider; its callback overtakes it
  const h = (ctx.h = await startSagaHarness({
    approvalRate: 1,
    latencyMs: 1000,
    paymentTimeoutMs: 300,
    wrapSender: gate.wrapSender,
  }));
  await h.ok(REGISTER, { sku: 'LATE-1', stock: 4 });
  const orderId = await h.place('late', [{ sku: 'LATE-1', quantity: 1 }]);
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'PAYMENT_TIMEOUT');
  await eventually('the late confirmation', async () =>
    (await h.payment(orderId)).some((e) => e.type === 'PaymentConfirmed'),
  );
  gate.open();
  await h.waitForSaga(orderId, 'compensated');
  const payment = await h.payment(orderId);
  assert.deepEqual(
    payment.map((e) => [e.type, e.data.refunded]),
    [
      ['PaymentRequested', undefined],
      ['PaymentConfirmed', undefined],
      ['PaymentVoided', true],
    ],
  );
  assert.equal((await h.order(orderId)).status, 'CANCELLED');
  await h.settledStock('LATE-1', 4);
});

test('a late callback after the void is recorded and refunded: the payment stays voided, the order cancelled', async (ctx) => {
  const h = (ctx.h = await startSagaHarness({ approvalRate: 1, latencyMs: 1000, paymentTimeoutMs: 100 }));
  await h.ok(REGISTER, { sku: 'VOID-1', stock: 4 });
  const orderId = await h.place('void', [{ sku: 'VOID-1', quantity: 1 }]);
  await h.waitForSaga(orderId, 'compensated');
  // The simulator answers within 1,500 ms, then answers the refund within as long again.
  const events = await eventually(
    'the late capture refunded',
    async () => {
      const payment = await h.payment(orderId);
      return payment.some((e) => e.type === 'RefundCompleted') ? payment : undefined;
    },
    { timeoutMs: 15_000 },
  );
  assert.deepEqual(
    events.map((e) => [e.type, e.data.refunded ?? e.data.amount ?? null]),
    [
      ['PaymentRequested', 250],
      ['PaymentVoided', false],
      ['PaymentCapturedAfterVoid', 250],
      ['RefundRequested', 250],
      ['RefundCompleted', 250],
    ],
  );
  assert.equal((await h.waitForOrder(orderId, 'CANCELLED')).cancellationReason, 'PAYMENT_TIMEOUT');
});

test('a stock release that fails transiently is retried with backoff until it succeeds', async (ctx) => {
  const failures = new Map<string, number>();
  const h = (ctx.h = await startSagaHarness({
    approvalRate: 0,
    latencyMs: 5,
    wrapSender: (send) => async (command) => {
      const n = failures.get(command.commandId) ?? 0;
      if (command.type === 'ReleaseStock' && n < 2) {
        failures.set(command.commandId, n + 1);
        throw Object.assign(new Error('inventory service unavailable'), { code: 'ECONNRESET' });
      }
      await send(command);
    },
  }));
  await h.ok(REGISTER, { sku: 'REL-1', stock: 6 });
  await h.ok(REGISTER, { sku: 'REL-2', stock: 6 });
  const orderId = await h.place('rel', [
    { sku: 'REL-1', quantity: 2 },
    { sku: 'REL-2', quantity: 3 },
  ]);
  await h.waitForSaga(orderId, 'compensated');
  const saga = (await eventually('release outcomes logged', async () => {
    const s = (await getSaga(h.orderflow.db, orderId))!;
    return s.steps.filter((step) => step.kind === 'command' && step.detail.type === 'ReleaseStock').length ===
      2
      ? s
      : undefined;
  }))!;
  const releases = saga.commands.filter((c) => c.type === 'ReleaseStock');
  assert.deepEqual(
    releases.map((c) => [c.status, c.attempts]),
    [
      ['done', 3],
      ['done', 3],
    ],
  );
  assert.equal(saga.steps.filter((s) => s.kind === 'error' && s.detail.transient).length, 4);
  await h.settledStock('REL-2', 6);
});

test.run();
