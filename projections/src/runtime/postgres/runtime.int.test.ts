/**
 * The projection runtime against real Postgres: a killed projector resumes without double
 * counting, failing events are parked, blue-green rebuilds and verification.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { consumerMigrations, readCheckpoints } from '@orderflow/consumer';
import { hasErrorCode, type RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import {
  dailySales,
  listParkedEvents,
  orderDetailsProjection,
  projectionMigrations,
  projectionProcessor,
  projections,
  rebuildProjection,
  retryParkedEvents,
  runMigrations,
  startProjector,
  verifyProjection,
  type Projection,
} from '../../index.ts';
import { seedOrders } from '../../testing/seed.ts';
import type { OrderDetailsEvent } from '../../read-models/order-details/row.ts';

interface Ctx {
  db: TestDatabase;
  pool: pg.Pool;
  knex: Knex;
  store: EventStore;
}
const test = suite<Ctx>('projection runtime');

test.before.each(async (ctx) => {
  ctx.db = await createTestDatabase('projections');
  ctx.pool = new pg.Pool({ connectionString: ctx.db.url, max: 10 });
  ctx.knex = knexFactory({ client: 'pg', connection: ctx.db.url, pool: { min: 0, max: 8 } });
  await ensureEventStoreSchema(ctx.pool);
  await runMigrations(ctx.knex, [...projectionMigrations, ...consumerMigrations]);
  ctx.store = createPostgresEventStore(ctx.pool, { pollIntervalMs: 200 });
});
test.after.each(async ({ db, pool, knex, store }) => {
  await store.close();
  await knex.destroy();
  await pool.end();
  await db.drop();
});

const child = (url: string): ChildProcess =>
  spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../testing/projector-child.ts', import.meta.url))],
    {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    },
  );
const killed = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });

/**
 * Whether every projection's live checkpoint has reached the last event of its types: verify
 * compares at the live checkpoint, so a projection left behind by a killed projector would make
 * it wait for a catch-up that never comes.
 */
async function allCaughtUp(ctx: Ctx): Promise<boolean> {
  const live = await readCheckpoints(
    ctx.knex,
    projections.map((p) => p.name),
  );
  for (const projection of projections) {
    const events = await ctx.store.readAll({
      maxCount: 100_000,
      filter: { eventTypes: projection.eventTypes },
    });
    const last = events.at(-1)?.position ?? 0n;
    if ((live.get(projection.name) ?? 0n) < last) return false;
  }
  return true;
}

async function expectNoDifferences(ctx: Ctx) {
  for (const projection of projections) {
    const result = await verifyProjection(ctx.knex, ctx.store, projection);
    assert.deepEqual(result.differences, [], `${projection.name} differs from a rebuild`);
  }
}

