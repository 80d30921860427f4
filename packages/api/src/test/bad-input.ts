import * as assert from 'node:assert/strict';
import type { GqlResponse, Harness } from './harness.ts';

/** The first error's `extensions` of a response. */
export const firstError = (body: GqlResponse | null) => body?.errors?.[0]?.extensions ?? {};

/**
 * Asserts that a response refused the request: status below 500, the first error's code
 * `code` (never INTERNAL) and, when given, the extensions in `extensions`.
 */
export function assertRefused(
  response: { status: number; body: GqlResponse | null },
  code: string,
  extensions: Record<string, unknown> = {},
  label = '',
): void {
  assert.ok(response.status < 500, `${label}: HTTP ${response.status}`);
  const got = firstError(response.body);
  assert.equal(got.code, code, `${label}: ${JSON.stringify(response.body)}`);
  for (const [key, value] of Object.entries(extensions))
    assert.deepEqual(got[key], value, `${label}: extensions.${key} in ${JSON.stringify(got)}`);
}

/**
 * After bad input: the server still answers /health and a normal query, and the event log has
 * `eventsBefore` rows, as before.
 */
export async function assertStillServing(h: Harness, eventsBefore: number): Promise<void> {
  const health = await h.orderflow.app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  const normal = await h.gql(`{ products(first: 1) { totalCount } }`);
  assert.equal(normal.errors, undefined, JSON.stringify(normal.errors));
  assert.equal(await h.eventCount(), eventsBefore, 'the event log is unchanged');
}
