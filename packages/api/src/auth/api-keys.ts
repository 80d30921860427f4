import { createHash, randomBytes } from 'node:crypto';
import { newId, OrderflowError, validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import type { Role } from './principal.ts';

/** The table of issued API keys (only SHA-256 hashes of the keys are stored). */
export const API_KEYS = 'api_keys';

/**
 * `0401_api_keys`: `api_keys(id uuid, key_hash text unique, role, customer_id, label,
 * created_at, revoked_at)`. A customer key must name its customer (check constraint).
 */
export const apiKeysMigration = {
  name: '0401_api_keys',
  async up(knex: Knex) {
    await knex.schema.createTable(API_KEYS, (t) => {
      t.uuid('id').primary();
      t.text('key_hash').notNullable().unique();
      t.text('role').notNullable();
      t.text('customer_id');
      t.text('label');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('revoked_at', { useTz: true });
    });
    await knex.raw(`ALTER TABLE ${API_KEYS} ADD CONSTRAINT api_keys_role CHECK (
      (role = 'admin' AND customer_id IS NULL) OR (role = 'customer' AND customer_id IS NOT NULL))`);
  },
  async down(knex: Knex) {
    await knex.schema.dropTable(API_KEYS);
  },
};

/** SHA-256 of a key, hex: what `api_keys.key_hash` stores and lookups compare. */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A fresh random key: `of_` and 32 random bytes in base64url (256 bits). */
export const generateKey = (): string => `of_${randomBytes(32).toString('base64url')}`;

/** What {@link createApiKey} takes. */
export interface NewApiKey {
  readonly role: Role;
  /** Required for role customer (1–100 characters), absent for admin. */
  readonly customerId?: string | null;
  /** Who or what the key is for (at most 200 characters); shown as the actor in saga logs. */
  readonly label?: string | null;
}

/** An issued key as listed (never the key itself). */
export interface ApiKeyInfo {
  readonly id: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly label: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/**
 * Issues a key. The key is returned once and only its hash is stored.
 * @returns `{ id, key }`.
 * @throws OrderflowError VALIDATION_FAILED for an unknown role, a customer key without a
 *   customer (or an admin key with one), or a too long label.
 */
export async function createApiKey(db: Knex, input: NewApiKey): Promise<{ id: string; key: string }> {
  if (input.role !== 'admin' && input.role !== 'customer')
    throw validationFailed('role must be admin or customer', { field: 'role' });
  const customerId = input.customerId?.trim() || null;
  if (input.role === 'customer' && (!customerId || customerId.length > 100))
    throw validationFailed('a customer key needs a customerId of 1–100 characters', { field: 'customerId' });
  if (input.role === 'admin' && customerId)
    throw validationFailed('an admin key has no customerId', { field: 'customerId' });
  if (input.label != null && input.label.length > 200)
    throw validationFailed('label must be at most 200 characters', { field: 'label' });
  const id = newId();
  const key = generateKey();
  await db(API_KEYS).insert({
    id,
    key_hash: hashKey(key),
    role: input.role,
    customer_id: customerId,
    label: input.label ?? null,
  });
  return { id, key };
}

/** Every issued key, newest first. */
export async function listApiKeys(db: Knex): Promise<ApiKeyInfo[]> {
  const rows = (await db(API_KEYS).orderBy('created_at', 'desc')) as Array<{
    id: string;
    role: Role;
    customer_id: string | null;
    label: string | null;
    created_at: Date;
    revoked_at: Date | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    customerId: r.customer_id,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/**
 * Revokes key `id` (idempotent). Running servers stop accepting it within their cache TTL.
 * @throws OrderflowError NOT_FOUND for an unknown id; VALIDATION_FAILED for an id that is not a uuid.
 */
export async function revokeApiKey(db: Knex, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw validationFailed('id must be a key id (uuid)', { field: 'id' });
  const updated = await db(API_KEYS)
    .where({ id })
    .update({ revoked_at: db.raw('coalesce(revoked_at, now())') });
  if (updated === 0) throw new OrderflowError('NOT_FOUND', `no API key ${id}`, { id });
}
