import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@orderflow/testing';
import { test } from 'uvu';
import { runChaosCase, within } from './scenario.ts';

test('kill -9 of the server under load, then a restart: every acknowledged order settles once', async () => {
  const db = await createTestDatabase('chaos_kill');
  try {
    await within(150_000, 'kill -9 case', () =>
      runChaosCase({
        name: 'kill -9 and restart',
        databaseUrl: db.url,
        async fault({ server }) {
          await server.kill9();
          await sleep(1000);
          await server.restart();
        },
        readiness(ready, startedMs, endedMs) {
          const during = ready.samples.filter((s) => s.atMs > startedMs + 100 && s.atMs < endedMs - 300);
          assert.ok(
            during.length > 0 && during.every((s) => s.status !== 200),
            `/ready while the server was down: ${JSON.stringify(during)}`,
          );
        },
      }),
    );
  } finally {
    await db.drop();
  }
});

test.run();
