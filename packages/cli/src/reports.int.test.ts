/**
 * `orderflow reports export` as an operator runs it: the real CLI in a child process against a
 * test database whose hourly read models were projected from seeded orders.
 */
import * as assert from 'node:assert/strict';
import { migrate, openEventStore } from '@orderflow/host';
import {
  hourlyFulfilment,
  hourlyFulfilmentProjection,
  hourlySales,
  hourlySalesProjection,
  startProjector,
} from '@orderflow/projections';
import { seedOrders } from '@orderflow/projections/testing';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { parse } from 'csv-parse/sync';
import knexFactory from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const test = suite<{ db: TestDatabase }>('orderflow reports export');

const orderflow = (db: TestDatabase, ...args: string[]) =>
  runCli({ DATABASE_URL: db.url, EVENTSTORE_URL: '', REDIS_URL: '' }, ...args);

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('cli_reports');
  const pool = new pg.Pool({ connectionString: ctx.db.url, max: 4 });
  const knex = knexFactory({ client: 'pg', connection: ctx.db.url, pool: { min: 0, max: 4 } });
  const store = openEventStore(pool, undefined);
  try {
    await migrate(pool, knex);
    // Order i is placed 2011-01-(1 + i % 60) 10:00 UTC: 70 orders span Jan 1 … Mar 1.
    await seedOrders(store, 70);
    const projector = await startProjector(knex, store, [hourlySalesProjection, hourlyFulfilmentProjection]);
    try {
      const chunks = [
        { from: '2011-01-01T00:00Z', to: '2011-02-01T00:00Z' },
        { from: '2011-02-01T00:00Z', to: '2011-03-02T00:00Z' },
      ];
      await eventually(
        'every order and payment projected',
        async () => {
          const sales = (await Promise.all(chunks.map((c) => hourlySales(knex, c)))).flat();
          const hours = (await Promise.all(chunks.map((c) => hourlyFulfilment(knex, c)))).flat();
          const settled = sales.reduce((n, r) => n + r.confirmed + r.cancelled, 0);
          const paid = hours.reduce((n, r) => n + r.paymentsRequested, 0);
          const confirmed = hours.reduce((n, r) => n + r.confirmed, 0);
          return settled === 70 && paid === 70 && confirmed === 53 ? true : undefined;
        },
        { timeoutMs: 20_000 },
      );
    } finally {
      await projector.stop();
    }
  } finally {
    await store.close();
    await knex.destroy();
    await pool.end();
  }
});
test.after(async ({ db }) => db.drop());

test('the sales report as CSV, over more than 31 days', async ({ db }) => {
  const out = await orderflow(
    db,
    'reports',
    'export',
    '--from',
    '2011-01-01T00:00Z',
    '--to',
    '2011-03-02T00:00Z',
  );
  assert.equal(out.code, 0, out.stderr);
  const records = parse(out.stdout, { columns: true }) as Record<string, string>[];
  assert.equal(records.length, 60, 'one row per day with orders (one country each)');
  assert.equal(
    records.reduce((n, r) => n + Number(r.placed), 0),
    70,
  );
  assert.deepEqual(
    [records[1]!.country, records[1]!.confirmed, records[1]!.units, records[1]!.revenue],
    ['France', '2', '4', '1000'],
  );
  assert.deepEqual(records[3], {
    hour: '2011-01-04T10:00:00Z',
    country: 'Unknown',
    currency: 'GBP',
    placed: '2',
    confirmed: '0',
    units: '0',
    revenue: '0',
    discount: '0',
    cancelled: '2',
    cancelled_out_of_stock: '0',
    cancelled_payment_failed: '2',
    cancelled_payment_timeout: '0',
    cancelled_customer_cancelled: '0',
    cancelled_coupon_rejected: '0',
    refunds: '0',
    refund_count: '0',
  });
});

test('the fulfilment report as CSV', async ({ db }) => {
  const out = await orderflow(
    db,
    'reports',
    'export',
    '--report',
    'fulfilment',
    '--format',
    'csv',
    '--from',
    '2011-01-01T00:00Z',
    '--to',
    '2011-01-03T00:00Z',
  );
  assert.equal(out.code, 0, out.stderr);
  assert.equal(
    out.stdout,
    [
      'hour,confirmed,fulfilment_p50_ms,fulfilment_p95_ms,shipped,shipping_p50_ms,shipping_p95_ms,payments_requested,payments_failed,payment_failure_rate,top_skus',
      '2011-01-01T10:00:00Z,2,0,0,0,,,2,0,0,SKU-0=2',
      '2011-01-02T10:00:00Z,2,0,0,0,,,2,0,0,SKU-1=4',
      '',
    ].join('\n'),
  );
});

test('bad bounds, report or format exit 2 (usage) with the reason', async ({ db }) => {
  const off = await orderflow(
    db,
    'reports',
    'export',
    '--from',
    '2011-01-01T00:30Z',
    '--to',
    '2011-01-02T00:00Z',
  );
  assert.equal(off.code, 2);
  assert.match(off.stderr, /from must be an ISO-8601 date-time on a whole UTC hour/);
  const report = await orderflow(
    db,
    'reports',
    'export',
    '--report',
    'x',
    '--from',
    '2011-01-01T00:00Z',
    '--to',
    '2011-01-02T00:00Z',
  );
  assert.match(report.stderr, /--report must be one of sales, fulfilment/);
  const format = await orderflow(
    db,
    'reports',
    'export',
    '--format',
    'json',
    '--from',
    '2011-01-01T00:00Z',
    '--to',
    '2011-01-02T00:00Z',
  );
  assert.match(format.stderr, /--format must be csv/);
});

test.run();
