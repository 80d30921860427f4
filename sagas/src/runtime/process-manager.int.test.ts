import * as assert from 'node:assert/strict';
import { createCachedCommandHandler, newId, OrderflowError, type Clock } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import { eventually } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { abortSaga, compensateSaga, retrySaga } from '../operator/actions.ts';
import { createOrderFulfillment } from '../order-fulfillment/index.ts';
import { fulfillmentSender } from '../order-fulfillment/send.ts';
import { getSaga } from '../queries/get.ts';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { placeOrder, registerProduct } from '../testing/orders.ts';
import { startTestProvider } from '../testing/provider.ts';
import type { CommandSender, SagaStatus } from './process-manager.ts';
import { startProcessManager, type ProcessManagerOptions, type RunningProcessManager } from './processor.ts';

const test = suite<{ t: SagaTestDatabase; stops: Array<() => Promise<void>> }>('saga runtime on Postgres');
test.before.each(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_runtime');
  ctx.stops = [];
});
test.after.each(async (ctx) => {
  for (const stop of ctx.stops.reverse()) await stop();
  await ctx.t.close();
});

const fast: ProcessManagerOptions = {
  timerIntervalMs: 50,
  sweepIntervalMs: 100,
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
};

async function start(
  ctx: { t: SagaTestDatabase; stops: Array<() => Promise<void>> },
  options: ProcessManagerOptions & {
    wrap?: (send: CommandSender) => CommandSender;
    paymentTimeoutMs?: number;
  } = {},
): Promise<RunningProcessManager> {
  const send = fulfillmentSender(ctx.t.run);
  const pm = await startProcessManager(
    ctx.t.db,
    ctx.t.store,
    createOrderFulfillment({ paymentTimeoutMs: options.paymentTimeoutMs }),
    options.wrap ? options.wrap(send) : send,
    { ...fast, ...options },
  );
  ctx.stops.push(() => pm.stop());
  return pm;
}

const statusOf = async (t: SagaTestDatabase, orderId: string) =>
  (
    (await t.db('saga_instances').where({ instance_id: orderId }).first()) as
      { status: SagaStatus } | undefined
  )?.status;
const waitForSaga = (t: SagaTestDatabase, orderId: string, status: SagaStatus, timeoutMs = 10_000) =>
  eventually(`saga ${orderId} ${status}`, async () => (await statusOf(t, orderId)) === status, { timeoutMs });
const eventTypes = async (t: SagaTestDatabase, stream: string) =>
  (await t.store.readStream(stream)).map((e) => e.type);

test('a paid order completes; its step log holds every input, decision, command and timer', async (ctx) => {
  const { t } = ctx;
  ctx.stops.push(startTestProvider(t.store, () => 'approve').stop);
  await start(ctx);
  await registerProduct(t.run, 'A', 10);
  await registerProduct(t.run, 'B', 10);
  const orderId = newId();
  await placeOrder(t.run, orderId, ['A', 'B'], 2);
  await waitForSaga(t, orderId, 'completed');
  const saga = (await getSaga(t.db, orderId))!;
  assert.equal(saga.id, `order-fulfillment:${orderId}`);
  assert.ok(saga.endedAt && saga.endedAt >= saga.createdAt);
  const kinds = new Set(saga.steps.map((s) => s.kind));
  for (const kind of ['event', 'decision', 'command', 'timer-set', 'timer-cancelled'])
    assert.ok(kinds.has(kind as never), kind);
  assert.ok(
    saga.steps.filter((s) => s.kind === 'event').every((s) => s.position !== null && s.position > 0n),
  );
  await eventually('every command done', async () =>
    (await getSaga(t.db, orderId))!.commands.every((c) => c.status === 'done') ? true : undefined,
  );
  assert.deepEqual(
    saga.timers.map((timer) => [timer.name, timer.firedAt, timer.cancelledAt !== null]),
    [['payment-timeout', null, true]],
  );
  const order = await eventTypes(t, `order-${orderId}`);
  assert.deepEqual(order, ['OrderCreated', 'OrderConfirmed']);
  const skuA = await t.store.readStream('inventory-A');
  const confirmedAt = (await t.store.readStream(`order-${orderId}`))[1]!.position;
  assert.ok(
    skuA.filter((e) => e.type === 'StockCommitted').every((e) => e.position > confirmedAt),
    'committed after confirmed',
  );
});

