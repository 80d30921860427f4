import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server tests create their databases on: `TEST_DATABASE_URL` (any database on the
 * server; default postgres://postgres@127.0.0.1:5432/postgres, the machine's trust-auth server).
 */
export const testServerUrl = (): string =>
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throw-away database of one test or suite. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, closing whatever connections are left. */
  drop(): Promise<void>;
}

/** Creates an empty database named `of_<prefix>_<random>` so that tests never share state. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `of_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testServerUrl() });
      await client.connect();
      try {
        // Give connections that are closing a moment to go, so FORCE only ends true leftovers.
        for (let i = 0; i < 60; i++) {
          const { rows } = await client.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]?.n === '0') break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A unique lower-case suffix for schema names, Redis key prefixes, topics. */
export const uniqueSuffix = (): string => randomBytes(4).toString('hex');
