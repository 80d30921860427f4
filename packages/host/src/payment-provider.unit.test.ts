import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { loadConfig, paymentProviderOf } from './config.ts';

const providerOf = (env: Record<string, string>) => paymentProviderOf(loadConfig(env));
const oneLine = (pattern: RegExp) => (e: unknown) =>
  e instanceof Error && pattern.test(e.message) && !e.message.includes('\n');

test('outside production: kafka with KAFKA_BROKERS, else the in-process simulator', () => {
  assert.equal(providerOf({}), 'simulator');
  assert.equal(providerOf({ KAFKA_BROKERS: '127.0.0.1:9092' }), 'kafka');
  assert.equal(providerOf({ NODE_ENV: 'test', PAYMENT_PROVIDER: 'simulator' }), 'simulator');
});

test('production never defaults: no PAYMENT_PROVIDER refuses with a one-line reason', () => {
  assert.throws(() => providerOf({ NODE_ENV: 'production' }), oneLine(/^PAYMENT_PROVIDER is not set/));
  assert.throws(
    () => providerOf({ NODE_ENV: 'production', KAFKA_BROKERS: '127.0.0.1:9092' }),
    oneLine(/NODE_ENV=production needs the payment provider chosen explicitly/),
  );
});

test('production takes the simulator only when told so, and kafka with brokers', () => {
  assert.equal(providerOf({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'simulator' }), 'simulator');
  assert.equal(
    providerOf({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'kafka', KAFKA_BROKERS: 'kafka:9092' }),
    'kafka',
  );
});

test('contradictions are refused: kafka without brokers, simulator with Kafka', () => {
  assert.throws(() => providerOf({ PAYMENT_PROVIDER: 'kafka' }), oneLine(/needs KAFKA_BROKERS/));
  assert.throws(
    () => providerOf({ PAYMENT_PROVIDER: 'simulator', KAFKA_BROKERS: '127.0.0.1:9092' }),
    oneLine(/cannot be used with KAFKA_BROKERS/),
  );
  assert.throws(() => providerOf({ PAYMENT_PROVIDER: 'stripe' }), /PAYMENT_PROVIDER/);
});

test.run();
