import type { Knex } from 'knex';
import { SAGA_INSTANCES } from './tables.ts';

/**
 * `0104_saga_instances_hot_updates`: a saga instance is updated once per batch that touches
 * it (five or six times per order), and every index of a column an update changes costs a
 * new index entry — or, when none changes, the update can be HOT (heap-only: one heap tuple,
 * no index entries; PostgreSQL manual, "Heap-Only Tuples"). `updated_at` changes at every
 * update, so no index may hold it:
 * - drops `(saga, status, updated_at)` and the partial `(updated_at) WHERE open`: the stuck and
 *   oldest-open queries find the open instances — a few — through `(status, seq)` and filter
 *   on `updated_at`;
 * - drops `(saga, seq)` and `(saga, status, seq)`: `seq` and `(status, seq)` serve the listing,
 *   with the saga type as a filter (one type per process manager, a handful at most);
 * - leaves room on each page for HOT versions (fillfactor 70).
 * What stays: the primary key, `seq`, `(status, seq)`, `created_at`, `ended_at` (partial).
 */
export const sagaInstancesHotUpdatesMigration = {
  name: '0104_saga_instances_hot_updates',
  async up(knex: Knex) {
    for (const index of [
      'saga_instances_saga_status_updated_at_index',
      'saga_instances_open_idle',
      'saga_instances_saga_seq',
      'saga_instances_saga_status_seq',
    ])
      await knex.raw(`DROP INDEX IF EXISTS ${index}`);
    await knex.raw(`ALTER TABLE ${SAGA_INSTANCES} SET (fillfactor = 70)`);
  },
  async down(knex: Knex) {
    await knex.raw(`ALTER TABLE ${SAGA_INSTANCES} RESET (fillfactor)`);
    await knex.raw(
      `CREATE INDEX saga_instances_saga_status_updated_at_index ON ${SAGA_INSTANCES} (saga, status, updated_at)`,
    );
    await knex.raw(
      `CREATE INDEX saga_instances_open_idle ON ${SAGA_INSTANCES} (updated_at) WHERE status IN ('running', 'compensating', 'parked')`,
    );
    await knex.raw(`CREATE INDEX saga_instances_saga_seq ON ${SAGA_INSTANCES} (saga, seq)`);
    await knex.raw(`CREATE INDEX saga_instances_saga_status_seq ON ${SAGA_INSTANCES} (saga, status, seq)`);
  },
};
