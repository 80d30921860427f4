import * as assert from 'node:assert/strict';
import { validationFailed } from '@orderflow/core';
import { test } from 'uvu';
import { RedisModelUnavailableError } from './errors.ts';
import { withFallback } from './fallback.ts';

const pg = async (id: string) => `pg:${id}`;

test('answers from Redis when it is available and answers', async () => {
  const query = withFallback(async (id: string) => `redis:${id}`, pg, { isAvailable: () => true });
  assert.equal(await query('1'), 'redis:1');
});

test('answers from Postgres, without asking Redis, when Redis is not available', async () => {
  let asked = false;
  const query = withFallback(async (id: string) => ((asked = true), `redis:${id}`), pg, {
    isAvailable: () => false,
  });
  assert.equal(await query('1'), 'pg:1');
  assert.equal(asked, false);
});

test('a failing or slow Redis gives the Postgres answer, and is reported', async () => {
  const reasons: unknown[] = [];
  const failing = withFallback(
    async (_id: string): Promise<string> => {
      throw new RedisModelUnavailableError('order-status', 'down');
    },
    pg,
    { onFallback: (e) => reasons.push(e) },
  );
  assert.equal(await failing('1'), 'pg:1');
  const slow = withFallback(
    (id: string) => new Promise<string>((resolve) => setTimeout(() => resolve(`redis:${id}`), 200)),
    pg,
    { timeoutMs: 20, onFallback: (e) => reasons.push(e) },
  );
  assert.equal(await slow('2'), 'pg:2');
  assert.equal(reasons.length, 2);
});

test('validation errors reach the caller', async () => {
  const query = withFallback(async (_id: string): Promise<string> => {
    throw validationFailed('first must be an integer from 0 to 100');
  }, pg);
  await assert.rejects(query('x'), /first must be/);
});

test.run();
