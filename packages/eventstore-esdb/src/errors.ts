/**
 * Translation between the port's expected revisions and errors and the client's. Client errors
 * are recognised by their `type` field (the client's `ErrorType` strings), not with `instanceof`,
 * so that the checks hold with duplicated copies of the client package.
 */
import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '@orderflow/core';
import { streamNotFound, wrongExpectedVersion } from '@orderflow/eventstore';

/** True when `error` is a client `CommandError` of this `type` (e.g. 'wrong-expected-version'). */
export function isClientError(error: unknown, type: ErrorType): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

/** The client's expected revision for the port's: the same four cases under the client's constants. */
export function toExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default: {
      const _exhaustive: never = expected;
      throw new TypeError(`unknown expected revision ${String(_exhaustive)}`);
    }
  }
}

/** The port's `actual` revision (null: the stream does not exist) for the client's current revision. */
export const toActualRevision = (current: CurrentRevision): bigint | null =>
  typeof current === 'bigint' ? current : null;

/**
 * The error to throw for a failed append: the client's `WrongExpectedVersionError` becomes the
 * port's WRONG_EXPECTED_VERSION (`details.expected` is what the caller passed, `details.actual`
 * the revision the server reported, `'no_stream'` when the stream does not exist); anything else
 * (unavailable server, deleted stream, append too large, …) is returned unchanged, to be rethrown.
 */
export function mapAppendError(error: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (isClientError(error, ErrorType.WRONG_EXPECTED_VERSION)) {
    const actual = (error as { actualVersion?: CurrentRevision }).actualVersion ?? NO_STREAM;
    return wrongExpectedVersion(stream, expected, toActualRevision(actual));
  }
  return error;
}

/**
 * The error to throw for a failed stream read: `StreamNotFoundError` and `StreamDeletedError`
 * (a tombstoned stream, which has no readable events either) become the port's STREAM_NOT_FOUND;
 * anything else is returned unchanged.
 */
export function mapReadError(error: unknown, stream: string): unknown {
  if (isClientError(error, ErrorType.STREAM_NOT_FOUND) || isClientError(error, ErrorType.STREAM_DELETED)) {
    return streamNotFound(stream);
  }
  return error;
}
