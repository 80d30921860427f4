import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, ROLE_NAMES, startHost, type Host } from '@orderflow/host';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { INFRA_DIR, readInfraYaml } from '../testing/compose.ts';

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync(join(INFRA_DIR, 'grafana/dashboards/orderflow.json'), 'utf8')) as {
  panels: Panel[];
};
const queries = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
);

/** Labels Prometheus adds to every series it scrapes: job, instance and the targets' own. */
const targetLabels = () => {
  const config = readInfraYaml<{
    scrape_configs: { static_configs: { labels?: Record<string, string> }[] }[];
  }>('prometheus/prometheus.yml');
  const labels = new Set(['job', 'instance']);
  for (const job of config.scrape_configs)
    for (const target of job.static_configs)
      for (const name of Object.keys(target.labels ?? {})) labels.add(name);
  return labels;
};

/** Names a histogram exposes beside its own. */
const SERIES_SUFFIXES = ['_bucket', '_sum', '_count'];

const test = suite<{ database: TestDatabase; host: Host }>(
  'the Grafana dashboard against the metrics registry',
);
test.before(async (ctx) => {
  ctx.database = await createTestDatabase('dashboard');
  const pool = new pg.Pool({ connectionString: ctx.database.url, max: 2 });
  const db = knexFactory({ client: 'pg', connection: ctx.database.url });
  await migrate(pool, db);
  await Promise.all([pool.end(), db.destroy()]);
  // Every role in one process: the registry then holds each role's metrics.
  ctx.host = await startHost({
    roles: ROLE_NAMES,
    databaseUrl: ctx.database.url,
    simulator: { approvalRate: 1, latencyMs: 5 },
    api: { adminKey: 'dashboard-test-admin-key-0123456789', minPositionTimeoutMs: 5000 },
  });
});
test.after(async (ctx) => {
  await ctx.host?.stop();
  await ctx.database?.drop();
});

test('the dashboard shows the loop: orders, GraphQL latency, processor lag, sagas, parked events', () => {
  const all = queries.map((q) => q.expr).join('\n');
  for (const metric of [
    'orderflow_orders_placed_total',
    'orderflow_orders_confirmed_total',
    'orderflow_orders_cancelled_total',
    'orderflow_graphql_operation_duration_seconds_bucket',
    'orderflow_processor_lag_events',
    'orderflow_processor_lag_seconds',
    'orderflow_sagas',
    'orderflow_processor_parked_events',
  ])
    assert.match(all, new RegExp(`\\b${metric}\\b`), metric);
  assert.ok(queries.length >= 20);
});

test('every metric a panel queries is in the registry, and every label it uses is on that metric', async (ctx) => {
  // name → type and label names, as the host's registry holds them (prom-client keeps labelNames).
  const registry = new Map(
    ctx.host.infra.metrics.registry
      .getMetricsAsArray()
      .map((m) => [m.name, { type: (m as any).type as string, labels: (m as any).labelNames as string[] }]),
  );
  const scraped = targetLabels();
  for (const { panel, expr } of queries) {
    const used = [...expr.matchAll(/\b(orderflow_[a-z0-9_]+)/g)].map((m) => m[1]!);
    assert.ok(used.length > 0, `${panel}: queries an Orderflow metric`);
    const labels = new Set(scraped);
    for (const series of used) {
      const suffix = SERIES_SUFFIXES.find(
        (s) => series.endsWith(s) && registry.has(series.slice(0, -s.length)),
      );
      const metric = registry.get(suffix ? series.slice(0, -suffix.length) : series);
      assert.ok(metric, `${panel}: ${series} is a registered metric`);
      if (suffix) assert.equal(metric.type, 'histogram', `${panel}: ${series} is a histogram's`);
      if (suffix === '_bucket') labels.add('le');
      for (const label of metric.labels ?? []) labels.add(label);
    }
    const grouped = [...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) =>
      m[1]!.split(',').map((l) => l.trim()),
    );
    const matched = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
      [...m[1]!.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!),
    );
    for (const label of [...grouped, ...matched])
      assert.ok(labels.has(label), `${panel}: label "${label}" of ${expr} is on ${used.join(', ')}`);
  }
});

test('the check can fail: an unknown metric name is not in the registry', (ctx) => {
  const names = new Set(ctx.host.infra.metrics.registry.getMetricsAsArray().map((m) => m.name));
  assert.ok(names.has('orderflow_processor_lag_events'));
  assert.ok(!names.has('orderflow_processor_lag_event'));
});

test.run();
