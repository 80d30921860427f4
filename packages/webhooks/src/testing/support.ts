/** Test support of the webhooks int tests: a fresh database with the event store, the webhook and runtime tables. */
import { randomUUID } from 'node:crypto';
import { consumerMigrations, runMigrations } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { webhooksMigration } from '../migration.ts';

/** A migrated test database and its connections. */
export interface WebhooksTestDb {
  readonly db: TestDatabase;
  readonly knex: Knex;
  readonly store: EventStore;
  close(): Promise<void>;
}

/** Creates and migrates a database for one test. */
export async function webhooksTestDb(): Promise<WebhooksTestDb> {
  const db = await createTestDatabase('webhooks');
  const pool = new pg.Pool({ connectionString: db.url, max: 6 });
  await ensureEventStoreSchema(pool);
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 6 } });
  await runMigrations(knex, [webhooksMigration, ...consumerMigrations]);
  const store = createPostgresEventStore(pool, { pollIntervalMs: 50 });
  return {
    db,
    knex,
    store,
    async close() {
      await store.close();
      await Promise.allSettled([knex.destroy(), pool.end()]);
      await db.drop();
    },
  };
}

/** Appends a LowStockAlertRaised (`low`) or LowStockAlertCleared of `sku` to its inventory stream. */
export async function appendAlert(
  store: EventStore,
  sku: string,
  low: boolean,
  available: number,
): Promise<string> {
  const id = randomUUID();
  await store.appendToStream(`inventory-${sku}`, [
    {
      id,
      type: low ? 'LowStockAlertRaised' : 'LowStockAlertCleared',
      data: { sku, available, threshold: 5 },
    },
  ]);
  return id;
}
