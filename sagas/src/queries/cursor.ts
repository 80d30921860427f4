import { validationFailed } from '@orderflow/core';

/** An opaque keyset cursor of a sequence number (base64url of `s:<seq>`). */
export const encodeCursor = (seq: number | string): string => Buffer.from(`s:${seq}`).toString('base64url');

/**
 * The sequence number inside a cursor of {@link encodeCursor}.
 * @throws OrderflowError VALIDATION_FAILED (`field: 'after'`) for anything else.
 */
export function decodeCursor(cursor: string): string {
  const match = /^s:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw validationFailed('after is not a cursor of this list', { field: 'after' });
  return match[1]!;
}

/**
 * Validates an optional integer argument: `value` (or `fallback` when absent) from `min` to `max`.
 * @throws OrderflowError VALIDATION_FAILED (`details.field` = `field`).
 */
export function integerIn(
  value: number | null | undefined,
  fallback: number,
  min: number,
  max: number,
  field: string,
): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max)
    throw validationFailed(`${field} must be an integer from ${min} to ${max}`, { field });
  return n;
}

/**
 * Validates a page size: an integer from 0 to `max` (default `fallback`).
 * @throws OrderflowError VALIDATION_FAILED (`field: 'first'`).
 */
export const pageSize = (first: number | null | undefined, fallback = 20, max = 500): number =>
  integerIn(first, fallback, 0, max, 'first');

/** A page of a cursor connection (Relay style); `totalCount` counts every match. */
export interface SagaPage<T> {
  readonly totalCount: number;
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: T }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}
