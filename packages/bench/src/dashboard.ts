/**
 * `pnpm bench dashboard [--sagas N] [--repeat N] [--browser-runs N]`: the saga dashboard on
 * 100,000 sagas. Seeds `--sagas` (default 100,000) `saga_instances` rows over the last 7 days
 * with SQL (generate_series: 85% completed, 8% compensated, 3% running, 2% parked, 1%
 * compensating, 1% aborted) and 6 steps for every 10th saga into a fresh database, starts
 * Orderflow listening on a port, and measures over real HTTP, `--repeat` times each (default 30):
 * - `sagas` page 1 (25 rows, the list's fields), PARKED page 1, stuck > 1 h page 1,
 *   page 50 by cursor (the cursor of page 49 collected first);
 * - `sagaStats`; `sagaThroughput` for the last hour (60 × 60 s) and the last week (168 × 1 h);
 * - `saga(id)` with its steps (the detail page's query);
 * - in headless Chromium (playwright-core): time from navigating to /dashboard/ until the first
 *   rows of the list are rendered, `--browser-runs` times (default 10), key preset in the tab.
 * Prints a table (p50, p95, max in ms) and a last line of JSON with the same figures.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startOrderflow } from '@orderflow/host';
import { launchChromium, presetAdminKey } from '@orderflow/dashboard/browser';
import { createTestDatabase } from '@orderflow/testing';
import type { Knex } from 'knex';
import { nowMs, percentile, printTable, round } from './_stats.ts';

/** Writes `count` saga instances over the last 7 days (seq follows created_at) and their steps. */
async function seed(db: Knex, count: number): Promise<void> {
  await db.raw(
    `INSERT INTO saga_instances (saga, instance_id, status, state, error, position, created_at, updated_at, ended_at)
     SELECT 'order-fulfillment', md5('saga-' || i)::uuid::text, s.status,
            jsonb_build_object('status', s.status, 'orderId', md5('saga-' || i)::uuid),
            CASE WHEN s.status = 'parked' THEN 'RequestPayment failed: INVALID_STATE: bench' END,
            i, t.created,
            t.created + make_interval(secs => t.ms / 1000.0),
            CASE WHEN s.status IN ('completed', 'compensated', 'aborted')
                 THEN t.created + make_interval(secs => t.ms / 1000.0) END
     FROM generate_series(1, ?::int) AS i
     CROSS JOIN LATERAL (SELECT CASE
         WHEN i % 100 < 85 THEN 'completed' WHEN i % 100 < 93 THEN 'compensated'
         WHEN i % 100 < 96 THEN 'running' WHEN i % 100 < 98 THEN 'parked'
         WHEN i % 100 < 99 THEN 'compensating' ELSE 'aborted' END AS status) AS s
     CROSS JOIN LATERAL (SELECT now() - interval '7 days' * (1 - i::float8 / ?) AS created,
                                50 + (i * 7919) % 5000 AS ms) AS t`,
    [count, count],
  );
  const kinds = ['event', 'decision', 'command', 'event', 'decision', 'command'];
  await db.raw(
    `INSERT INTO saga_steps (saga, instance_id, kind, detail, position, at)
     SELECT 'order-fulfillment', md5('saga-' || i)::uuid::text, (?::text[])[k],
            jsonb_build_object('type', 'Bench' || k, 'stream', 'order-bench', 'revision', k,
                               'input', 'Bench', 'statusAfter', 'running', 'commandId', md5('c' || i || k)::uuid,
                               'outcome', 'done', 'attempts', 1),
            CASE WHEN k IN (1, 4) THEN i * 10 + k END, now() - interval '1 hour' + k * interval '1 ms'
     FROM generate_series(10, ?::int, 10) AS i, generate_series(1, 6) AS k`,
    [kinds, count],
  );
  await db.raw('ANALYZE saga_instances; ANALYZE saga_steps');
}

const ROW = 'id type instanceId status error createdAt updatedAt endedAt orderId';
const PAGE = `query($status: SagaStatus, $stuck: Int, $after: String) {
  sagas(status: $status, stuckForSeconds: $stuck, first: 25, after: $after) {
    totalCount edges { cursor node { ${ROW} } } pageInfo { hasNextPage endCursor } } }`;
const STATS = `{ sagaStats { total byStatus { status count } durationsMs { count p50 p95 p99 max } oldestOpenUpdatedAt } }`;
const THROUGHPUT = `query($bucketSeconds: Int, $buckets: Int) { sagaThroughput(bucketSeconds: $bucketSeconds, buckets: $buckets) {
  start started completed compensated aborted p50DurationMs p95DurationMs } }`;
