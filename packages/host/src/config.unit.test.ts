import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { limitsFromConfig, loadConfig } from './config.ts';
import { DEFAULT_LIMITS } from '@orderflow/api';

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

test('limits: the defaults of limits/options.ts unless set; booleans as true/false', () => {
  assert.deepEqual(limitsFromConfig(loadConfig({})), DEFAULT_LIMITS);
  const limits = limitsFromConfig(
    loadConfig({
      RATE_LIMIT: 'false',
      RATE_LIMIT_EXEMPT_ADMIN: 'false',
      RATE_LIMIT_QUERIES: '50',
      RATE_LIMIT_WINDOW_MS: '1000',
      GRAPHQL_MAX_COST: '1000',
      WS_INIT_TIMEOUT_MS: '250',
      BODY_LIMIT_BYTES: '2048',
    }),
  );
  assert.equal(limits.rate.enabled, false);
  assert.equal(limits.rate.exemptAdmin, false);
  assert.equal(limits.rate.queries, 50);
  assert.equal(limits.rate.windowMs, 1000);
  assert.equal(limits.query.maxCost, 1000);
  assert.equal(limits.query.maxFieldRepeats, DEFAULT_LIMITS.query.maxFieldRepeats);
  assert.equal(limits.websocket.initTimeoutMs, 250);
  assert.equal(limits.bodyLimitBytes, 2048);
});

test('limits: out-of-range values and non-booleans fail naming the variable', () => {
  for (const [name, value] of [
    ['RATE_LIMIT', 'maybe'],
    ['RATE_LIMIT_QUERIES', '0'],
    ['GRAPHQL_MAX_TOKENS', '10'],
    ['WS_AUTH_RECHECK_MS', '60000'],
    ['BODY_LIMIT_BYTES', '1e12'],
  ])
    assert.throws(
      () => loadConfig({ [name!]: value }),
      (e: unknown) => e instanceof Error && e.message.includes(name!),
      name,
    );
});

test('low-stock default threshold and webhook policy: defaults, values and bounds', () => {
  const defaults = loadConfig({});
  assert.deepEqual(
    [defaults.STOCK_ALERT_DEFAULT_THRESHOLD, defaults.WEBHOOK_TIMEOUT_MS, defaults.WEBHOOK_MAX_ATTEMPTS],
    [0, 10_000, 20],
  );
  assert.deepEqual([defaults.WEBHOOK_RETRY_BASE_MS, defaults.WEBHOOK_RETRY_MAX_MS], [1000, 300_000]);
  assert.equal(loadConfig({ STOCK_ALERT_DEFAULT_THRESHOLD: '25' }).STOCK_ALERT_DEFAULT_THRESHOLD, 25);
  assert.throws(() => loadConfig({ STOCK_ALERT_DEFAULT_THRESHOLD: '-1' }), /STOCK_ALERT_DEFAULT_THRESHOLD/);
  assert.throws(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' }), /WEBHOOK_MAX_ATTEMPTS/);
});

test.run();
