import { createHash, randomUUID } from 'node:crypto';

/** Orderflow's UUID v5 namespace (a fixed random UUID). */
export const ORDERFLOW_NAMESPACE = '6f1c9a52-4b8e-4d0c-9f3e-2a7d5c1b8e40';

/** The namespace's 16 bytes, decoded once (ids are made on the hot path: several per order). */
const NAMESPACE_BYTES = Buffer.from(ORDERFLOW_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * A name-based UUID (version 5, RFC 9562 §5.5: SHA-1 of namespace bytes + name). The same
 * parts always give the same id, which is how retries and replays avoid duplicate effects.
 * Parts are joined with a NUL byte so that ('a','bc') and ('ab','c') differ.
 */
export function deterministicId(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(NAMESPACE_BYTES);
  hash.update(parts.join('\u0000'));
  const bytes = hash.digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random UUID (v4). */
export const newId = (): string => randomUUID();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID (versions 1–8). */
export const isUuid = (value: string): boolean => UUID_RE.test(value);
