import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, startRedisServer } from '@orderflow/testing';
import { test } from 'uvu';
import { assertNotReadyDuring, runChaosCase, within } from './scenario.ts';

test('Redis stopped for 5 s and started again (empty) under load: orders settle, Redis read models catch up', async () => {
  const db = await createTestDatabase('chaos_redis');
  // A private redis-server (--save ''), never the machine's Redis.
  const redis = await startRedisServer();
  try {
    await within(150_000, 'Redis case', () =>
      runChaosCase({
        name: 'Redis stopped 5 s and started',
        databaseUrl: db.url,
        env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'chaos' },
        async fault() {
          await redis.stop();
          await sleep(5000);
          await redis.restart();
        },
        // The Redis projector retrying for longer than READY_GRACE_MS.
        readiness: assertNotReadyDuring,
      }),
    );
  } finally {
    await redis.stop();
    await db.drop();
  }
});

test.run();
