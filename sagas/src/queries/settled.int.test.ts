import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { checkSagasSettled } from './settled.ts';

/** The load's saga check: every saga completed or compensated, none parked or stuck. */
const test = suite<{ t: SagaTestDatabase }>('checkSagasSettled');
test.before.each(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_settled');
});
test.after.each(async ({ t }) => t.close());

const row = (id: string, status: string, idleSeconds = 0) => ({
  saga: 'order-fulfillment',
  instance_id: id,
  status,
  state: {},
  position: 1,
  updated_at: new Date(Date.now() - idleSeconds * 1000),
});

test('completed and compensated sagas pass', async ({ t }) => {
  await t.db(SAGA_INSTANCES).insert([row('a', 'completed'), row('b', 'compensated')]);
  const report = await checkSagasSettled(t.db, { paymentTimeoutMs: 60_000, waitMs: 0 });
  assert.equal(report.ok, true, report.lines.join('\n'));
  assert.match(
    report.lines[0]!,
    /sagas: 2 in all: running 0, compensating 0, completed 1, compensated 1, parked 0, aborted 0/,
  );
});

test('a parked saga, or one open longer than the payment timeout, fails the check', async ({ t }) => {
  await t.db(SAGA_INSTANCES).insert([row('a', 'completed'), row('p', 'parked'), row('r', 'running', 120)]);
  const report = await checkSagasSettled(t.db, { paymentTimeoutMs: 60_000, waitMs: 300 });
  assert.equal(report.ok, false);
  assert.ok(report.lines.some((l) => /1 parked sagas/.test(l)));
  assert.ok(
    report.lines.some((l) =>
      /1 open sagas idle longer than the payment timeout, e.g. order-fulfillment:r$/.test(l),
    ),
    report.lines.join('\n'),
  );
});

test('a young running saga is waited for, and passes once it ends', async ({ t }) => {
  await t.db(SAGA_INSTANCES).insert(row('young', 'running'));
  setTimeout(
    () =>
      void t
        .db(SAGA_INSTANCES)
        .update({ status: 'completed' })
        .then(() => undefined),
    300,
  );
  const report = await checkSagasSettled(t.db, { paymentTimeoutMs: 60_000, waitMs: 5000 });
  assert.equal(report.ok, true, report.lines.join('\n'));
});

test.run();
