import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chunks, confirms } from './batch.ts';

const test = suite('batch panel helpers');

test('chunks split the ids in order, the last one shorter', () => {
  assert.equal(chunks(['a', 'b', 'c', 'd', 'e'], 2), [['a', 'b'], ['c', 'd'], ['e']]);
  assert.equal(chunks([], 25), []);
  assert.throws(() => chunks(['a'], 0), /positive integer/);
});

test('the confirmation is the count or the action name', () => {
  assert.ok(confirms('3', 3, 'RETRY'));
  assert.ok(confirms(' retry ', 3, 'RETRY'));
  assert.not.ok(confirms('4', 3, 'RETRY'));
  assert.not.ok(confirms('abort', 3, 'RETRY'));
  assert.not.ok(confirms('0', 0, 'RETRY'), 'nothing to confirm');
});

test.run();
