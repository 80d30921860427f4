/**
 * The replay and projections commands as an operator runs them: the real `orderflow` CLI in a
 * child process against a test database.
 */
import * as assert from 'node:assert/strict';
import { migrate, openEventStore } from '@orderflow/host';
import { seedOrders } from '@orderflow/projections/testing';
import { createTestDatabase, testRedisUrl, uniqueSuffix, type TestDatabase } from '@orderflow/testing';
import { Redis } from 'ioredis';
import knexFactory from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const prefix = `test-cli-${uniqueSuffix()}`;
const test = suite<{ db: TestDatabase }>('orderflow replay / projections');

const orderflow = (db: TestDatabase, ...args: string[]) =>
  runCli(
    { DATABASE_URL: db.url, EVENTSTORE_URL: '', REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix },
    ...args,
  );

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('cli_projections');
  const pool = new pg.Pool({ connectionString: ctx.db.url, max: 4 });
  const knex = knexFactory({ client: 'pg', connection: ctx.db.url, pool: { min: 0, max: 2 } });
  try {
    await migrate(pool, knex);
    const store = openEventStore(pool, undefined);
    await seedOrders(store, 40);
    await store.close();
  } finally {
    await knex.destroy();
    await pool.end();
  }
});
test.after(async ({ db }) => {
  await db.drop();
  const redis = new Redis(testRedisUrl());
  for (;;) {
    const keys = await redis.keys(`{of:${prefix}:*`);
    if (keys.length === 0) break;
    await redis.unlink(...keys);
  }
  await redis.quit();
});

test('bad input: unknown projection, no selection, a position beyond the end (usage errors, exit 2)', async ({
  db,
}) => {
  const unknown = await orderflow(db, 'replay', '--projection', 'nope');
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /unknown projection "nope"; known: order-details, stock-levels, daily-sales, coupons, stock-alerts, hourly-sales, hourly-fulfilment, order-status, stock-availability, top-sellers/,
  );
  const none = await orderflow(db, 'replay');
  assert.match(none.stderr, /give --projection NAME or --all/);
  const beyond = await orderflow(db, 'replay', '--all', '--from', '999999999999999999');
  assert.equal(beyond.code, 2);
  assert.match(beyond.stderr, /beyond the end of the event log/);
  const notANumber = await orderflow(db, 'replay', '--all', '--from', 'abc');
  assert.match(notANumber.stderr, /--from must be a position/);
});

test('replay --all builds every model; verify finds them identical; status reports them', async ({ db }) => {
  const replay = await orderflow(db, 'replay', '--all');
  assert.equal(replay.code, 0, replay.stderr);
  assert.match(
    replay.stdout,
    /order-details: rebuilt from the beginning, \d+ events, swapped in at position \d+/,
  );
  const verify = await orderflow(db, 'projections', 'verify');
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.equal((verify.stdout.match(/identical to a rebuild/g) ?? []).length, 10, verify.stdout);
  const status = await orderflow(db, 'projections', 'status', '--json', '--sample-ms', '100');
  const rows = JSON.parse(status.stdout) as Array<{
    name: string;
    kind: string;
    state: string;
    lagPositions: string;
    parked: number;
  }>;
  const models = rows.filter((r) => r.kind.endsWith('read-model'));
  assert.deepEqual(
    models.map((r) => [r.name, r.state, r.lagPositions, r.parked]),
    [
      ['order-details', 'running', '0', 0],
      ['stock-levels', 'running', '0', 0],
      ['daily-sales', 'running', '0', 0],
      ['coupons', 'running', '0', 0],
      ['stock-alerts', 'running', '0', 0],
      ['hourly-sales', 'running', '0', 0],
      ['hourly-fulfilment', 'running', '0', 0],
      ['order-status', 'running', '0', 0],
      ['stock-availability', 'running', '0', 0],
      ['top-sellers', 'running', '0', 0],
    ],
  );
  // The other processors too, as GraphQL `processors` lists them. Nothing runs the process
  // manager or the simulator here: behind the seeded orders and not moving, they are stopped.
  const others = rows.filter((r) => !r.kind.endsWith('read-model'));
  assert.deepEqual(
    others.map((r) => [r.name, r.kind]),
    [
      ['order-fulfillment', 'process-manager'],
      ['returns', 'process-manager'],
      ['webhooks', 'webhooks'],
      ['payment-simulator', 'payment-simulator'],
    ],
  );
  const fulfillment = others.find((r) => r.name === 'order-fulfillment')!;
  assert.equal(fulfillment.state, 'stopped');
  assert.ok(BigInt(fulfillment.lagPositions) > 0n);
});

test('verify exits 1 and prints the difference when a live row was changed', async ({ db }) => {
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  await pool.query(
    `UPDATE daily_sales SET orders = orders + 5 WHERE ctid = (SELECT ctid FROM daily_sales LIMIT 1)`,
  );
  await pool.end();
  const verify = await orderflow(db, 'projections', 'verify', 'daily-sales');
  assert.equal(verify.code, 1, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /daily-sales: 2 differing rows/);
  assert.match(verify.stdout, /daily_sales only-live/);
});

test('skip-parked skips a parked event with the actor and reason; usage and missing events exit 2 and 3', async ({
  db,
}) => {
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    const { rows } = await pool.query(
      `SELECT event_id AS id, position::text AS position, type, stream_name FROM eventstore.events
        WHERE type = 'OrderCreated' ORDER BY position LIMIT 1`,
    );
    const event = rows[0] as { id: string; position: string; type: string; stream_name: string };
    await pool.query(
      `INSERT INTO processor_parked (processor, event_id, position, event_type, stream_name, error, attempts)
       VALUES ('daily-sales', $1, $2, $3, $4, 'TypeError: cannot read it', 3)`,
      [event.id, event.position, event.type, event.stream_name],
    );
    const noReason = await orderflow(db, 'projections', 'skip-parked', 'daily-sales', '--event', event.id);
    assert.equal(noReason.code, 2, noReason.stderr);
    const missing = await orderflow(
      db,
      ...['projections', 'skip-parked', 'daily-sales', '--event', '00000000-0000-4000-8000-000000000009'],
      ...['--reason', 'x'],
    );
    assert.equal(missing.code, 3, missing.stderr);
    assert.match(missing.stderr, /not parked for daily-sales/);
    const skip = await runCli(
      { DATABASE_URL: db.url, EVENTSTORE_URL: '', REDIS_URL: '', USER: 'tester' },
      ...['projections', 'skip-parked', 'daily-sales', '--event', event.id, '--reason', 'bad import'],
    );
    assert.equal(skip.code, 0, skip.stderr);
    assert.match(
      skip.stdout,
      new RegExp(`daily-sales: skipped OrderCreated ${event.id} .*\\(by cli:tester\\): bad import`),
    );
    const parked = await orderflow(db, 'projections', 'parked', 'daily-sales');
    assert.match(parked.stdout, /no parked events/);
    const { rows: skipped } = await pool.query(`SELECT actor, reason FROM processor_skipped`);
    assert.deepEqual(skipped, [{ actor: 'cli:tester', reason: 'bad import' }]);
  } finally {
    await pool.end();
  }
});

test.run();
