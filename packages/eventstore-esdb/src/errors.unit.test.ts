import * as assert from 'node:assert/strict';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { hasErrorCode } from '@orderflow/core';
import { test } from 'uvu';
import { mapAppendError, mapReadError, toActualRevision, toExpectedRevision } from './errors.ts';

test('expected revisions map one to one', () => {
  assert.equal(toExpectedRevision('any'), ANY);
  assert.equal(toExpectedRevision('no_stream'), NO_STREAM);
  assert.equal(toExpectedRevision('stream_exists'), STREAM_EXISTS);
  assert.equal(toExpectedRevision(0n), 0n);
  assert.equal(toExpectedRevision(41n), 41n);
  assert.equal(toActualRevision(NO_STREAM), null);
  assert.equal(toActualRevision(3n), 3n);
});

test('WrongExpectedVersionError becomes WRONG_EXPECTED_VERSION with expected and actual', () => {
  const existing = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 2n, current: 4n });
  const mapped = mapAppendError(existing, 's-1', 2n);
  assert.ok(hasErrorCode(mapped, 'WRONG_EXPECTED_VERSION'));
  assert.deepEqual(mapped.details, { stream: 's-1', expected: '2', actual: '4' });

  const missing = new WrongExpectedVersionError(undefined, {
    streamName: 's-2',
    expected: STREAM_EXISTS,
    current: NO_STREAM,
  });
  const mappedMissing = mapAppendError(missing, 's-2', 'stream_exists');
  assert.ok(hasErrorCode(mappedMissing, 'WRONG_EXPECTED_VERSION'));
  assert.deepEqual(mappedMissing.details, { stream: 's-2', expected: 'stream_exists', actual: 'no_stream' });
});

test('errors are recognised by their type field, not their class', () => {
  const lookalike = Object.assign(new Error('from another copy of the client'), {
    type: 'wrong-expected-version',
    actualVersion: 9n,
  });
  const mapped = mapAppendError(lookalike, 's-1', 'no_stream');
  assert.ok(hasErrorCode(mapped, 'WRONG_EXPECTED_VERSION'));
  assert.equal(mapped.details.actual, '9');
  assert.equal(mapped.details.expected, 'no_stream');
});

test('stream not found and deleted become STREAM_NOT_FOUND on reads', () => {
  const notFound = mapReadError(new StreamNotFoundError(undefined, 's-1'), 's-1');
  assert.ok(hasErrorCode(notFound, 'STREAM_NOT_FOUND'));
  assert.deepEqual(notFound.details, { stream: 's-1' });
  assert.ok(hasErrorCode(mapReadError(StreamDeletedError.fromStreamName('s-1'), 's-1'), 'STREAM_NOT_FOUND'));
});

test('everything else is returned unchanged, to be rethrown', () => {
  const unavailable = new UnavailableError();
  assert.equal(mapAppendError(unavailable, 's-1', 'any'), unavailable);
  assert.equal(mapReadError(unavailable, 's-1'), unavailable);
  const deleted = StreamDeletedError.fromStreamName('s-1');
  assert.equal(mapAppendError(deleted, 's-1', 'any'), deleted);
  const plain = new Error('boom');
  assert.equal(mapAppendError(plain, 's-1', 'any'), plain);
  assert.equal(mapReadError('not even an error', 's-1'), 'not even an error');
  // client errors carry a numeric gRPC `code`; it must not pass for a catalog code
  assert.ok(!hasErrorCode(Object.assign(new UnavailableError(), { code: 14 })));
});

test.run();
