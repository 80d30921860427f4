import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { loadConfig } from './config.ts';

test('defaults: Postgres event store, embedded database, in-process payments', () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 4000);
  assert.equal(config.EVENTSTORE_URL, undefined);
  assert.equal(config.DATABASE_URL, undefined);
  assert.equal(config.PAYMENT_APPROVAL_RATE, 0.95);
});

test('EVENTSTORE_URL takes esdb:// and esdb+discover:// connection strings', () => {
  for (const url of ['esdb://localhost:2113?tls=false', 'esdb+discover://cluster.example.com:2113'])
    assert.equal(loadConfig({ EVENTSTORE_URL: url }).EVENTSTORE_URL, url);
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({ EVENTSTORE_URL: '', PORT: '' }).EVENTSTORE_URL, undefined);
  assert.equal(loadConfig({ PORT: '' }).PORT, 4000);
});

test('invalid values fail with a message naming each variable', () => {
  assert.throws(
    () => loadConfig({ EVENTSTORE_URL: 'postgres://x', PORT: '70000' }),
    (e: unknown) =>
      e instanceof Error &&
      /EVENTSTORE_URL: must start with esdb:\/\/ or esdb\+discover:\/\//.test(e.message) &&
      /PORT/.test(e.message),
  );
});

test.run();
