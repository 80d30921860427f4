import * as assert from 'node:assert/strict';
import { logLevel } from 'kafkajs';
import { test } from 'uvu';
import { pinoLogCreator, type KafkaLogSink } from './client.ts';

const recordingSink = () => {
  const lines: Array<{ level: string; fields: object; message: string }> = [];
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields, message });
    };
  const sink: KafkaLogSink = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { sink, lines };
};

const entry = (level: logLevel, message: string, extra: object = {}) => ({
  namespace: 'Connection',
  level,
  label: 'WARN',
  log: { timestamp: '2026-12-04T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

test("kafkajs entries become structured log lines at their own level, with kafkajs' fields", () => {
  const { sink, lines } = recordingSink();
  const log = pinoLogCreator(sink)(logLevel.WARN);
  log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:9092' }));
  log(entry(logLevel.WARN, 'Request timed out'));
  assert.deepEqual(lines, [
    {
      level: 'error',
      fields: { component: 'kafkajs', namespace: 'Connection', broker: '127.0.0.1:9092' },
      message: 'Connection error: connect ECONNREFUSED',
    },
    {
      level: 'warn',
      fields: { component: 'kafkajs', namespace: 'Connection' },
      message: 'Request timed out',
    },
  ]);
});

test('the idempotent-producer warning the relay causes on purpose is dropped', () => {
  const { sink, lines } = recordingSink();
  pinoLogCreator(sink)(logLevel.WARN)(
    entry(logLevel.WARN, 'Limiting retries for the idempotent producer to 5'),
  );
  assert.equal(lines.length, 0);
});

test.run();