test('a projector killed mid-batch resumes from its checkpoint without double counting', async (ctx) => {
  await seedOrders(ctx.store, 400);
  for (let round = 0; round < 3; round++) {
    const projector = child(ctx.db.url);
    await new Promise((resolve) => setTimeout(resolve, 900 + round * 300));
    await killed(projector);
  }
  const last = child(ctx.db.url);
  try {
    await eventually(
      'the restarted projector caught up',
      async () => {
        const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders`);
        const confirmed = (await dailySales(ctx.knex, { first: 1000 })).reduce((n, r) => n + r.orders, 0);
        return rows[0].n === 400 && confirmed === 300 && (await allCaughtUp(ctx)) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  } finally {
    await killed(last);
  }
  const sales = await dailySales(ctx.knex, { first: 1000 });
  assert.equal(
    sales.reduce((n, r) => n + r.orders, 0),
    300,
    'each confirmed order counted once',
  );
  await expectNoDifferences(ctx);
});

test('an event whose handler keeps failing is parked and the projection goes on', async (ctx) => {
  let fixed = false;
  const poisoned = (e: RecordedEvent<OrderDetailsEvent>) =>
    !fixed && e.type === 'OrderCreated' && e.data.customerId === 'c-7';
  const flaky: Projection<OrderDetailsEvent> = {
    ...orderDetailsProjection,
    name: 'flaky-orders',
    async apply(trx, events, tables) {
      if (events.some(poisoned)) throw new TypeError('cannot handle customer c-7');
      await orderDetailsProjection.apply(trx, events, tables);
    },
  };
  const projector = await startProjector(ctx.knex, ctx.store, [flaky], { onError: () => undefined });
  try {
    await seedOrders(ctx.store, 60);
    await eventually(
      'orders projected',
      async () => {
        const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders`);
        return rows[0].n === 58 ? true : undefined; // c-7 placed orders 7 and 57
      },
      { timeoutMs: 20_000 },
    );
    const parked = await listParkedEvents(ctx.knex, 'flaky-orders');
    assert.equal(parked.length, 2);
    assert.deepEqual([...new Set(parked.map((p) => p.eventType))], ['OrderCreated']);
    assert.match(parked[0]!.error, /cannot handle customer c-7/);
    assert.equal(parked[0]!.attempts, 3);
    const [status] = await projector.status();
    assert.equal(status!.parked, 2);
    assert.equal(status!.name, 'flaky-orders');

    // The handler is fixed: retrying the parked events applies them and unparks them.
    fixed = true;
    const readEvent = async (position: bigint) =>
      (await ctx.store.readAll({ after: position - 1n, maxCount: 1 }))[0];
    const outcomes = await retryParkedEvents(ctx.knex, readEvent, projectionProcessor(flaky));
    assert.deepEqual(
      outcomes.map((o) => o.applied),
      [true, true],
    );
    const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders WHERE customer_id = 'c-7'`);
    assert.equal(rows[0].n, 2);
    assert.deepEqual(await listParkedEvents(ctx.knex, 'flaky-orders'), []);
    await assert.rejects(
      retryParkedEvents(ctx.knex, readEvent, projectionProcessor(flaky), parked[0]!.eventId),
      (e: unknown) => hasErrorCode(e, 'NOT_FOUND'),
    );
  } finally {
    await projector.stop();
  }
});

test('blue-green rebuild while the live projector runs and orders keep coming', async (ctx) => {
  await seedOrders(ctx.store, 150);
  const projector = await startProjector(ctx.knex, ctx.store, projections);
  try {
    const indexes = `SELECT tablename, regexp_replace(indexdef, '^.* USING ', '') AS def FROM pg_indexes
                     WHERE tablename IN ('orders', 'order_lines') ORDER BY 1, 2`;
    const before = (await ctx.pool.query(indexes)).rows;
    const more = seedOrders(ctx.store, 150, { startAt: 150 });
    const progress: bigint[] = [];
    const result = await rebuildProjection(ctx.knex, ctx.store, orderDetailsProjection, {
      batchSize: 100,
      onProgress: (p) => progress.push(p.position),
    });
    await more;
    assert.ok(result.events > 0 && progress.length > 1);
    assert.equal(result.resumedFrom, 0n);
    // Not waitFor(headPosition()): the head is only what is below the horizon, which any open
    // write transaction on the server holds back, so it can be behind the last append.
    await eventually(
      'the live model has every order',
      async () => {
        const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders`);
        return rows[0].n === 300 ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const { rows: tables } = await ctx.pool.query(
      `SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_\\_%'`,
    );
    assert.deepEqual(tables, [], 'no shadow or old tables left');
    assert.deepEqual(
      (await ctx.pool.query(indexes)).rows,
      before,
      'the rebuilt tables have the same indexes',
    );
    await expectNoDifferences(ctx);
  } finally {
    await projector.stop();
  }
});

test('rebuild: a second one is refused, --from beyond the end is refused, an aborted one resumes', async (ctx) => {
  await seedOrders(ctx.store, 100);
  const head = await ctx.store.headPosition();
  await assert.rejects(
    rebuildProjection(ctx.knex, ctx.store, orderDetailsProjection, { from: head + 1n }),
    (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED') && /beyond the end/.test(e.message),
  );
  const controller = new AbortController();
  let batches = 0;
  const first = rebuildProjection(ctx.knex, ctx.store, orderDetailsProjection, {
    batchSize: 50,
    signal: controller.signal,
    onProgress: () => {
      if (++batches === 2) controller.abort();
    },
  });
  const second = rebuildProjection(ctx.knex, ctx.store, orderDetailsProjection).catch((e: unknown) => e);
  const refused = await second;
  assert.ok(
    hasErrorCode(refused, 'INVALID_STATE') && /already running/.test(refused.message),
    String(refused),
  );
  await assert.rejects(first, (e: unknown) => (e as Error).name === 'AbortError');
  const { rows } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders`);
  assert.equal(rows[0].n, 0, 'the live model (never projected here) was not touched');
  const resumed = await rebuildProjection(ctx.knex, ctx.store, orderDetailsProjection);
  assert.ok(resumed.resumedFrom > 0n, 'resumed the interrupted shadow');
  const { rows: after } = await ctx.pool.query(`SELECT count(*)::int AS n FROM orders`);
  assert.equal(after[0].n, 100);
});

test('verify reports a row that differs from a rebuild', async (ctx) => {
  await seedOrders(ctx.store, 30);
  const projector = await startProjector(ctx.knex, ctx.store, projections);
  try {
    assert.ok(await projector.waitFor(await ctx.store.headPosition(), 20_000));
    await expectNoDifferences(ctx);
    await ctx.pool.query(`UPDATE products SET reserved = reserved + 1 WHERE sku = 'SKU-3'`);
    const stock = projections.find((p) => p.name === 'stock-levels')!;
    const { differences } = await verifyProjection(ctx.knex, ctx.store, stock);
    assert.deepEqual(
      differences.map((d) => [d.table, d.side, d.row.sku]),
      [
        ['products', 'only-live', 'SKU-3'],
        ['products', 'only-rebuilt', 'SKU-3'],
      ],
    );
  } finally {
    await projector.stop();
  }
});

test.run();
