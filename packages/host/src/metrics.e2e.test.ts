import * as assert from 'node:assert/strict';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { orderInput, PLACE, postGraphQL, REGISTER } from './testing/graphql.ts';
import { freePort, getJson, spawnCli, type CliProcess } from './testing/processes.ts';
import { scrapeMetrics, type Scrape } from './testing/prometheus.ts';

const ADMIN_KEY = 'metrics-e2e-admin-key-0123456789';
const ORDERS = 50;

const test = suite<{ database: TestDatabase; processes: CliProcess[]; pool: pg.Pool }>(
  '/metrics of every role, scraped and parsed as Prometheus text',
);
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('metrics');
  ctx.pool = new pg.Pool({ connectionString: ctx.database.url, max: 2 });
  ctx.processes = [];
});
test.after.each(async (ctx) => {
  await Promise.all(ctx.processes.map((p) => p.stop()));
  await ctx.pool.end();
  await ctx.database.drop();
});

async function serve(ctx: { database: TestDatabase; processes: CliProcess[] }, args: string[]) {
  const port = await freePort();
  const child = spawnCli(['serve', ...args], {
    DATABASE_URL: ctx.database.url,
    PORT: String(port),
    ORDERFLOW_ADMIN_KEY: ADMIN_KEY,
    PAYMENT_LATENCY_MS: '5',
    PAYMENT_APPROVAL_RATE: '0.6',
  });
  ctx.processes.push(child);
  await eventually(
    `serve ${args.join(' ')} ready`,
    async () => {
      if (child.child.exitCode !== null) throw new Error(`exited: ${child.output()}`);
      return (await getJson(port, '/ready'))?.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${child.output()}`);
  });
  return port;
}

/** Terminal order events in the event log: confirmed, and cancelled by reason. */
async function outcomes(pool: pg.Pool) {
  const { rows } = await pool.query<{ type: string; reason: string | null; n: number }>(
    `SELECT type, data->>'reason' AS reason, count(*)::int AS n FROM eventstore.events
      WHERE type IN ('OrderConfirmed', 'OrderCancelled') GROUP BY 1, 2`,
  );
  return rows;
}

const processorLag = (scrape: Scrape) =>
  scrape.value('orderflow_processor_lag_events') + scrape.value('orderflow_processor_lag_seconds');

test('counters agree with the orders placed, confirmed and cancelled by reason; lags return to 0', async (ctx) => {
  const migrate = spawnCli(['migrate'], { DATABASE_URL: ctx.database.url });
  assert.equal(await migrate.exited, 0, migrate.output());
  const port = await serve(ctx, []);
  const url = `http://127.0.0.1:${port}/graphql`;
  // Little stock of the second SKU: some orders are cancelled OUT_OF_STOCK, others PAYMENT_FAILED.
  await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'MUG-1', stock: 1000 });
  await postGraphQL(url, ADMIN_KEY, REGISTER, { sku: 'MUG-2', stock: 4 });
  for (let i = 0; i < ORDERS; i++)
    await postGraphQL(url, ADMIN_KEY, PLACE, { input: orderInput(i, ['MUG-1', 'MUG-2']), key: `k-${i}` });
  await postGraphQL(url, ADMIN_KEY, PLACE, { input: orderInput(0, ['MUG-1', 'MUG-2']), key: 'k-0' });

  const settled = await eventually(
    'every order confirmed or cancelled',
    async () => {
      const rows = await outcomes(ctx.pool);
      return rows.reduce((n, r) => n + r.n, 0) === ORDERS && rows;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const scrape = await eventually(
    'processor lags back to 0',
    async () => {
      const s = await scrapeMetrics(port);
      return processorLag(s) === 0 && s.value('orderflow_orders_confirmed_total') > 0 && s;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  );

  // The idempotent repeat of k-0 placed nothing.
  assert.equal(scrape.value('orderflow_orders_placed_total'), ORDERS);
  const confirmed = settled.find((r) => r.type === 'OrderConfirmed')?.n ?? 0;
  assert.equal(scrape.value('orderflow_orders_confirmed_total'), confirmed);
  const cancelled = settled.filter((r) => r.type === 'OrderCancelled');
  assert.ok(
    cancelled.some((r) => r.reason === 'OUT_OF_STOCK'),
    JSON.stringify(settled),
  );
  for (const { reason, n } of cancelled)
    assert.equal(
      scrape.value('orderflow_orders_cancelled_total', { reason: reason! }),
      n,
      `cancelled ${reason}`,
    );
  assert.equal(
    scrape.value('orderflow_orders_cancelled_total'),
    cancelled.reduce((n, r) => n + r.n, 0),
  );

  // GraphQL and commands: 2 registrations + 51 placements, all OK.
  assert.equal(
    scrape.value('orderflow_graphql_operations_total', { operation: 'placeOrder', code: 'OK' }),
    ORDERS + 1,
  );
  assert.equal(
    scrape.value('orderflow_graphql_operations_total', { operation: 'registerProduct', type: 'mutation' }),
    2,
  );
  assert.equal(scrape.value('orderflow_commands_total', { type: 'PlaceOrder', code: 'OK' }), ORDERS + 1);
  assert.equal(scrape.value('orderflow_commands_total', { type: 'ConfirmOrder', code: 'OK' }), confirmed);
  assert.ok(scrape.value('orderflow_appends_total', { code: 'OK' }) >= ORDERS * 3);
  assert.ok(scrape.value('orderflow_append_events') >= ORDERS * 3);
  assert.ok(scrape.value('orderflow_saga_commands_total', { command: 'ReserveStock' }) >= ORDERS);

  // Every processor of the consumer runtime, with its checkpoint and applied events.
  for (const processor of ['order-details', 'order-fulfillment', 'payment-simulator']) {
    assert.ok(scrape.value('orderflow_processor_checkpoint_position', { processor }) > 0, processor);
    assert.ok(scrape.value('orderflow_processor_events_applied_total', { processor }) > 0, processor);
    assert.equal(scrape.value('orderflow_processor_parked_events', { processor }), 0, processor);
  }
  assert.equal(
    scrape.value('orderflow_processor_state', { processor: 'order-details', state: 'running' }),
    1,
  );
  assert.equal(scrape.value('orderflow_sagas', { saga: 'order-fulfillment' }), ORDERS);
  assert.ok(scrape.families.has('orderflow_pg_pool_connections'));
  assert.ok(scrape.families.has('orderflow_pg_pool_waiting_clients'));
  assert.ok(scrape.families.has('orderflow_process_cpu_seconds_total'), 'Node default metrics');
  assert.equal(scrape.families.get('orderflow_graphql_operation_duration_seconds')?.type, 'HISTOGRAM');
  for (const name of scrape.families.keys()) assert.match(name, /^orderflow_/);

  // A process without the api role serves /metrics on its probes server (standby here).
  const probes = await serve(ctx, ['--role', 'projector']);
  const standby = await scrapeMetrics(probes);
  assert.equal(
    standby.value('orderflow_processor_state', { processor: 'order-details', state: 'standby' }),
    1,
  );
  assert.equal(standby.value('orderflow_orders_placed_total'), 0);
});

test.run();
