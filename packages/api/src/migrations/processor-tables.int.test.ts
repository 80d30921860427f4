import * as assert from 'node:assert/strict';
import { consumerMigrations } from '@orderflow/consumer';
import { ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { runMigrations, type Migration } from '@orderflow/projections';
import { createTestDatabase } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { test } from 'uvu';
import { allMigrations } from '@orderflow/host';

const OLD_TABLES = [
  'projection_checkpoints',
  'saga_checkpoints',
  'relay_checkpoints',
  'payment_simulator_checkpoints',
  'projection_parked',
];

test('0501 moves every checkpoint and parked event into the processor tables, and down restores them', async () => {
  const db = await createTestDatabase('processor_tables');
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  try {
    await ensureEventStoreSchema(pool);
    const before = allMigrations.filter((m) => !consumerMigrations.includes(m));
    assert.deepEqual(
      allMigrations.slice(before.length).map((m) => m.name),
      ['0501_processor_checkpoints', '0502_processor_skipped'],
      "the runtime's migrations are the last ones",
    );
    await runMigrations(knex, before);
    const big = (2n ** 127n + 3n).toString();
    await knex('projection_checkpoints').insert([
      { name: 'order-details', position: '42', version: 3 },
      { name: 'order-details:shadow', position: '40', version: 4 },
    ]);
    await knex('saga_checkpoints').insert({ name: 'order-fulfillment', position: big });
    await knex('relay_checkpoints').insert({ name: 'integration-relay', position: '17' });
    await knex('payment_simulator_checkpoints').insert({ name: 'payment-simulator', position: '9' });
    await knex('projection_parked').insert({
      projection: 'daily-sales',
      event_id: '00000000-0000-4000-8000-000000000001',
      position: '12',
      event_type: 'OrderConfirmed',
      stream_name: 'order-1',
      error: 'TypeError: nope',
      attempts: 3,
    });

    await runMigrations(knex, allMigrations);
    const checkpoints = await knex('processor_checkpoints')
      .orderBy('name')
      .select('name', 'position', 'version');
    assert.deepEqual(checkpoints, [
      { name: 'integration-relay', position: '17', version: null },
      { name: 'order-details', position: '42', version: 3 },
      { name: 'order-details:shadow', position: '40', version: 4 },
      { name: 'order-fulfillment', position: big, version: null },
      { name: 'payment-simulator', position: '9', version: null },
    ]);
    const parked = await knex('processor_parked').select('processor', 'position', 'attempts', 'error');
    assert.deepEqual(parked, [
      { processor: 'daily-sales', position: '12', attempts: 3, error: 'TypeError: nope' },
    ]);
    for (const table of OLD_TABLES)
      assert.equal(await knex.schema.hasTable(table), false, `${table} dropped`);

    // 0502 (processor_skipped) goes down first, then 0501.
    for (let i = 0; i < consumerMigrations.length; i++)
      await knex.migrate.down({
        tableName: 'orderflow_migrations',
        migrationSource: {
          getMigrations: async () => [...allMigrations],
          getMigrationName: (m: Migration) => m.name,
          getMigration: async (m: Migration) => m,
        },
      });
    assert.equal(await knex.schema.hasTable('processor_skipped'), false);
    assert.equal(await knex.schema.hasTable('processor_checkpoints'), false);
    const restored = async (table: string, name: string) =>
      (await knex(table).where({ name }).first<{ position: string } | undefined>('position'))?.position;
    assert.equal(await restored('projection_checkpoints', 'order-details:shadow'), '40');
    assert.equal(await restored('saga_checkpoints', 'order-fulfillment'), big);
    assert.equal(await restored('relay_checkpoints', 'integration-relay'), '17');
    assert.equal(await restored('payment_simulator_checkpoints', 'payment-simulator'), '9');
    assert.equal(
      (await knex('projection_parked').first<{ projection: string }>('projection')).projection,
      'daily-sales',
    );
  } finally {
    await knex.destroy();
    await pool.end();
    await db.drop();
  }
});

test.run();