const DETAIL = `query($id: ID!) { saga(id: $id) { ${ROW} state commands { commandId type status } timers { name }
  steps(first: 500) { totalCount edges { node { seq kind detail position actor at } } } } }`;

interface Figure {
  readonly name: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly n: number;
}

const figure = (name: string, samples: number[]): Figure => ({
  name,
  p50: round(percentile(samples, 50)),
  p95: round(percentile(samples, 95)),
  max: round(Math.max(...samples)),
  n: samples.length,
});

export default async function dashboardBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sagas: { type: 'string', default: '100000' },
      repeat: { type: 'string', default: '30' },
      'browser-runs': { type: 'string', default: '10' },
    },
  });
  const count = Number(values.sagas);
  const repeat = Number(values.repeat);
  const browserRuns = Number(values['browser-runs']);

  const database = await createTestDatabase('bench_dashboard');
  const adminKey = `of_${randomBytes(32).toString('base64url')}`;
  const orderflow = await startOrderflow({ databaseUrl: database.url, adminKey, paymentSimulator: false });
  const chromium = await launchChromium().catch((error: unknown) => {
    console.error('chromium: not measured:', (error as Error).message);
    return null;
  });
  try {
    const t0 = nowMs();
    await seed(orderflow.db, count);
    console.log(`seeded ${count.toLocaleString('en')} sagas in ${round((nowMs() - t0) / 1000)} s`);
    await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(orderflow.app.server.address() as AddressInfo).port}`;

    const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data!;
    };
    const time = async (name: string, query: string, variables: Record<string, unknown> = {}) => {
      await gql(query, variables); // warm-up: plans, pools, caches
      const samples: number[] = [];
      for (let i = 0; i < repeat; i++) {
        const start = nowMs();
        await gql(query, variables);
        samples.push(nowMs() - start);
      }
      return figure(name, samples);
    };

    type Page = { sagas: { totalCount: number; pageInfo: { endCursor: string | null } } };
    let after: string | null = null;
    for (let page = 1; page < 50; page++) after = (await gql<Page>(PAGE, { after })).sagas.pageInfo.endCursor;
    // A saga with steps: every 10th seeded saga has 6.
    const detailId = `order-fulfillment:${((await orderflow.db.raw(`SELECT md5('saga-10')::uuid::text AS id`)) as { rows: Array<{ id: string }> }).rows[0]!.id}`;

    const figures: Figure[] = [
      await time('sagas page 1 (25)', PAGE),
      await time('sagas status PARKED page 1', PAGE, { status: 'PARKED' }),
      await time('sagas stuck > 3600 s page 1', PAGE, { stuck: 3600 }),
      await time('sagas page 50 by cursor', PAGE, { after }),
      await time('sagaStats', STATS),
      await time('sagaThroughput 60 × 60 s', THROUGHPUT, { bucketSeconds: 60, buckets: 60 }),
      await time('sagaThroughput 168 × 1 h', THROUGHPUT, { bucketSeconds: 3600, buckets: 168 }),
      await time('saga(id) with steps', DETAIL, { id: detailId }),
    ];

    if (chromium) {
      await presetAdminKey(chromium.context, adminKey);
      const page = await chromium.context.newPage();
      const rows = page.locator('[data-testid="saga-table"] tbody tr');
      const samples: number[] = [];
      for (let i = 0; i <= browserRuns; i++) {
        const start = nowMs();
        await page.goto(`${base}/dashboard/`, { waitUntil: 'commit' });
        await rows.first().waitFor({ timeout: 30_000 });
        if (i > 0) samples.push(nowMs() - start); // the first run fills the browser's cache
      }
      const shown = await rows.count();
      if (shown !== 25) throw new Error(`the list rendered ${shown} rows, expected 25`);
      figures.push(figure('browser: /dashboard/ → first rows', samples));
      await page.close();
    }

    printTable(
      ['measurement', 'p50 ms', 'p95 ms', 'max ms', 'n'],
      figures.map((f) => [f.name, f.p50, f.p95, f.max, f.n]),
    );
    console.log(JSON.stringify({ suite: 'dashboard', sagas: count, repeat, figures }));
  } finally {
    await chromium?.close();
    await orderflow.stop();
    await database.drop();
  }
}
