import * as assert from 'node:assert/strict';
import { fullJitterDelayMs, OrderflowError } from '@orderflow/core';
import { test } from 'uvu';
import {
  isInfrastructureError,
  isNotTheHandlers,
  isRedisOutage,
  lockLost,
  restartFromCheckpoint,
} from './errors.ts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

test('outages are told from handler failures', () => {
  for (const code of ['08006', '08P01', '53300', '57P01', '40001', '40P01', 'ECONNREFUSED', 'ECONNRESET'])
    assert.ok(isInfrastructureError(pgError(code)), code);
  assert.ok(isInfrastructureError(new Error('Connection terminated unexpectedly')));
  assert.ok(isInfrastructureError(Object.assign(new Error('x'), { name: 'KnexTimeoutError' })));
  assert.ok(
    isInfrastructureError(Object.assign(new Error('LOADING Redis is loading'), { name: 'ReplyError' })),
  );
  for (const error of [
    pgError('23505'), // unique violation: the handler's
    pgError('42P01'), // undefined table
    new TypeError('cannot read x of undefined'),
    new OrderflowError('UNKNOWN_EVENT_SCHEMA'),
    Object.assign(new Error('WRONGTYPE Operation against a key'), { name: 'ReplyError' }),
    'a string',
    null,
  ])
    assert.equal(isInfrastructureError(error), false, String(error));
  assert.equal(isRedisOutage(Object.assign(new Error('WRONGTYPE x'), { name: 'ReplyError' })), false);
});

test('restart requests, a lost lock and a processor’s own transient errors are not the handler’s', () => {
  const broker = Object.assign(new Error('broker away'), { name: 'KafkaJSConnectionError' });
  const processor = { isTransient: (e: unknown) => (e as Error).name.startsWith('KafkaJS') };
  assert.ok(isNotTheHandlers(processor, broker));
  assert.equal(isNotTheHandlers({}, broker), false);
  assert.ok(isNotTheHandlers({}, restartFromCheckpoint('swapped')));
  assert.ok(isNotTheHandlers({}, lockLost('p')));
  assert.equal(isNotTheHandlers(processor, new TypeError('bug')), false);
});

test('full-jitter backoff: random below a ceiling that doubles per attempt up to the cap', () => {
  const backoff = { baseDelayMs: 100, maxDelayMs: 5000 };
  const ceiling = (attempt: number) => fullJitterDelayMs(attempt, backoff, () => 0.999999);
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map(ceiling), [99, 199, 399, 799, 1599, 3199, 4999, 4999]);
  assert.equal(
    fullJitterDelayMs(3, backoff, () => 0),
    0,
  );
  assert.equal(
    fullJitterDelayMs(3, backoff, () => 0.5),
    200,
  );
});

test.run();