test('the payment timeout (15 minutes by default) is a durable timer: armed, then fired after a restart', async (ctx) => {
  const { t } = ctx;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  ctx.stops.push(startTestProvider(t.store, () => 'ignore').stop);
  const first = await start(ctx, { clock });
  await registerProduct(t.run, 'A', 5);
  const orderId = newId();
  await placeOrder(t.run, orderId, ['A'], 2);
  const timer = await eventually('timer armed', async () => {
    const saga = await getSaga(t.db, orderId);
    return saga?.timers[0] && (await eventTypes(t, `payment-${orderId}`)).length === 1
      ? saga.timers[0]
      : undefined;
  });
  const placed = (await t.store.readStream(`order-${orderId}`))[0]!.metadata.recordedAt.getTime();
  const minutes = (timer.dueAt.getTime() - placed) / 60_000;
  assert.ok(minutes > 14.9 && minutes < 15.1, `due after ${minutes} minutes`);
  await first.stop();
  ctx.stops.length = 1;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await statusOf(t, orderId), 'running', 'nothing fires before its time');

  offsetMs = 16 * 60_000;
  await start(ctx, { clock });
  await waitForSaga(t, orderId, 'compensated');
  assert.deepEqual(await eventTypes(t, `order-${orderId}`), ['OrderCreated', 'OrderCancelled']);
  const cancelled = (await t.store.readStream(`order-${orderId}`))[1]!;
  assert.equal((cancelled.data as { reason: string }).reason, 'PAYMENT_TIMEOUT');
  const payment = await t.store.readStream(`payment-${orderId}`);
  assert.deepEqual(
    payment.map((e) => [e.type, (e.data as { refunded?: boolean }).refunded]),
    [
      ['PaymentRequested', undefined],
      ['PaymentVoided', false],
    ],
  );
  assert.deepEqual(await eventTypes(t, 'inventory-A'), [
    'ProductRegistered',
    'StockAdded',
    'StockReserved',
    'StockReleased',
  ]);
  const saga = (await getSaga(t.db, orderId))!;
  assert.ok(saga.steps.some((s) => s.kind === 'timer-fired'));
  assert.ok(saga.timers[0]!.firedAt);
});

test('transient failures are retried with backoff, then park the saga; retry by an operator resumes it', async (ctx) => {
  const { t } = ctx;
  let failing = true;
  ctx.stops.push(startTestProvider(t.store, () => 'approve').stop);
  await start(ctx, {
    wrap: (send) => async (command) => {
      if (failing && command.type === 'ReserveStock' && command.data.sku === 'B')
        throw Object.assign(new Error('the provider is flaky'), { code: 'FLAKY' });
      await send(command);
    },
  });
  await registerProduct(t.run, 'A', 5);
  await registerProduct(t.run, 'B', 5);
  const orderId = newId();
  await placeOrder(t.run, orderId, ['A', 'B']);
  await waitForSaga(t, orderId, 'parked');
  const parked = (await getSaga(t.db, orderId))!;
  assert.match(parked.error!, /^ReserveStock failed: FLAKY: the provider is flaky/);
  const failed = parked.commands.find((c) => c.status === 'failed')!;
  assert.equal(parked.failedCommandId, failed.commandId);
  assert.equal(failed.attempts, 3);
  const errors = parked.steps
    .filter((s) => s.kind === 'error')
    .map((s) => [s.detail.attempt, s.detail.parked ?? false]);
  assert.deepEqual(errors, [
    [1, false],
    [2, false],
    [3, true],
  ]);

  failing = false;
  const outcome = await retrySaga(t.db, orderId, { actor: 'test:ops', reason: 'network back' });
  assert.deepEqual([outcome.saga.status, outcome.commandIds], ['running', [failed.commandId]]);
  await waitForSaga(t, orderId, 'completed');
  const operator = (await getSaga(t.db, orderId))!.steps.find((s) => s.kind === 'operator')!;
  assert.equal(operator.actor, 'test:ops');
  assert.equal(operator.detail.reason, 'network back');
  await assert.rejects(
    retrySaga(t.db, orderId, { actor: 'test:ops' }),
    (e: OrderflowError) => e.code === 'INVALID_STATE',
  );
  await assert.rejects(
    retrySaga(t.db, newId(), { actor: 'test:ops' }),
    (e: OrderflowError) => e.code === 'NOT_FOUND',
  );
});

test('an outage (lost connections) outlasting every attempt parks nothing: the command goes out once it ends', async (ctx) => {
  const { t } = ctx;
  let failures = 0;
  ctx.stops.push(startTestProvider(t.store, () => 'approve').stop);
  await start(ctx, {
    // Three attempts at most (fast), and the database "away" for three times as many sends.
    wrap: (send) => async (command) => {
      if (command.type === 'ReserveStock' && failures < 9) {
        failures++;
        throw failures % 2
          ? Object.assign(new Error('connection reset by peer'), { code: 'ECONNRESET' })
          : Object.assign(new Error('terminating connection due to administrator command'), {
              code: '57P01',
            });
      }
      await send(command);
    },
  });
  await registerProduct(t.run, 'A', 5);
  const orderId = newId();
  await placeOrder(t.run, orderId, ['A']);
  await waitForSaga(t, orderId, 'completed', 20_000);
  assert.equal(failures, 9);
  const saga = (await getSaga(t.db, orderId))!;
  assert.equal(saga.failedCommandId, null);
  assert.ok(!saga.steps.some((s) => s.kind === 'error' && s.detail.parked));
});

