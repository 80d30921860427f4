import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { test } from 'uvu';
import { startPrivatePostgres } from './private-postgres.ts';
import { runChaosCase, within } from './scenario.ts';

test('Postgres stopped for 20 s and started again under load: every order settles without a server restart', async () => {
  // A dedicated server on its own port and data directory, never the machine's Postgres.
  const postgres = await startPrivatePostgres();
  try {
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE orderflow_chaos');
    await admin.end();
    const databaseUrl = postgres.url('orderflow_chaos');
    await within(150_000, 'Postgres restart case', () =>
      runChaosCase({
        name: 'Postgres stopped 20 s and started',
        databaseUrl,
        async fault() {
          await postgres.stop();
          // Longer than a saga command's attempts (8, ~13 s expected): an outage must park nothing.
          await sleep(20_000);
          await postgres.start();
        },
        readiness(ready, startedMs, endedMs) {
          const during = ready.samples.filter((s) => s.atMs > startedMs + 500 && s.atMs < endedMs - 300);
          assert.ok(
            during.length > 0 && during.every((s) => s.status === 503),
            `/ready while Postgres was down: ${JSON.stringify(during)}`,
          );
        },
      }),
    );
  } finally {
    await postgres.destroy();
  }
});

test.run();
