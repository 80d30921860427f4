import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted recursively, so that equal values give equal text whatever the
 * key order. Used to fingerprint command input for idempotency keys.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** SHA-256 (hex) of {@link canonicalJson}`(value)`. */
export const fingerprint = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');
