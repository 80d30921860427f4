import { consumerMigrations, runMigrations } from '@orderflow/consumer';
import { createCachedCommandHandler, type CommandRunner } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { sagaMigrations } from '../runtime/schema.ts';

/** A fresh database with the event store and the saga tables, for int tests. */
export interface SagaTestDatabase {
  readonly url: string;
  readonly db: Knex;
  readonly pool: pg.Pool;
  readonly store: EventStore;
  /** A cached command handler on `store` (the one the process manager sends through). */
  readonly run: CommandRunner;
  close(): Promise<void>;
}

/**
 * Runs the saga migrations and the runtime's (checkpoints) on `db`, as the composition root
 * does, without the other tables.
 */
export async function migrateSagaTables(db: Knex): Promise<void> {
  await runMigrations(db, [...sagaMigrations, ...consumerMigrations], 'saga_test_migrations');
  // What packages/api's 0301_numeric_positions does to these tables in production.
  for (const table of ['saga_instances', 'saga_commands'])
    await db.raw('ALTER TABLE ?? ALTER COLUMN position TYPE numeric(39,0)', [table]);
}

/** Creates, migrates and connects a throw-away database named `of_<prefix>_…`. */
export async function startSagaTestDatabase(prefix: string): Promise<SagaTestDatabase> {
  const database: TestDatabase = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const db = knexFactory({ client: 'pg', connection: database.url, pool: { min: 0, max: 8 } });
  await ensureEventStoreSchema(pool);
  await migrateSagaTables(db);
  const store = createPostgresEventStore(pool, { schemas: domainSchemaRegistry, pollIntervalMs: 200 });
  return {
    url: database.url,
    db,
    pool,
    store,
    run: createCachedCommandHandler(store),
    async close() {
      await store.close();
      await Promise.allSettled([pool.end(), db.destroy()]);
      await database.drop();
    },
  };
}
