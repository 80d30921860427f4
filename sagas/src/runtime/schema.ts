import type { Knex } from 'knex';
import { stepLogAndTimersMigration } from './migration-0102.ts';
import { sagaTimeIndexesMigration } from './migration-0103.ts';
import { sagaInstancesHotUpdatesMigration } from './migration-0104.ts';
import { sagaSearchKeysMigration } from './migration-0105.ts';
import { SAGA_COMMANDS, SAGA_INSTANCES } from './tables.ts';

/** Where process managers kept their checkpoints until `0501_processor_checkpoints` moved them. */
const SAGA_CHECKPOINTS = 'saga_checkpoints';

export * from './tables.ts';

/**
 * knex migrations of the saga runtime (plain objects; the composition root combines them). The
 * process manager's checkpoint lives in the runtime's tables: run `consumerMigrations`
 * (`@orderflow/consumer`) after these.
 */
export const sagaMigrations = [
  {
    name: '0101_saga_runtime',
    async up(knex: Knex) {
      await knex.schema.createTable(SAGA_CHECKPOINTS, (t) => {
        t.text('name').primary();
        t.bigInteger('position').notNullable().defaultTo(0);
      });
      await knex.schema.createTable(SAGA_INSTANCES, (t) => {
        t.text('saga').notNullable();
        t.text('instance_id').notNullable();
        t.text('status').notNullable();
        t.jsonb('state').notNullable();
        t.text('error');
        t.bigInteger('position').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.primary(['saga', 'instance_id']);
        t.index(['saga', 'status', 'updated_at']);
      });
      await knex.schema.createTable(SAGA_COMMANDS, (t) => {
        t.uuid('command_id').primary();
        t.text('saga').notNullable();
        t.text('instance_id').notNullable();
        t.text('type').notNullable();
        t.jsonb('data').notNullable();
        t.text('status').notNullable().defaultTo('pending');
        t.integer('attempts').notNullable().defaultTo(0);
        t.text('last_error');
        t.bigInteger('position').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['saga', 'instance_id']);
      });
      await knex.raw(
        `CREATE INDEX saga_commands_pending ON ${SAGA_COMMANDS} (updated_at) WHERE status = 'pending'`,
      );
    },
    async down(knex: Knex) {
      await knex.schema.dropTable(SAGA_COMMANDS);
      await knex.schema.dropTable(SAGA_INSTANCES);
      await knex.schema.dropTable(SAGA_CHECKPOINTS);
    },
  },
  stepLogAndTimersMigration,
  sagaTimeIndexesMigration,
  sagaInstancesHotUpdatesMigration,
  sagaSearchKeysMigration,
] as const;
