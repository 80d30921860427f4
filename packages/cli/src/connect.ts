import { loadConfig, openEventStore } from '@orderflow/api';
import type { EventStore } from '@orderflow/eventstore';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { embeddedDatabaseUrl } from './embedded-url.ts';

/** What an operator command works on: the database, its knex, and the event store. */
export interface Connection {
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  readonly db: Knex;
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * Connects an operator command (replay, projections, sagas) to the deployment: DATABASE_URL, or
 * the embedded Postgres that `orderflow serve` runs when DATABASE_URL is unset; EVENTSTORE_URL
 * when set, else the Postgres event store.
 */
export function connect(): Connection {
  const config = loadConfig();
  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  const db = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 6 } });
  const store = openEventStore(pool, config.EVENTSTORE_URL);
  return {
    databaseUrl,
    pool,
    db,
    store,
    async close() {
      await store.close();
      await Promise.allSettled([pool.end(), db.destroy()]);
    },
  };
}
