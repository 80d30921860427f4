import * as assert from 'node:assert/strict';
import { createTestDatabase } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { test } from 'uvu';
import { migrate } from '@orderflow/host';

test('after migrating, every stored position holds a 128-bit EventStoreDB position', async () => {
  const db = await createTestDatabase('numeric_positions');
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  try {
    await migrate(pool, knex);
    const { rows } = await pool.query<{ table_name: string; data_type: string; numeric_precision: number }>(
      `SELECT table_name, data_type, numeric_precision FROM information_schema.columns
       WHERE column_name = 'position' AND table_schema = 'public' ORDER BY table_name`,
    );
    assert.ok(rows.length >= 7, `position columns: ${rows.map((r) => r.table_name).join(', ')}`);
    for (const row of rows)
      assert.deepEqual(
        [row.table_name, row.data_type, row.numeric_precision],
        [row.table_name, 'numeric', 39],
      );

    // (commit 2^63+5, prepare 2^63+1) packed as the ESDB adapter does: above 64 bits.
    const position = ((2n ** 63n + 5n) << 64n) | (2n ** 63n + 1n);
    await knex('processor_checkpoints').insert({ name: 'p', position: position.toString() });
    await knex('processor_checkpoints').insert({ name: 's', position: (2n ** 128n - 1n).toString() });
    const p = await knex('processor_checkpoints')
      .where({ name: 'p' })
      .first<{ position: string }>('position');
    const s = await knex('processor_checkpoints')
      .where({ name: 's' })
      .first<{ position: string }>('position');
    assert.equal(BigInt(p.position), position);
    assert.equal(BigInt(s.position), 2n ** 128n - 1n);
  } finally {
    await knex.destroy();
    await pool.end();
    await db.drop();
  }
});

test.run();
