import type { Knex } from 'knex';

/** Every column of the system's own tables that holds an event-store position. */
const POSITION_COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['projection_checkpoints', 'position'],
  ['orders', 'position'],
  ['products', 'position'],
  ['saga_checkpoints', 'position'],
  ['saga_instances', 'position'],
  ['saga_commands', 'position'],
  ['payment_simulator_checkpoints', 'position'],
];

/**
 * Positions are opaque bigints: the Postgres adapter's fit in 64 bits, but the EventStoreDB
 * adapter packs a commit and a prepare position (two unsigned 64-bit numbers) into 128 bits, so
 * every stored position becomes numeric(39,0) (39 digits hold 2^128). pg returns numeric as a
 * string, which is what the readers already turn into a bigint.
 */
export const numericPositionsMigration = {
  name: '0301_numeric_positions',
  async up(knex: Knex) {
    for (const [table, column] of POSITION_COLUMNS)
      await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE numeric(39,0)', [table, column]);
  },
  async down(knex: Knex) {
    for (const [table, column] of POSITION_COLUMNS)
      await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE bigint', [table, column]);
  },
};
