import { migrate, pendingMigrations } from '@orderflow/host';
import knexFactory from 'knex';
import pg from 'pg';

/**
 * Before `serve` starts its roles: on the embedded default (`embedded`), migrates the database
 * itself, so `pnpm start` stays one command; otherwise only checks that the schema is current.
 * @throws Error with a one-line message naming `orderflow migrate` when migrations are pending.
 */
export async function ensureSchema(databaseUrl: string, embedded: boolean): Promise<void> {
  const db = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  try {
    if (embedded) {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
      try {
        await migrate(pool, db);
      } finally {
        await pool.end();
      }
      return;
    }
    const pending = await pendingMigrations(db);
    if (pending.length > 0)
      throw new Error(
        `the database schema is not current (${pending.length} migration${pending.length > 1 ? 's' : ''} pending, first ${pending[0]}): run \`orderflow migrate\` first`,
      );
  } finally {
    await db.destroy();
  }
}
