import * as assert from 'node:assert/strict';
import type { OrderflowError } from '@orderflow/core';
import { suite } from 'uvu';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { MAX_BATCH_SIZE, runSagaBatch } from './batch.ts';

/** The bound of a batch, on 1,001 parked sagas stored directly. */
const test = suite<{ t: SagaTestDatabase }>('saga batch bound');
const SAGAS = MAX_BATCH_SIZE + 1;
const ACTOR = { actor: 'test:ops', reason: 'drill' };

test.before(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_batch');
  await ctx.t.db.raw(`
    INSERT INTO saga_instances (saga, instance_id, status, state, position)
    SELECT 'order-fulfillment', 'o-' || lpad(i::text, 5, '0'), 'parked', '{}'::jsonb, i
    FROM generate_series(1, ${SAGAS}) AS i`);
});
test.after(async ({ t }) => t.close());

test('a dry run counts every match and lists the first 1000; acting on more than 1000 is refused', async ({
  t,
}) => {
  const dry = await runSagaBatch(
    t.db,
    { action: 'abort', filter: { status: 'parked' }, dryRun: true },
    ACTOR,
  );
  assert.equal(dry.matched, SAGAS);
  assert.equal(dry.ids.length, MAX_BATCH_SIZE);
  assert.equal(dry.ids[0], 'order-fulfillment:o-00001', 'oldest first');
  await assert.rejects(
    runSagaBatch(t.db, { action: 'abort', filter: { status: 'parked' } }, ACTOR),
    (e: OrderflowError) =>
      e.code === 'VALIDATION_FAILED' && e.details?.field === 'filter' && e.details?.matched === SAGAS,
  );
  const [{ count }] = (await t.db('saga_instances').where({ status: 'parked' }).count({ count: '*' })) as [
    { count: string },
  ];
  assert.equal(Number(count), SAGAS, 'nothing changed');
});

test('ids narrow a batch to a chunk of the filter: ids outside it are not touched', async ({ t }) => {
  const result = await runSagaBatch(
    t.db,
    {
      action: 'abort',
      filter: {
        status: 'parked',
        ids: ['order-fulfillment:o-00001', 'order-fulfillment:o-00002', 'other:o-00003'],
      },
    },
    ACTOR,
  );
  assert.deepEqual([result.matched, result.succeeded, result.failed], [2, 2, 0]);
  assert.deepEqual(
    result.results.map((r) => [r.id, r.status]),
    [
      ['order-fulfillment:o-00001', 'aborted'],
      ['order-fulfillment:o-00002', 'aborted'],
    ],
  );
  const steps = (await t
    .db('saga_steps')
    .where({ kind: 'operator' })
    .select('actor', 'instance_id')) as Array<{
    actor: string;
    instance_id: string;
  }>;
  assert.deepEqual(steps.map((s) => [s.instance_id, s.actor]).sort(), [
    ['o-00001', 'test:ops'],
    ['o-00002', 'test:ops'],
  ]);
});

test.run();
