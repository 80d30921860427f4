import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, testServerUrl } from '@orderflow/testing';
import pg from 'pg';
import { test } from 'uvu';
import { runChaosCase, within } from './scenario.ts';

test('all of the server’s Postgres connections terminated six times under load: every order settles', async () => {
  const db = await createTestDatabase('chaos_terminate');
  try {
    await within(150_000, 'terminate case', () =>
      runChaosCase({
        name: 'pg_terminate_backend ×6',
        databaseUrl: db.url,
        async fault() {
          const admin = new pg.Client({ connectionString: testServerUrl() });
          await admin.connect();
          try {
            for (let i = 0; i < 6; i++) {
              await admin.query(
                'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
                [db.name],
              );
              await sleep(1500);
            }
          } finally {
            await admin.end();
          }
        },
      }),
    );
  } finally {
    await db.drop();
  }
});

test.run();
