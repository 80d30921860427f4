import { defineParkedTable, type Migration } from '@orderflow/consumer';

/**
 * The first migrations of the projection runtime, kept because databases have run them: they
 * created `projection_checkpoints` and `projection_parked`, whose rows
 * `0501_processor_checkpoints` (`@orderflow/consumer`) moved into `processor_checkpoints` and
 * `processor_parked` before dropping them.
 */
export const checkpointsMigration: Migration = {
  name: '0001_projection_checkpoints',
  up: (knex) =>
    knex.schema.createTable('projection_checkpoints', (t) => {
      t.text('name').primary();
      t.bigInteger('position').notNullable().defaultTo(0);
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    }),
  down: (knex) => knex.schema.dropTable('projection_checkpoints'),
};

/** See {@link checkpointsMigration}. */
export const parkedEventsMigration: Migration = {
  name: '0006_projection_parked',
  async up(knex) {
    await knex.schema.createTable('projection_parked', (t) => defineParkedTable(knex, t, 'projection'));
    // The version a model was built with, to tell when a rebuild is due.
    await knex.schema.alterTable('projection_checkpoints', (t) => void t.integer('version'));
  },
  async down(knex) {
    await knex.schema.alterTable('projection_checkpoints', (t) => void t.dropColumn('version'));
    await knex.schema.dropTable('projection_parked');
  },
};
