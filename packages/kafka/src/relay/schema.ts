import type { Knex } from 'knex';

/** The relays' checkpoints: one row per relay name, the last `$all` position the broker acknowledged. */
export const RELAY_CHECKPOINTS = 'relay_checkpoints';

/** A knex migration (the shape of `@orderflow/projections`' Migration; the composition root combines them). */
export interface KafkaMigration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * knex migrations of this package. Positions are stored as numeric(39,0): they are opaque
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

/** The checkpoint of relay `name`, creating it at 0 when it does not exist. */
export async function loadCheckpoint(db: Knex, name: string): Promise<bigint> {
  await db(RELAY_CHECKPOINTS).insert({ name, position: '0' }).onConflict('name').ignore();
  const row = await db(RELAY_CHECKPOINTS).where({ name }).first<{ position: string }>('position');
  return BigInt(row.position);
}

/** Moves relay `name`'s checkpoint to `position`. */
export async function saveCheckpoint(db: Knex, name: string, position: bigint): Promise<void> {
  await db(RELAY_CHECKPOINTS)
    .where({ name })
    .update({ position: position.toString(), updated_at: db.fn.now() });
}
