import * as assert from 'node:assert/strict';
import { getSaga, sagaStats, type CommandSender } from '@orderflow/sagas';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { PLACE, PRODUCT, REGISTER, TEST_ADMIN_KEY, type GqlResponse } from './test/harness.ts';

/**
 * A customer's cancellation racing the confirmation of a paid order. The saga confirms the
 * order before it commits stock, so the order stream decides the race: a cancellation after
 * OrderConfirmed is refused (INVALID_STATE); one before it wins, and the saga refunds the
 * payment and releases the stock, which was never committed.
 */
const test = suite<{ orderflow: Orderflow; database: TestDatabase; open: () => void }>('cancel/confirm race');

test.before.each(async (ctx) => {
  // ConfirmOrder waits for `open()`: the window between PaymentConfirmed and OrderConfirmed.
  const opened = new Promise<void>((resolve) => (ctx.open = resolve));
  const holdConfirm =
    (send: CommandSender): CommandSender =>
    async (command) => {
      if (command.type === 'ConfirmOrder') await opened;
      await send(command);
    };
  ctx.database = await createTestDatabase('e2e_saga_race');
  ctx.orderflow = await startOrderflow({
    databaseUrl: ctx.database.url,
    adminKey: TEST_ADMIN_KEY,
    paymentSimulator: { approvalRate: 1, latencyMs: 5 },
    processManager: { timerIntervalMs: 50, sweepIntervalMs: 100, wrapSender: holdConfirm },
  });
});
test.after.each(async ({ orderflow, database, open }) => {
  open();
  assert.equal((await sagaStats(orderflow.db)).byStatus.parked, 0, 'no saga left parked');
  await orderflow.stop();
  await database.drop();
});

const gql = async (orderflow: Orderflow, query: string, variables: Record<string, unknown>) =>
  (
    await orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      payload: { query, variables },
    })
  ).json() as GqlResponse;
const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id) { orderId position } }`;

async function placePaidOrder(orderflow: Orderflow, sku: string): Promise<string> {
  await gql(orderflow, REGISTER, { sku, stock: 5 });
  const placed = await gql(orderflow, PLACE, {
    input: { customerId: 'c-race', lines: [{ sku, quantity: 2, unitPrice: 250 }] },
    key: `k-${sku}`,
  });
  const orderId = placed.data!.placeOrder.orderId as string;
  await eventually('payment confirmed', async () =>
    (await orderflow.store.readStream(`payment-${orderId}`).catch(() => [])).some(
      (e) => e.type === 'PaymentConfirmed',
    ),
  );
  return orderId;
}

const stock = async (orderflow: Orderflow, sku: string, onHand: number) =>
  eventually(`${sku} on hand ${onHand}, none reserved`, async () => {
    const { product } = (await gql(orderflow, PRODUCT, { sku })).data!;
    return product.onHand === onHand && product.reserved === 0 ? true : undefined;
  });

test('a cancellation that wins the race after payment: refunded, stock released and never committed', async (ctx) => {
  const { orderflow } = ctx;
  const orderId = await placePaidOrder(orderflow, 'RACE-1');
  const cancelled = await gql(orderflow, CANCEL, { id: orderId });
  assert.equal(cancelled.errors, undefined);
  ctx.open();
  const saga = await eventually('saga compensated', async () => {
    const s = await getSaga(orderflow.db, orderId);
    return s?.status === 'compensated' &&
      s.steps.some((st) => st.kind === 'command' && st.detail.outcome === 'refused-tolerated')
      ? s
      : undefined;
  });
  const confirm = saga.commands.find((c) => c.type === 'ConfirmOrder')!;
  assert.match(confirm.lastError!, /INVALID_STATE/);
  const payment = await orderflow.store.readStream(`payment-${orderId}`);
  assert.deepEqual(payment.at(-1)!.type, 'PaymentVoided');
  assert.equal(payment.at(-1)!.data.refunded, true);
  const inventory = (await orderflow.store.readStream('inventory-RACE-1')).map((e) => e.type);
  assert.ok(!inventory.includes('StockCommitted') && inventory.includes('StockReleased'));
  await stock(orderflow, 'RACE-1', 5);
});

test('a cancellation after the order was confirmed is refused with INVALID_STATE; stock is committed', async (ctx) => {
  const { orderflow } = ctx;
  const orderId = await placePaidOrder(orderflow, 'RACE-2');
  ctx.open();
  await eventually(
    'saga completed',
    async () => (await getSaga(orderflow.db, orderId))?.status === 'completed',
  );
  const refused = await gql(orderflow, CANCEL, { id: orderId });
  assert.equal(refused.errors?.[0]?.extensions?.code, 'INVALID_STATE');
  assert.deepEqual(
    (await orderflow.store.readStream(`order-${orderId}`)).map((e) => e.type),
    ['OrderCreated', 'OrderConfirmed'],
  );
  await stock(orderflow, 'RACE-2', 3);
});

test.run();
