import type { Knex } from 'knex';

/**
 * Where relays kept their checkpoints until `0501_processor_checkpoints` (`@orderflow/consumer`)
 * moved them into `processor_checkpoints`; its migration stays for the databases that ran it.
 */
const RELAY_CHECKPOINTS = 'relay_checkpoints';

/** A knex migration (the shape of `@orderflow/projections`' Migration; the composition root combines them). */
export interface KafkaMigration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * knex migrations of this package; the relay's checkpoint lives in the runtime's tables: run
 * `consumerMigrations` (`@orderflow/consumer`) after these. Positions are stored as numeric(39,0): they are opaque
 * unsigned integers that may exceed 64 bits (the EventStoreDB adapter packs commit and prepare
 * positions into 128 bits; 2^128 has 39 decimal digits). Read them back with BigInt(string).
 */
export const kafkaMigrations: readonly KafkaMigration[] = [
  {
    name: '0301_kafka_relay_checkpoints',
    async up(knex) {
      await knex.schema.createTable(RELAY_CHECKPOINTS, (t) => {
        t.text('name').primary();
        t.decimal('position', 39, 0).notNullable().defaultTo(0);
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
    },
    async down(knex) {
      await knex.schema.dropTable(RELAY_CHECKPOINTS);
    },
  },
];
