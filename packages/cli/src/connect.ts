/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { loadConfig, openEventStore } from '@orderflow/host';
import type { EventStore } from '@orderflow/eventstore';
import { createRedisClient, redisReady } from '@orderflow/projections';
import type { Redis } from 'ioredis';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { embeddedDatabaseUrl } from './embedded-url.ts';

/** What an operator command works on: the database, its knex, and the event store. */
export interface Connection {
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  readonly db: Knex;
  readonly store: EventStore;
  /** The Redis read models' client and key prefix, when REDIS_URL is set. */
  readonly redis: { client: Redis; keyPrefix: string } | null;
  close(): Promise<void>;
}

/**
 * Connects an operator command (replay, projections, sagas) to the deployment: DATABASE_URL, or
 * the embedded Postgres that `orderflow serve` runs when DATABASE_URL is unset; EVENTSTORE_URL
 * when set, else the Postgres event store; REDIS_URL when set (for the Redis read models).
 */
export async function connect(): Promise<Connection> {
  const config = loadConfig();
  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  pool.on('error', (error) => console.error('postgres: idle connection lost:', error.message));
  const db = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 6 } });
  const store = openEventStore(pool, config.EVENTSTORE_URL);
  const client = config.REDIS_URL ? createRedisClient(config.REDIS_URL) : null;
  if (client) await redisReady(client);
  return {
    databaseUrl,
    pool,
    db,
    store,
    redis: client && { client, keyPrefix: config.REDIS_KEY_PREFIX },
    async close() {
      await store.close();
      await client?.quit();
      await Promise.allSettled([pool.end(), db.destroy()]);
    },
  };
}

/** Connects (see {@link connect}), runs one operator command with the connection, and disconnects. */
export async function withConnection(work: (connection: Connection) => Promise<unknown>): Promise<void> {
  const connection = await connect();
  try {
    await work(connection);
  } finally {
    await connection.close();
  }
}
