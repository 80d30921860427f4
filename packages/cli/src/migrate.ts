/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { loadConfig, migrate } from '@orderflow/host';
import knexFactory from 'knex';
import pg from 'pg';

/** `orderflow migrate`: applies every migration to DATABASE_URL. */
export async function migrateCommand(): Promise<void> {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL)
    throw new Error('orderflow migrate needs DATABASE_URL (serve migrates the embedded database itself)');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const db = knexFactory({ client: 'pg', connection: DATABASE_URL });
  try {
    await migrate(pool, db);
    console.log('schema up to date');
  } finally {
    await Promise.allSettled([pool.end(), db.destroy()]);
  }
}
