import type { Knex } from 'knex';

/**
 * `0201_payment_simulator`, kept because databases have run it: it created
 * `payment_simulator_checkpoints`, whose row `0501_processor_checkpoints`
 * (`@orderflow/consumer`) moved into `processor_checkpoints` before dropping it.
 */
export const paymentSimulatorMigration = {
  name: '0201_payment_simulator',
  up: (knex: Knex) =>
    knex.schema.createTable('payment_simulator_checkpoints', (t) => {
      t.text('name').primary();
      t.bigInteger('position').notNullable();
    }),
  down: (knex: Knex) => knex.schema.dropTable('payment_simulator_checkpoints'),
};
