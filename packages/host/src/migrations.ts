import { apiKeysMigration, numericPositionsMigration } from '@orderflow/api';
import { consumerMigrations, runMigrations, type Migration } from '@orderflow/consumer';
import { ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { kafkaMigrations } from '@orderflow/kafka';
import { paymentSimulatorMigration } from '@orderflow/payment-simulator';
import { projectionMigrations } from '@orderflow/projections';
import { sagaMigrations } from '@orderflow/sagas';
import { webhooksMigration } from '@orderflow/webhooks';
import type { Knex } from 'knex';
import type pg from 'pg';

/** The knex table that records which of {@link allMigrations} ran. */
export const MIGRATIONS_TABLE = 'orderflow_migrations';

/**
 * Every knex migration of the system, in order; the subscription runtime's last, as they take
 * over the checkpoint tables the others created.
 */
export const allMigrations: readonly Migration[] = [
  ...projectionMigrations,
  ...sagaMigrations,
  paymentSimulatorMigration,
  numericPositionsMigration,
  ...kafkaMigrations,
  apiKeysMigration,
  webhooksMigration,
  ...consumerMigrations,
];

const migrationSource = {
  getMigrations: async () => [...allMigrations],
  getMigrationName: (m: Migration) => m.name,
  getMigration: async (m: Migration) => m,
};

/**
 * Creates the event store's tables (idempotent DDL; `append_events` replaced) and runs every
 * pending migration of {@link allMigrations}. Safe to run concurrently: knex holds its
 * migration lock, the event-store DDL an advisory lock.
 */
export async function migrate(pool: pg.Pool, db: Knex): Promise<void> {
  await ensureEventStoreSchema(pool);
  await runMigrations(db, allMigrations, MIGRATIONS_TABLE);
}

/**
 * What `orderflow migrate` would still do to the database behind `db`: the names of the
 * migrations not yet run, with `eventstore schema` first when the event store's tables or its
 * append function are missing. Empty when the schema is current. Reads only.
 */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const pending: string[] = [];
  const { rows } = (await db.raw(
    `SELECT to_regclass('eventstore.events') IS NOT NULL AND to_regclass('eventstore.streams') IS NOT NULL
        AND EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'eventstore' AND p.proname = 'append_events') AS ok`,
  )) as { rows: [{ ok: boolean }] };
  if (!rows[0].ok) pending.push('eventstore schema');
  if (!(await db.schema.hasTable(MIGRATIONS_TABLE))) return [...pending, ...allMigrations.map((m) => m.name)];
  const [, notRun] = (await db.migrate.list({ tableName: MIGRATIONS_TABLE, migrationSource })) as [
    unknown,
    Migration[],
  ];
  return [...pending, ...notRun.map((m) => m.name)];
}
