import * as assert from 'node:assert/strict';
import type { OrderflowError } from '@orderflow/core';
import { suite } from 'uvu';
import { startSagaTestDatabase, type SagaTestDatabase } from '../testing/database.ts';
import { getSaga, listSagaSteps } from './get.ts';
import { listSagas } from './list.ts';
import { sagaStats } from './stats.ts';

const test = suite<{ t: SagaTestDatabase }>('saga queries on 100,000 sagas');
const SAGAS = 100_000;

test.before(async (ctx) => {
  ctx.t = await startSagaTestDatabase('saga_queries');
  // 100,000 instances: every 10th of another saga type; statuses cycle through six values;
  // finished ones lasted i % 1000 ms; open ones were last touched i seconds ago.
  await ctx.t.db.raw(`
    INSERT INTO saga_instances (saga, instance_id, status, state, position, created_at, updated_at, ended_at, error)
    SELECT CASE WHEN i % 10 = 0 THEN 'other-saga' ELSE 'order-fulfillment' END,
           'o-' || lpad(i::text, 6, '0'),
           (ARRAY['completed','compensated','running','compensating','parked','aborted'])[i % 6 + 1],
           '{}'::jsonb, i,
           now() - make_interval(secs => ${SAGAS} - i),
           now() - make_interval(secs => i),
           CASE WHEN i % 6 IN (0, 1) THEN now() - make_interval(secs => ${SAGAS} - i) + make_interval(secs => (i % 1000) / 1000.0) END,
           CASE WHEN i % 6 = 4 THEN 'ReserveStock failed: test' END
    FROM generate_series(1, ${SAGAS}) AS i`);
  await ctx.t.db.raw(`
    INSERT INTO saga_steps (saga, instance_id, kind, detail, position)
    SELECT 'order-fulfillment', 'o-000001', 'event', jsonb_build_object('type', 'E' || i), i
    FROM generate_series(1, 250) AS i`);
  await ctx.t.db.raw('ANALYZE saga_instances');
});
test.after(async ({ t }) => t.close());

test('listSagas pages newest first with keyset cursors and filters', async ({ t }) => {
  const first = await listSagas(t.db, { first: 50 });
  assert.equal(first.totalCount, SAGAS);
  assert.equal(first.edges.length, 50);
  assert.equal(first.edges[0]!.node.instanceId, 'o-100000');
  const second = await listSagas(t.db, { first: 50, after: first.pageInfo.endCursor });
  assert.equal(second.edges[0]!.node.instanceId, 'o-099950');
  const seen = new Set([...first.edges, ...second.edges].map((e) => e.node.id));
  assert.equal(seen.size, 100);
  const parked = await listSagas(t.db, { status: 'parked', type: 'order-fulfillment', first: 10 });
  assert.ok(parked.edges.every((e) => e.node.status === 'parked' && e.node.saga === 'order-fulfillment'));
  assert.equal(parked.edges[0]!.node.error, 'ReserveStock failed: test');
  const stuck = await listSagas(t.db, { stuckForSeconds: 99_990, first: 100 });
  assert.ok(stuck.totalCount > 0 && stuck.totalCount < 10);
  assert.ok(stuck.edges.every((e) => ['running', 'compensating', 'parked'].includes(e.node.status)));
  // Instance i was created SAGAS - i seconds before the seeding (a few seconds ago).
  const young = await listSagas(t.db, { maxAgeSeconds: 99.5, first: 500 });
  assert.deepEqual(young.edges.map((e) => e.node.instanceId).slice(0, 2), ['o-100000', 'o-099999']);
  assert.ok(young.totalCount >= 90 && young.totalCount <= 100, String(young.totalCount));
  const old = await listSagas(t.db, { minAgeSeconds: 99_995, first: 10 });
  assert.ok(old.totalCount >= 5 && old.totalCount <= 15, String(old.totalCount));
  assert.ok(old.edges.every((e) => Number(e.node.instanceId.slice(2)) <= 15));
  await assert.rejects(listSagas(t.db, { minAgeSeconds: -1 }), { code: 'VALIDATION_FAILED' });
  const last = await listSagas(t.db, { first: 20, after: Buffer.from('s:21').toString('base64url') });
  assert.deepEqual(last.pageInfo, { hasNextPage: false, endCursor: last.pageInfo.endCursor });
  assert.equal(last.edges.length, 20);
});

