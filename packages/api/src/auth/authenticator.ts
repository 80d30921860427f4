import { timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { API_KEYS, hashKey } from './api-keys.ts';
import type { Principal, Role } from './principal.ts';

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** The configured first admin key (config ORDERFLOW_ADMIN_KEY); it needs no table row. */
  readonly adminKey?: string | null;
  /** How long a looked-up key (or its absence) is cached, ms. Default 30,000: a revoked key works up to this long. */
  readonly cacheTtlMs?: number;
}

/**
 * Turns an `authorization` header value into the caller's principal, or null. With
 * `{ fresh: true }` the key is looked up again, past the cache (and the cache refreshed): open
 * WebSocket connections re-check their key this way, so a revocation closes them promptly.
 */
export type Authenticate = (
  authorization: string | undefined | null,
  options?: { readonly fresh?: boolean },
) => Promise<Principal | null>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key of `authorization: Bearer <key>`, or null for any other value. */
export const bearerToken = (authorization: string | undefined | null): string | null =>
  (authorization ? BEARER.exec(authorization)?.[1] : undefined) ?? null;

/**
 * Authenticates `authorization: Bearer <key>`: the configured admin key (constant-time
 * comparison of SHA-256 hashes), else a row of `api_keys` that is not revoked. Lookups are
 * cached by key hash (up to 10,000 keys, `cacheTtlMs`), so steady traffic costs no query.
 * A missing, malformed, unknown or revoked key gives null.
 */
export function createAuthenticator(db: Knex, options: AuthenticatorOptions = {}): Authenticate {
  const adminHash = options.adminKey ? Buffer.from(hashKey(options.adminKey), 'hex') : null;
  const cache = new LRUCache<string, { principal: Principal | null }>({
    max: 10_000,
    ttl: options.cacheTtlMs ?? 30_000,
  });
  return async (authorization, lookup = {}) => {
    const key = bearerToken(authorization);
    if (key === null) return null;
    const hash = hashKey(key);
    if (adminHash && timingSafeEqual(adminHash, Buffer.from(hash, 'hex')))
      return { role: 'admin', keyId: 'config', actor: 'graphql:admin' };
    const cached = lookup.fresh ? undefined : cache.get(hash);
    if (cached) return cached.principal;
    const row = (await db(API_KEYS)
      .select('id', 'role', 'customer_id', 'label')
      .where({ key_hash: hash })
      .whereNull('revoked_at')
      .first()) as { id: string; role: Role; customer_id: string | null; label: string | null } | undefined;
    const actor = `graphql:${row?.label ?? row?.id}`;
    const principal: Principal | null = !row
      ? null
      : row.role === 'admin'
        ? { role: 'admin', keyId: row.id, actor }
        : { role: 'customer', keyId: row.id, actor, customerId: row.customer_id! };
    cache.set(hash, { principal });
    return principal;
  };
}
