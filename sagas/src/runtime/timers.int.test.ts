import * as assert from 'node:assert/strict';
import { newId, type Clock } from '@orderflow/core';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { createOrderFulfillment } from '../order-fulfillment/index.ts';
import { fulfillmentSender } from '../order-fulfillment/send.ts';
import { getSaga } from '../queries/get.ts';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { placeOrder, registerProduct } from '../testing/orders.ts';
import { startProcessManager } from './processor.ts';
import { fireDueTimers } from './timer-poller.ts';

const test = suite<{ t: SagaTestDatabase }>('durable timers');
test.before.each(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_timers');
});
test.after.each(async ({ t }) => t.close());

test('pollers racing for the same due timer fire it once (FOR UPDATE SKIP LOCKED)', async ({ t }) => {
  const pm = createOrderFulfillment({ paymentTimeoutMs: 60_000 });
  const running = await startProcessManager(t.db, t.store, pm, fulfillmentSender(t.run), {
    timerIntervalMs: 60_000,
  });
  await registerProduct(t.run, 'T-1', 3);
  const orderIds = [newId(), newId(), newId()];
  for (const id of orderIds) await placeOrder(t.run, id, ['T-1']);
  await eventually('timers armed', async () => {
    const open = await t.db('saga_timers').whereNull('fired_at').count({ n: '*' });
    return Number(open[0]!.n) === 3 ? true : undefined;
  });
  await running.stop();

  const later: Clock = { now: () => new Date(Date.now() + 61_000) };
  const results = await Promise.all(
    Array.from({ length: 4 }, () => fireDueTimers(t.db, pm, { clock: later, timerBatchSize: 1 })),
  );
  assert.equal(
    results.reduce((n, r) => n + r.fired, 0),
    3,
    'each timer fired by exactly one poller',
  );
  assert.equal(results.flatMap((r) => r.commands).filter((c) => c.type === 'CancelOrder').length, 3);
  for (const id of orderIds) {
    const saga = (await getSaga(t.db, id))!;
    assert.equal(saga.status, 'compensating');
    assert.equal(saga.steps.filter((s) => s.kind === 'timer-fired').length, 1);
  }
  assert.deepEqual(await fireDueTimers(t.db, pm, { clock: later }), { fired: 0, commands: [] });
});

test.run();
