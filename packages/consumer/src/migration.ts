import type { Knex } from 'knex';
import { skippedEventsMigration } from './skipped.ts';
import { PROCESSOR_CHECKPOINTS, PROCESSOR_PARKED } from './tables.ts';

/** A knex migration as a plain object (the composition root combines every package's into one source). */
export interface Migration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Runs `migrations` (in order, each once) with knex, recording them in `tableName` (default
 * `orderflow_migrations`). The composition root passes every migration of the system; tests
 * and benchmarks pass the ones they need — with `consumerMigrations` last.
 */
export async function runMigrations(
  knex: Knex,
  migrations: readonly Migration[],
  tableName = 'orderflow_migrations',
): Promise<void> {
  await knex.migrate.latest({
    tableName,
    migrationSource: {
      getMigrations: async () => [...migrations],
      getMigrationName: (m: Migration) => m.name,
      getMigration: async (m: Migration) => m,
    },
  });
}

/**
 * Defines the columns of a parked-events table keyed by (`owner`, event id): `processor_parked`,
 * and the `projection_parked` of migration 0006 that it replaced (so 0006 and this package's
 * `down` build the same table).
 */
export function defineParkedTable(
  knex: Knex,
  t: Knex.CreateTableBuilder,
  owner: 'processor' | 'projection',
): void {
  t.text(owner).notNullable();
  t.uuid('event_id').notNullable();
  t.decimal('position', 39, 0).notNullable();
  t.text('event_type').notNullable();
  t.text('stream_name').notNullable();
  t.text('error').notNullable();
  t.integer('attempts').notNullable();
  t.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.primary([owner, 'event_id']);
}

/** The checkpoint tables of the hand-written runtimes this one replaces, with their extra columns. */
const OLD_CHECKPOINTS: ReadonlyArray<readonly [table: string, columns: 'version+updated' | 'updated' | '']> =
  [
    ['projection_checkpoints', 'version+updated'],
    ['saga_checkpoints', ''],
    ['relay_checkpoints', 'updated'],
    ['payment_simulator_checkpoints', ''],
  ];
const OLD_PARKED = 'projection_parked';

async function createProcessorTables(knex: Knex): Promise<void> {
  await knex.schema.createTable(PROCESSOR_CHECKPOINTS, (t) => {
    t.text('name').primary();
    // Positions are opaque unsigned integers of up to 128 bits (EventStoreDB packs two 64-bit
    // numbers): 39 decimal digits hold 2^128.
    t.decimal('position', 39, 0).notNullable().defaultTo(0);
    t.integer('version');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable(PROCESSOR_PARKED, (t) => defineParkedTable(knex, t, 'processor'));
}

/**
 * `0501_processor_checkpoints`: one checkpoint table and one parked-events table for every
 * processor. Creates `processor_checkpoints` and `processor_parked`, moves the rows of
 * `projection_checkpoints` (rebuild copies such as `order-details:shadow` included),
 * `saga_checkpoints`, `relay_checkpoints`, `payment_simulator_checkpoints` and
 * `projection_parked` over — processor names are unique across them; a clash fails the
 * migration, which then changes nothing — and drops the old tables. Old tables that do not exist
 * (a database migrated with only some packages' migrations) are skipped.
 *
 * `down` restores the old tables in their last shape and copies every checkpoint row into each
 * of them: the new table does not record which runtime a row belonged to, and each old runtime
 * reads only the rows of its own names, so the others are inert there.
 */
export const processorTablesMigration: Migration = {
  name: '0501_processor_checkpoints',
  async up(knex) {
    await createProcessorTables(knex);
    for (const [table, columns] of OLD_CHECKPOINTS) {
      if (!(await knex.schema.hasTable(table))) continue;
      const version = columns === 'version+updated' ? 'version' : 'NULL';
      const updated = columns === '' ? 'now()' : 'updated_at';
      await knex.raw(
        `INSERT INTO ?? (name, position, version, updated_at) SELECT name, position, ${version}, ${updated} FROM ??`,
        [PROCESSOR_CHECKPOINTS, table],
      );
      await knex.schema.dropTable(table);
    }
    if (await knex.schema.hasTable(OLD_PARKED)) {
      await knex.raw(
        `INSERT INTO ?? (processor, event_id, position, event_type, stream_name, error, attempts, parked_at)
         SELECT projection, event_id, position, event_type, stream_name, error, attempts, parked_at FROM ??`,
        [PROCESSOR_PARKED, OLD_PARKED],
      );
      await knex.schema.dropTable(OLD_PARKED);
    }
  },
  async down(knex) {
    for (const [table, columns] of OLD_CHECKPOINTS) {
      await knex.schema.createTable(table, (t) => {
        t.text('name').primary();
        const position = t.decimal('position', 39, 0).notNullable();
        if (table !== 'payment_simulator_checkpoints') position.defaultTo(0);
        if (columns !== '') t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        if (columns === 'version+updated') t.integer('version');
      });
      const copied = ['name', 'position', ...(columns === '' ? [] : ['updated_at'])];
      if (columns === 'version+updated') copied.push('version');
      await knex.raw(`INSERT INTO ?? (${copied.join(', ')}) SELECT ${copied.join(', ')} FROM ??`, [
        table,
        PROCESSOR_CHECKPOINTS,
      ]);
    }
    await knex.schema.createTable(OLD_PARKED, (t) => defineParkedTable(knex, t, 'projection'));
    await knex.raw(
      `INSERT INTO ?? (projection, event_id, position, event_type, stream_name, error, attempts, parked_at)
       SELECT processor, event_id, position, event_type, stream_name, error, attempts, parked_at FROM ??`,
      [OLD_PARKED, PROCESSOR_PARKED],
    );
    await knex.schema.dropTable(PROCESSOR_PARKED);
    await knex.schema.dropTable(PROCESSOR_CHECKPOINTS);
  },
};

/**
 * The runtime's knex migrations. The composition root runs them after every other package's
 * (their names sort last), since they take over those packages' old checkpoint tables.
 */
export const consumerMigrations: readonly Migration[] = [processorTablesMigration, skippedEventsMigration];
