import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { hashOps } from './hash-ops.ts';
import { projectionKeys } from './keys.ts';
import { memoryGeneration } from './memory.ts';
import { encodeOps, keyTypeOf, type RedisOp } from './ops.ts';
import { diffSnapshots, hashValue, setValue, stringValue, zsetValue } from './values.ts';

test('ops are flattened with each key declared once, in first-use order', () => {
  const ops: RedisOp[] = [
    ['HSET', 'k1', 'f', 'v'],
    ['ZINCRBY', 'k2', -3, 'MUG'],
    ['HDEL', 'k1', 'g'],
    ['DEL', 'k3'],
  ];
  assert.deepEqual(encodeOps(ops), {
    keys: ['k1', 'k2', 'k3'],
    args: ['HSET', '1', 'f', 'v', 'ZINCRBY', '2', '-3', 'MUG', 'HDEL', '1', 'g', 'DEL', '3'],
  });
  assert.throws(() => encodeOps([['ZADD', 'k', Number.NaN, 'm']]), TypeError);
  assert.equal(keyTypeOf('SADD'), 'set');
  assert.equal(keyTypeOf('DEL'), null);
});

test('every key of a projection shares one hash tag; names are validated', () => {
  const keys = projectionKeys('test:ab12', 'order-status');
  const g2 = keys.generation(2);
  assert.equal(keys.pointer, '{of:test:ab12:order-status}:live');
  assert.equal(g2.key('order', 'o-1'), '{of:test:ab12:order-status}:g2:order:o-1');
  assert.equal(g2.meta, '{of:test:ab12:order-status}:g2:meta');
  assert.equal(g2.pattern, '{of:test:ab12:order-status}:g2:*');
  assert.equal(keys.scratch('x9').key('a'), '{of:test:ab12:order-status}:sx9:a');
  assert.throws(() => projectionKeys('a{b}', 'p'), TypeError);
  assert.throws(() => projectionKeys('a', 'p*'), TypeError);
  assert.throws(() => keys.generation(0), TypeError);
});

test('hashOps writes only what changed', () => {
  assert.deepEqual(hashOps('k', { a: '1', b: '2' }, { a: '1', b: '3', c: '4' }), [
    ['HSET', 'k', 'b', '3'],
    ['HSET', 'k', 'c', '4'],
  ]);
  assert.deepEqual(hashOps('k', { a: '1', b: '2' }, { a: '1' }), [['HDEL', 'k', 'b']]);
  assert.deepEqual(hashOps('k', { a: '1' }, null), [['DEL', 'k']]);
  assert.deepEqual(hashOps('k', undefined, null), []);
});

test('the in-memory generation follows Redis: empty collections vanish, types are enforced', async () => {
  const memory = memoryGeneration();
  memory.apply([
    ['HSET', 'p:h', 'f', 'v'],
    ['SADD', 'p:s', 'x'],
    ['ZINCRBY', 'p:z', 2, 'm'],
    ['ZINCRBY', 'p:z', 3, 'm'],
    ['SET', 'p:str', 'hello'],
  ]);
  assert.deepEqual(memory.snapshot('p:'), {
    h: hashValue({ f: 'v' }),
    s: setValue(['x']),
    str: stringValue('hello'),
    z: zsetValue([['m', 5]]),
  });
  assert.deepEqual([...(await memory.read.members('p:s', ['x', 'y']))], ['x']);
  memory.apply([
    ['HDEL', 'p:h', 'f'],
    ['SREM', 'p:s', 'x'],
    ['ZREM', 'p:z', 'm'],
    ['DEL', 'p:str'],
  ]);
  assert.deepEqual(memory.snapshot('p:'), {});
  memory.apply([['SET', 'p:k', 'v']]);
  assert.throws(() => memory.apply([['HSET', 'p:k', 'f', 'v']]), /WRONGTYPE/);
});

test('snapshots differ key by key and field by field', () => {
  const live = {
    'order:1': hashValue({ status: 'PENDING' }),
    'order:2': hashValue({ status: 'CONFIRMED' }),
    units: zsetValue([['MUG', -2]]),
  };
  const rebuilt = {
    'order:1': hashValue({ status: 'CANCELLED', cancellationReason: 'OUT_OF_STOCK' }),
    'order:3': hashValue({ status: 'PENDING' }),
    units: zsetValue([['MUG', -2]]),
  };
  assert.deepEqual(diffSnapshots(live, live), []);
  assert.deepEqual(diffSnapshots(live, rebuilt), [
    { key: 'order:1', field: 'cancellationReason', live: null, rebuilt: 'OUT_OF_STOCK' },
    { key: 'order:1', field: 'status', live: 'PENDING', rebuilt: 'CANCELLED' },
    { key: 'order:2', field: null, live: 'hash', rebuilt: null },
    { key: 'order:3', field: null, live: null, rebuilt: 'hash' },
  ]);
});

test.run();
