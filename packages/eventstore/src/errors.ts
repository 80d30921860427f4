import { OrderflowError, type ExpectedRevision } from '@orderflow/core';

const show = (revision: ExpectedRevision | bigint | null): string =>
  revision === null ? 'no_stream' : typeof revision === 'bigint' ? revision.toString() : revision;

/**
 * WRONG_EXPECTED_VERSION for `stream`: `actual` is the stream's current revision or null when
 * it does not exist. Details hold strings so that they stay JSON-safe.
 */
export const wrongExpectedVersion = (
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | null,
): OrderflowError =>
  new OrderflowError(
    'WRONG_EXPECTED_VERSION',
    `append to ${stream} expected revision ${show(expected)} but the stream is at ${show(actual)}`,
    { stream, expected: show(expected), actual: show(actual) },
  );

/** STREAM_NOT_FOUND for `stream`. */
export const streamNotFound = (stream: string): OrderflowError =>
  new OrderflowError('STREAM_NOT_FOUND', `stream ${stream} does not exist`, { stream });