test('a permanent refusal parks at once; forced compensation undoes the order; abort stops a saga', async (ctx) => {
  const { t } = ctx;
  await start(ctx, {
    wrap: (send) => async (command) => {
      if (command.type === 'RequestPayment')
        throw new OrderflowError('INVALID_STATE', 'provider account closed');
      await send(command);
    },
  });
  await registerProduct(t.run, 'A', 5);
  const [first, second] = [newId(), newId()];
  await placeOrder(t.run, first, ['A']);
  await placeOrder(t.run, second, ['A']);
  await waitForSaga(t, first, 'parked');
  await waitForSaga(t, second, 'parked');
  const parked = (await getSaga(t.db, first))!;
  assert.equal(parked.commands.find((c) => c.type === 'RequestPayment')!.attempts, 1);

  const outcome = await compensateSaga(t.db, `order-fulfillment:${first}`, {
    actor: 'test:ops',
    reason: 'provider gone',
  });
  assert.equal(outcome.saga.status, 'compensating');
  assert.equal(outcome.commandIds.length, 2, 'ReleaseStock and CancelOrder');
  await waitForSaga(t, first, 'compensated');
  const cancelled = (await t.store.readStream(`order-${first}`)).at(-1)!;
  assert.deepEqual(cancelled.data.reason, 'PAYMENT_FAILED');
  assert.ok((await eventTypes(t, 'inventory-A')).includes('StockReleased'));

  const aborted = await abortSaga(t.db, second, { actor: 'test:ops', reason: 'settled by hand' });
  assert.equal(aborted.saga.status, 'aborted');
  const saga = (await getSaga(t.db, second))!;
  assert.ok(saga.timers.every((timer) => timer.cancelledAt !== null));
  const operator = saga.steps.find((s) => s.kind === 'operator')!;
  assert.deepEqual([operator.actor, operator.detail.action], ['test:ops', 'abort']);
  assert.equal(saga.steps.at(-1)!.kind, 'timer-cancelled');
  assert.ok(saga.commands.every((c) => c.status !== 'pending' && c.status !== 'held'));
  await assert.rejects(
    compensateSaga(t.db, second, { actor: 'x' }),
    (e: OrderflowError) => e.code === 'INVALID_STATE',
  );
  await assert.rejects(
    abortSaga(t.db, first, { actor: 'x' }),
    (e: OrderflowError) => e.code === 'INVALID_STATE',
  );
  await assert.rejects(
    abortSaga(t.db, first, { actor: ' ' }),
    (e: OrderflowError) => e.code === 'VALIDATION_FAILED',
  );
});

test('a second process stands by while the first applies, and takes over — timers, outbox and all — when it stops', async (ctx) => {
  const { t } = ctx;
  ctx.stops.push(startTestProvider(t.store, () => 'approve').stop);
  const first = await start(ctx);
  await eventually('the first applies', () => first.status().state === 'running');
  // The other process: connections of its own, as a second deployment would have.
  const pool = new pg.Pool({ connectionString: t.url, max: 4 });
  const db = knexFactory({ client: 'pg', connection: t.url, pool: { min: 0, max: 4 } });
  const store = createPostgresEventStore(pool, { schemas: domainSchemaRegistry, pollIntervalMs: 200 });
  const second = await startProcessManager(
    db,
    store,
    createOrderFulfillment({}),
    fulfillmentSender(createCachedCommandHandler(store)),
    { ...fast, lockRetryMs: 100 },
  );
  ctx.stops.push(async () => {
    await second.stop();
    await store.close();
    await Promise.allSettled([pool.end(), db.destroy()]);
  });
  assert.equal(second.status().state, 'standby');
  await registerProduct(t.run, 'A', 10);
  const before = newId();
  await placeOrder(t.run, before, ['A']);
  await waitForSaga(t, before, 'completed');
  assert.equal(second.status().state, 'standby', 'the second process applied nothing');

  await first.stop();
  await eventually('the second took over', () => second.status().state === 'running');
  const after = newId();
  await placeOrder(t.run, after, ['A']);
  await waitForSaga(t, after, 'completed');
  assert.ok(second.status().checkpoint > first.status().checkpoint, 'the second moved the checkpoint on');
});

test.run();
