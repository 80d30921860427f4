import * as assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@orderflow/testing';
import { test } from 'uvu';
import { embeddedDatabaseUrl } from '../embedded-url.ts';
import { postmasterPid } from '../postmaster-pid.ts';
import { runChaosCase, within } from './scenario.ts';
import { freePort } from './server-process.ts';

const health = (origin: string) =>
  fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status,
    () => 0,
  );

test('the embedded Postgres killed under load is restarted; /health fails only while it cannot come back', async () => {
  const port = await freePort();
  await within(150_000, 'embedded Postgres case', () =>
    runChaosCase({
      name: 'embedded Postgres killed, kept from starting past the health grace, restarted',
      databaseUrl: embeddedDatabaseUrl(port),
      embedded: true,
      env: { EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_UNHEALTHY_AFTER_MS: '2000' },
      async fault({ server }) {
        const databaseDir = join(server.dataDir, 'pg');
        const pid = postmasterPid(databaseDir);
        assert.ok(pid, 'the embedded Postgres runs');
        // Killed, and its data directory away, so that the restarts fail for a while.
        renameSync(databaseDir, `${databaseDir}-away`);
        process.kill(pid, 'SIGKILL');
        await sleep(500);
        assert.equal(await health(server.origin), 200, '/health while the restarts may still succeed');
        await eventually('/health 503 while the embedded Postgres cannot be restarted', async () =>
          (await health(server.origin)) === 503 ? true : undefined,
        );
        renameSync(`${databaseDir}-away`, databaseDir);
        const restarted = await eventually(
          'the embedded Postgres restarted',
          () => {
            const now = postmasterPid(databaseDir);
            return now !== null && now !== pid ? now : undefined;
          },
          { timeoutMs: 30_000 },
        );
        assert.ok(restarted);
        await eventually('/health 200 again', async () =>
          (await health(server.origin)) === 200 ? true : undefined,
        );
      },
      readiness(ready, startedMs, endedMs) {
        const during = ready.samples.filter((s) => s.atMs > startedMs + 500 && s.atMs < endedMs - 1000);
        assert.ok(
          during.length > 0 && during.every((s) => s.status === 503),
          `/ready while the embedded Postgres was down: ${JSON.stringify(during)}`,
        );
      },
    }),
  );
});

test.run();
