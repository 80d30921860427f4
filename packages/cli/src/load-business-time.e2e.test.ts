import * as assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { defaultDatasetPath, gql, type LoadSummary } from '@orderflow/fixtures';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const ADMIN_KEY = 'test-admin-key-business-time-0123456789';
const test = suite<{ db?: TestDatabase; orderflow?: Orderflow; dir?: string }>(
  'load online-retail --file: a copy elsewhere, the default stock, business time',
);
test.after.each(async (ctx) => {
  await ctx.orderflow?.stop();
  await ctx.db?.drop();
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});

/** The dataset's header and first `lines` data lines, gzipped into `path`: a user's copy. */
async function copyHead(path: string, lines: number): Promise<void> {
  const input = createInterface({ input: createReadStream(defaultDatasetPath()).pipe(createGunzip()) });
  async function* head() {
    let n = -1;
    for await (const line of input) {
      yield `${line}\n`;
      if ((n += 1) === lines) break;
    }
    input.close();
  }
  await pipeline(Readable.from(head()), createGzip(), createWriteStream(path));
}

const DAILY_SALES = `query Daily($from: String, $to: String) {
  dailySales(from: $from, to: $to, first: 1000) { day country orders revenue }
}`;

test('a copy of the dataset elsewhere loads with --file --json; dailySales over 2010-12 shows the replayed days', async (ctx) => {
  const dir = (ctx.dir = await mkdtemp(join(tmpdir(), 'orderflow-load-')));
  const file = join(dir, 'online_retail_head.csv.gz');
  await copyHead(file, 6000);
  const db = (ctx.db = await createTestDatabase('e2e_business_time'));
  const orderflow = (ctx.orderflow = await startOrderflow({
    databaseUrl: db.url,
    adminKey: ADMIN_KEY,
    paymentSimulator: { approvalRate: 0.95, latencyMs: 5 },
  }));
  const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const run = await runCli(
    { DATABASE_URL: db.url, ORDERFLOW_DATA_DIR: join(dir, 'data') },
    'load',
    'online-retail',
    '--file',
    file,
    '--limit',
    '150',
    '--concurrency',
    '8',
    '--endpoint',
    `${address}/graphql`,
    '--api-key',
    ADMIN_KEY,
    '--ship-delay-ms',
    '20',
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as LoadSummary;
  assert.match(run.stderr, new RegExp(`plan: first 150 invoices of ${file.replace(/[.]/g, '\\.')}`));
  assert.equal(summary.invoicesSelected, 150);
  assert.equal(summary.settled, true);
  assert.equal(summary.check?.ok, true, run.stderr);
  // The default stock: no order refused for stock, and the summary says it met its target.
  assert.equal(summary.cancelledByReason.OUT_OF_STOCK ?? 0, 0, run.stderr);
  assert.equal(summary.stock.explicit, false);
  assert.equal(summary.stock.targetMet, true);
  assert.ok(summary.stock.confirmedShare! >= 0.8, `${summary.stock.confirmedShare}`);
  assert.match(
    run.stderr,
    /stock: factor 1\.2 \(default\); confirmed \d+\.\d % of \d+ orders; not refused for stock 100\.0 % \(target ≥ 95 %: met\)/,
  );

  // The hourly report of the replayed period: the invoices' hours, every order placed in them.
  const period = summary.periodReport!;
  assert.equal(period.from.slice(0, 10), '2010-12-01', JSON.stringify(period));
  assert.ok(period.to < '2010-12-04', period.to);
  assert.equal(period.placed, summary.ordersPlaced);
  assert.ok(period.hours >= 2 && period.busiestHour !== null, JSON.stringify(period));
  assert.ok((period.revenue.GBP ?? 0) > 0, JSON.stringify(period.revenue));
  assert.match(
    run.stderr,
    /hourly report 2010-12-01T\d\d:00:00\.000Z \.\. 2010-12-0\dT\d\d:00:00\.000Z: \d+ hours with orders; placed \d+/,
  );

  // Business time: the orders count on their invoices' days (the first 150: 1–2 December 2010).
  // The daily-sales projector may be a batch behind the last confirmation: wait for it.
  const dailySales = await eventually('every confirmed order in dailySales', async () => {
    const { dailySales: rows } = await gql<{ dailySales: { day: string; orders: number }[] }>(
      `${address}/graphql`,
      DAILY_SALES,
      { from: '2010-12-01', to: '2010-12-31' },
      { apiKey: ADMIN_KEY },
    );
    return rows.reduce((n, row) => n + row.orders, 0) === summary.ordersConfirmed ? rows : undefined;
  });
  const days = [...new Set(dailySales.map((row) => row.day))].sort();
  assert.ok(days.length >= 2, JSON.stringify(dailySales));
  assert.equal(days[0], '2010-12-01');
  assert.ok(
    days.every((day) => day >= '2010-12-01' && day <= '2010-12-03'),
    days.join(', '),
  );
  const today = new Date().toISOString().slice(0, 10);
  const { dailySales: now } = await gql<{ dailySales: unknown[] }>(
    `${address}/graphql`,
    DAILY_SALES,
    { from: today, to: today },
    { apiKey: ADMIN_KEY },
  );
  assert.deepEqual(now, [], 'no replayed order is placed today');
});

test.run();
