import { consumerMigrations, runMigrations } from '@orderflow/consumer';
import { createCachedCommandHandler, type CommandRunner } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { kafkaMigrations } from '../relay/schema.ts';

/** A test's own event log: a fresh database with the event store, this package's tables and the runtime's. */
export interface TestLog {
  readonly database: TestDatabase;
  readonly db: Knex;
  readonly store: EventStore;
  readonly run: CommandRunner;
  close(): Promise<void>;
}

/** Creates a database `of_<prefix>_<hex>`, migrates it, and opens a store and a command runner. */
export async function createTestLog(prefix = 'kafka'): Promise<TestLog> {
  const database = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const db = knexFactory({ client: 'pg', connection: database.url, pool: { min: 0, max: 4 } });
  await ensureEventStoreSchema(pool);
  await runMigrations(db, [...kafkaMigrations, ...consumerMigrations], 'kafka_test_migrations');
  const store = createPostgresEventStore(pool, { schemas: domainSchemaRegistry });
  return {
    database,
    db,
    store,
    run: createCachedCommandHandler(store),
    async close() {
      await store.close();
      await Promise.allSettled([pool.end(), db.destroy()]);
      await database.drop();
    },
  };
}