test('sagaStats: counts per status and duration percentiles', async ({ t }) => {
  const stats = await sagaStats(t.db);
  assert.equal(stats.total, SAGAS);
  assert.equal(stats.byStatus.completed + stats.byStatus.compensated, stats.durationsMs.count);
  assert.ok(Math.abs(stats.durationsMs.p50! - 500) < 20, `p50 ${stats.durationsMs.p50}`);
  assert.ok(stats.durationsMs.max! <= 1000);
  assert.ok(stats.oldestOpenUpdatedAt);
  const other = await sagaStats(t.db, { type: 'other-saga' });
  assert.equal(other.total, SAGAS / 10);
});

test('getSaga and listSagaSteps; bad input gets typed errors', async ({ t }) => {
  const saga = (await getSaga(t.db, 'o-000001'))!;
  assert.equal(saga.id, 'order-fulfillment:o-000001');
  assert.equal(saga.steps.length, 250);
  const page = await listSagaSteps(t.db, saga.id, { first: 100 });
  const next = await listSagaSteps(t.db, saga.id, { first: 200, after: page.pageInfo.endCursor });
  assert.deepEqual(
    [page.totalCount, page.edges.length, next.edges.length, next.pageInfo.hasNextPage],
    [250, 100, 150, false],
  );
  assert.equal(await getSaga(t.db, 'order-fulfillment:nope'), null);
  const code = (e: unknown) => (e as OrderflowError).code;
  await assert.rejects(getSaga(t.db, ''), (e) => code(e) === 'VALIDATION_FAILED');
  await assert.rejects(listSagas(t.db, { after: 'garbage' }), (e) => code(e) === 'VALIDATION_FAILED');
  await assert.rejects(listSagas(t.db, { status: 'lost' as never }), (e) => code(e) === 'VALIDATION_FAILED');
  await assert.rejects(listSagas(t.db, { first: 501 }), (e) => code(e) === 'VALIDATION_FAILED');
  await assert.rejects(listSagaSteps(t.db, 'order-fulfillment:nope'), (e) => code(e) === 'NOT_FOUND');
});

test('steps grouped in rows (one row per instance and transaction) page like single ones', async ({ t }) => {
  // o-000002: single steps, a group of 7, a single step, a group of 3 — 12 steps in 4 rows.
  const row = (kind: string, detail: unknown) =>
    t
      .db('saga_steps')
      .insert({ saga: 'order-fulfillment', instance_id: 'o-000002', kind, detail: JSON.stringify(detail) });
  const grouped = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      kind: 'event',
      detail: { n: from + i },
      position: String(from + i),
      actor: null,
    }));
  await row('event', { n: 1 });
  await row('steps', grouped(2, 7));
  await row('operator', { n: 9 });
  await row('steps', grouped(10, 3));
  const all = (await getSaga(t.db, 'o-000002'))!.steps;
  assert.deepEqual(
    all.map((s) => (s.detail as unknown as { n: number }).n),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  assert.equal(all[1]!.position, 2n);
  assert.ok(
    all.every((s, i) => i === 0 || s.seq > all[i - 1]!.seq),
    'seq orders the steps',
  );
  for (const first of [1, 2, 5]) {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof listSagaSteps>> = await listSagaSteps(t.db, 'o-000002', {
        first,
        after,
      });
      assert.equal(page.totalCount, 12);
      seen.push(...page.edges.map((e) => (e.node.detail as unknown as { n: number }).n));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], `pages of ${first}`);
  }
});

test.run();
