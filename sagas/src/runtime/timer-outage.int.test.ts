/**
 * The timer poller through a database outage (the link cut by a TCP proxy): it keeps polling
 * with backoff, reports the outage once and its end once, and fires the timers due meanwhile
 * once the database is back — it never stops for good.
 */
import * as assert from 'node:assert/strict';
import {
  createTestDatabase,
  eventually,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import { suite } from 'uvu';
import type { ProcessManager } from './process-manager.ts';
import { startTimerPoller } from './timer-poller.ts';
import { migrateSagaTables } from '../testing/database.ts';
import { SAGA_INSTANCES, SAGA_TIMERS } from './tables.ts';

const test = suite<{ database: TestDatabase; proxy: TcpProxy; direct: Knex }>('saga timer poller: outages');

test.before(async (ctx) => {
  ctx.database = await createTestDatabase('saga_timer_outage');
  const url = new URL(ctx.database.url);
  ctx.proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  ctx.direct = knexFactory({ client: 'pg', connection: ctx.database.url, pool: { min: 0, max: 2 } });
  await migrateSagaTables(ctx.direct);
});
test.after(async ({ database, proxy, direct }) => {
  await direct.destroy();
  await proxy.close();
  await database.drop();
});

test('polls on through an outage, reports it once, and fires what fell due', async ({
  database,
  proxy,
  direct,
}) => {
  const db = knexFactory({
    client: 'pg',
    connection: proxy.via(database.url),
    pool: { min: 0, max: 2 },
    acquireConnectionTimeout: 2000,
  });
  const fired: string[] = [];
  const pm: ProcessManager<Record<string, never>> = {
    name: 'outage-saga',
    eventTypes: [],
    correlate: () => null,
    evolve: (state) => state,
    status: () => 'running',
    decide: (input) => {
      fired.push(input.type);
      return [];
    },
  };
  const errors: unknown[] = [];
  let recovered = 0;
  const poller = startTimerPoller(db, pm, () => undefined, {
    timerIntervalMs: 50,
    onTimerError: (e) => errors.push(e),
    onTimerRecovered: () => recovered++,
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.cut();
    await direct(SAGA_INSTANCES).insert({
      saga: pm.name,
      instance_id: 'i-1',
      status: 'running',
      state: JSON.stringify({}),
      position: 0,
    });
    await direct(SAGA_TIMERS).insert({
      saga: pm.name,
      instance_id: 'i-1',
      name: 'deadline',
      due_at: new Date(Date.now() - 1000),
      input_type: 'DeadlinePassed',
      input_data: JSON.stringify({}),
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(errors.length, 1, `one report of the outage, not one per poll: ${errors.length}`);
    proxy.restore();
    await eventually('the poller is back', () => recovered === 1, { timeoutMs: 15_000 });
    await eventually('the timer due during the outage fired', async () => {
      const row = await direct(SAGA_TIMERS).where({ saga: pm.name, name: 'deadline' }).first();
      return row?.fired_at ? row : undefined;
    });
    assert.deepEqual(fired, ['DeadlinePassed']);
    assert.equal(errors.length, 1);
  } finally {
    await poller.stop();
    await db.destroy();
  }
});

test.run();
