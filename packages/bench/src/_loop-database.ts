/**
 * Databases `pnpm bench loop` creates for itself: with `--database-url`, the server's fresh
 * database for the run; in every mode, the ceiling's scratch database. Both are created through
 * a maintenance connection and dropped with `WITH (FORCE)` (PostgreSQL 13+).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database that exists until `drop()`. */
export interface ScratchDatabase {
  readonly name: string;
  /** Connection URL of the new database (the maintenance URL with its path replaced). */
  readonly url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `<prefix>_<8 random hex>` on the server of `maintenanceUrl` (a URL whose user may
 * create databases).
 */
export async function createScratchDatabase(
  maintenanceUrl: string,
  prefix: string,
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withClient(maintenanceUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}
