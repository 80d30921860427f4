import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { SAGA_INSTANCES, SAGA_STEPS } from '../runtime/tables.ts';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { watchSagaChanges } from './changes.ts';
import type { SagaSummary } from './views.ts';

/** The step-log watch behind the `sagaUpdated` subscription, against a real Postgres. */
const test = suite<{ t: SagaTestDatabase }>('watchSagaChanges');
test.before.each(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_changes');
});
test.after.each(async ({ t }) => t.close());

const instance = (id: string, status = 'running') => ({
  saga: 'order-fulfillment',
  instance_id: id,
  status,
  state: {},
  position: 1,
});
const step = (id: string) => ({ saga: 'order-fulfillment', instance_id: id, kind: 'event', detail: {} });

test('reports each changed saga once per poll, with its current summary, and no history', async ({ t }) => {
  await t.db(SAGA_INSTANCES).insert([instance('old'), instance('a'), instance('b')]);
  await t.db(SAGA_STEPS).insert(step('old'));
  const seen: SagaSummary[][] = [];
  const watch = await watchSagaChanges(t.db, { intervalMs: 20, onChanges: (s) => seen.push([...s]) });
  try {
    await t.db(SAGA_STEPS).insert([step('a'), step('a'), step('b')]);
    await t.db(SAGA_INSTANCES).where({ instance_id: 'a' }).update({ status: 'completed' });
    await eventually('both changes reported', async () => (seen.flat().length >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    const ids = seen.flat().map((s) => s.instanceId);
    assert.deepEqual(
      [...ids].sort(),
      ['a', 'b'],
      'each once; the step from before the watch is not reported',
    );
    assert.equal(seen.flat().find((s) => s.instanceId === 'a')?.id, 'order-fulfillment:a');
  } finally {
    await watch.stop();
  }
});

test('a step that commits after a later-numbered one is still reported (within the lookback)', async ({
  t,
}) => {
  await t.db(SAGA_INSTANCES).insert([instance('slow'), instance('fast')]);
  const seen: string[] = [];
  const watch = await watchSagaChanges(t.db, {
    intervalMs: 20,
    lookbackMs: 5000,
    onChanges: (s) => seen.push(...s.map((x) => x.instanceId)),
  });
  const trx = await t.db.transaction();
  try {
    await trx(SAGA_STEPS).insert(step('slow')); // takes the lower seq, commits last
    await t.db(SAGA_STEPS).insert(step('fast'));
    await eventually('fast reported', async () => (seen.includes('fast') ? true : undefined));
    assert.ok(!seen.includes('slow'), 'not visible yet');
    await trx.commit();
    await eventually('slow reported after its commit', async () =>
      seen.includes('slow') ? true : undefined,
    );
    assert.deepEqual(seen.sort(), ['fast', 'slow']);
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
    await watch.stop();
  }
});

test.run();
