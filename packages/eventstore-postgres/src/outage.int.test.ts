/**
 * A database outage seen by the Postgres event store (the link to Postgres cut by a proxy, as
 * a restart or a network failure does): a subscription retries its reads and the LISTEN
 * connection reconnects, with capped exponential backoff and jitter, and each reports the
 * outage once, not every failed try; once the database is back, a NOTIFY from another process
 * wakes the subscriber again (LISTEN was taken again).
 */
import * as assert from 'node:assert/strict';
import { newId, type RecordedEvent } from '@orderflow/core';
import {
  createTestDatabase,
  eventually,
  startTcpProxy,
  type TestDatabase,
  type TcpProxy,
} from '@orderflow/testing';
import pg from 'pg';
import { suite } from 'uvu';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

const test = suite<{ db: TestDatabase; proxy: TcpProxy }>('postgres event store: outages');

test.before(async (ctx) => {
  ctx.db = await createTestDatabase('es_outage');
  const url = new URL(ctx.db.url);
  ctx.proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const pool = new pg.Pool({ connectionString: ctx.db.url, max: 2 });
  await ensureEventStoreSchema(pool);
  await pool.end();
});
test.after(async ({ db, proxy }) => {
  await proxy.close();
  await db.drop();
});

test('reads and LISTEN retry through an outage, report it once each, and wake-ups work after it', async ({
  db,
  proxy,
}) => {
  const pool = new pg.Pool({ connectionString: proxy.via(db.url), max: 4 });
  pool.on('error', () => undefined);
  const direct = new pg.Pool({ connectionString: db.url, max: 2 });
  const reports: string[] = [];
  // No polling to speak of: after the outage only a NOTIFY (so a LISTEN again) or a retried read wakes it.
  const store = createPostgresEventStore(pool, {
    pollIntervalMs: 60_000,
    onTransientError: (e) => reports.push(String(e)),
  });
  const other = createPostgresEventStore(direct, { pollIntervalMs: 60_000 });
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ onEvents: async (events) => void seen.push(...events) });
  try {
    await other.appendToStream('before-1', [{ id: newId(), type: 'Before', data: {} }]);
    await eventually('the event before the outage', () => seen.length === 1);

    proxy.cut();
    // A wake-up from this process makes the subscription read (and fail) during the outage.
    await store
      .appendToStream('during-1', [{ id: newId(), type: 'During', data: {} }])
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.ok(reports.length >= 1, 'the outage is reported');
    assert.ok(
      reports.length <= 2,
      `reported once per retrying part, not per try: ${reports.length}\n${reports.join('\n')}`,
    );
    proxy.restore();

    await new Promise((resolve) => setTimeout(resolve, 6000)); // the backoffs' largest wait (5 s), and then some
    const afterId = newId();
    await other.appendToStream('after-1', [{ id: afterId, type: 'After', data: {} }]);
    await eventually(
      'a NOTIFY from another process wakes the subscriber',
      () => seen.some((e) => e.id === afterId),
      { timeoutMs: 3000 },
    );
  } finally {
    await subscription.stop();
    await Promise.all([store.close(), other.close()]);
    await Promise.allSettled([pool.end(), direct.end()]);
  }
});

test.run();
