import type { Knex } from 'knex';
import { SAGA_INSTANCES } from './tables.ts';

/**
 * `0103_saga_time_indexes`: indexes on `saga_instances.created_at` and `ended_at`, so the
 * dashboard's throughput buckets ({@link sagaThroughput}) read only the window they chart.
 */
export const sagaTimeIndexesMigration = {
  name: '0103_saga_time_indexes',
  async up(knex: Knex) {
    await knex.raw(`CREATE INDEX saga_instances_created_at ON ${SAGA_INSTANCES} (created_at)`);
    await knex.raw(
      `CREATE INDEX saga_instances_ended_at ON ${SAGA_INSTANCES} (ended_at) WHERE ended_at IS NOT NULL`,
    );
  },
  async down(knex: Knex) {
    await knex.raw('DROP INDEX IF EXISTS saga_instances_created_at');
    await knex.raw('DROP INDEX IF EXISTS saga_instances_ended_at');
  },
};
