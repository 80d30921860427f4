import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions, serializeError } from './log.ts';

test('an error serialises with its own fields but without a driver back-reference', () => {
  const error = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
    severity: 'FATAL',
    client: { connection: { parsedStatements: { big: 'x'.repeat(10_000) } } },
  });
  const out = serializeError(error) as Record<string, unknown>;
  assert.is(out.message, 'terminating connection due to administrator command');
  assert.is(out.code, '57P01');
  assert.is(out.severity, 'FATAL');
  assert.ok(typeof out.stack === 'string');
  assert.not.ok('client' in out);
  assert.ok('client' in error, 'the error itself is left as it was');
});

test('a logger made with loggerOptions writes the error as one short line', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino(loggerOptions('info'), sink);
  const err = Object.assign(new Error('lost'), { code: '57P01', client: { huge: 'y'.repeat(50_000) } });
  logger.warn({ err }, 'postgres: idle connection lost');
  assert.is(lines.length, 1);
  assert.ok(lines[0]!.length < 5_000, `line of ${lines[0]!.length} characters`);
  const parsed = JSON.parse(lines[0]!) as { err: { code: string; client?: unknown } };
  assert.is(parsed.err.code, '57P01');
  assert.is(parsed.err.client, undefined);
});

test('a value that is not an Error passes through', () => {
  assert.equal(serializeError({ reason: 'x' }), { reason: 'x' });
});

test.run();
