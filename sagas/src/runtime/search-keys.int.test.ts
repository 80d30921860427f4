import * as assert from 'node:assert/strict';
import { runMigrations } from '@orderflow/consumer';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import { suite } from 'uvu';
import { listSagas } from '../queries/list.ts';
import { sagaMigrations } from './schema.ts';

/**
 * Migration 0105 on sagas stored before it: their search keys come from the state, and their
 * `created_at` from the first event of their step log (a lone step or the first of a group).
 */
const test = suite<{ database: TestDatabase; db: Knex }>('migration 0105: search keys and created_at');

const TABLE = 'search_keys_test_migrations';

test.before(async (ctx) => {
  ctx.database = await createTestDatabase('saga_search_keys');
  ctx.db = knexFactory({ client: 'pg', connection: ctx.database.url, pool: { min: 0, max: 2 } });
  await runMigrations(ctx.db, sagaMigrations.slice(0, -1), TABLE);
  const state = (orderId: string, customerId: string | undefined, skus: string[]) =>
    JSON.stringify({ orderId, customerId, total: 500, currency: 'GBP', lines: skus.map((sku) => ({ sku })) });
  await ctx.db('saga_instances').insert([
    {
      saga: 'order-fulfillment',
      instance_id: 'o-1',
      status: 'running',
      state: state('o-1', 'c-1', ['A', 'B']),
      position: 1,
    },
    {
      saga: 'order-fulfillment',
      instance_id: 'o-2',
      status: 'parked',
      state: state('o-2', undefined, ['B']),
      position: 2,
    },
    { saga: 'other', instance_id: 'x-1', status: 'running', state: '"not an object"', position: 3 },
  ]);
  await ctx.db('saga_steps').insert([
    {
      saga: 'order-fulfillment',
      instance_id: 'o-1',
      kind: 'event',
      detail: JSON.stringify({ type: 'OrderCreated', recordedAt: '2011-01-02T03:04:05.678Z' }),
    },
    {
      saga: 'order-fulfillment',
      instance_id: 'o-2',
      kind: 'steps',
      detail: JSON.stringify([
        { kind: 'event', detail: { type: 'OrderCreated', recordedAt: '2011-02-03T00:00:00.000Z' } },
        { kind: 'decision', detail: {} },
      ]),
    },
    {
      saga: 'order-fulfillment',
      instance_id: 'o-2',
      kind: 'event',
      detail: JSON.stringify({ recordedAt: '2030-01-01T00:00:00Z' }),
    },
  ]);
  await runMigrations(ctx.db, sagaMigrations, TABLE);
});
test.after(async ({ db, database }) => {
  await db.destroy();
  await database.drop();
});

const found = async (db: Knex, search: string) =>
  (await listSagas(db, { search })).edges.map((e) => e.node.id).sort();

test('older sagas are found by instance id, order id, customer id and SKU', async ({ db }) => {
  assert.deepEqual(await found(db, 'o-1'), ['order-fulfillment:o-1']);
  assert.deepEqual(await found(db, 'c-1'), ['order-fulfillment:o-1']);
  assert.deepEqual(await found(db, 'B'), ['order-fulfillment:o-1', 'order-fulfillment:o-2']);
  assert.deepEqual(await found(db, 'x-1'), ['other:x-1'], 'a state without keys still has its id');
  assert.deepEqual(await found(db, 'other:x-1'), ['other:x-1']);
  assert.deepEqual(await found(db, 'nothing'), []);
});

test('created_at becomes the first event’s recordedAt; a saga without one keeps its own', async ({ db }) => {
  const rows = (await db('saga_instances')
    .select('instance_id', 'created_at')
    .orderBy('instance_id')) as Array<{
    instance_id: string;
    created_at: Date;
  }>;
  const at = Object.fromEntries(rows.map((r) => [r.instance_id, r.created_at.toISOString()]));
  assert.equal(at['o-1'], '2011-01-02T03:04:05.678Z');
  assert.equal(at['o-2'], '2011-02-03T00:00:00.000Z', 'the first row of the log, a group');
  assert.ok(Date.parse(at['x-1']!) > Date.parse('2020-01-01'), 'no step: unchanged');
});

test.run();
