import * as assert from 'node:assert/strict';
import { START } from '@eventstore/db-client';
import { hasErrorCode } from '@orderflow/core';
import { test } from 'uvu';
import { decodePosition, encodePosition, NO_POSITION, positionOf, startingAfter } from './position.ts';

const MAX = (1n << 64n) - 1n;

test('a position round-trips through the 128-bit encoding', () => {
  for (const position of [
    { commit: 0n, prepare: 0n },
    { commit: 1n, prepare: 0n },
    { commit: 5318n, prepare: 5200n },
    { commit: MAX, prepare: MAX },
    { commit: MAX, prepare: 0n },
  ]) {
    assert.deepEqual(decodePosition(encodePosition(position)), position);
  }
  assert.equal(encodePosition({ commit: 1n, prepare: 2n }), (1n << 64n) + 2n);
});

test('encoded positions keep $all order: commit first, then prepare (events of one append)', () => {
  const inLogOrder = [
    { commit: 100n, prepare: 100n },
    { commit: 300n, prepare: 200n }, // two events of one append share the commit position
    { commit: 300n, prepare: 300n },
    { commit: 301n, prepare: 0n },
    { commit: MAX, prepare: 0n },
  ];
  const encoded = inLogOrder.map(encodePosition);
  for (let i = 1; i < encoded.length; i++) assert.ok(encoded[i]! > encoded[i - 1]!, `order broken at ${i}`);
  assert.ok(encodePosition({ commit: 1n, prepare: 0n }) > NO_POSITION, 'any real event is > 0n');
});

test('0n means "from the start"; other positions are decoded', () => {
  assert.equal(startingAfter(0n), START);
  assert.deepEqual(startingAfter(encodePosition({ commit: 7n, prepare: 6n })), { commit: 7n, prepare: 6n });
});

test('positions outside 0 … 2^128 − 1 are VALIDATION_FAILED; client pairs outside uint64 a TypeError', () => {
  for (const bad of [-1n, 1n << 128n, (1n << 130n) + 5n]) {
    assert.throws(
      () => decodePosition(bad),
      (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED') && e.details.field === 'position',
    );
    assert.throws(
      () => startingAfter(bad),
      (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED'),
    );
  }
  assert.throws(() => encodePosition({ commit: -1n, prepare: 0n }), TypeError);
  assert.throws(() => encodePosition({ commit: 0n, prepare: 1n << 64n }), TypeError);
});

test('a stream read without a position (servers before 22.6) gives 0n', () => {
  assert.equal(positionOf(undefined), NO_POSITION);
  assert.equal(positionOf({ commit: MAX, prepare: MAX }), NO_POSITION);
  assert.equal(positionOf({ commit: 10n, prepare: 9n }), encodePosition({ commit: 10n, prepare: 9n }));
});

test.run();
