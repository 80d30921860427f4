/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { createApiKey, listApiKeys, revokeApiKey, type Role } from '@orderflow/api';
import type { Knex } from 'knex';
import type { Print } from './sagas.ts';

/**
 * `orderflow keys create --role admin|customer [--customer ID] [--label TEXT]`: issues an API key
 * and prints it once (only its hash is stored).
 * @throws OrderflowError VALIDATION_FAILED for a bad role, customer or label.
 */
export async function createKeyCommand(
  db: Knex,
  options: { role: string; customer?: string; label?: string },
  print: Print = console.log,
): Promise<void> {
  const { id, key } = await createApiKey(db, {
    role: options.role as Role,
    customerId: options.customer,
    label: options.label,
  });
  print(`key ${id} (${options.role}${options.customer ? ` of customer ${options.customer}` : ''}):`);
  print(key);
  print('Send it as "authorization: Bearer <key>". It is shown only now.');
}

/** `orderflow keys list`: every key's id, role, customer, label, creation and revocation. */
export async function listKeysCommand(
  db: Knex,
  print: Print = console.log,
  options: { json?: boolean } = {},
): Promise<void> {
  const keys = await listApiKeys(db);
  // Only what listApiKeys returns: never a secret (keys are stored as hashes).
  if (options.json) return print(JSON.stringify({ keys }, null, 2));
  for (const k of keys)
    print(
      [
        k.id,
        k.role.padEnd(8),
        (k.customerId ?? '-').padEnd(12),
        k.createdAt.toISOString(),
        k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
        k.label ?? '',
      ].join('  '),
    );
  print(`${keys.length} keys`);
}

/**
 * `orderflow keys revoke ID`: revokes a key; running servers refuse it within 30 s (their cache).
 * @throws OrderflowError NOT_FOUND for an unknown id.
 */
export async function revokeKeyCommand(db: Knex, id: string, print: Print = console.log): Promise<void> {
  await revokeApiKey(db, id);
  print(`key ${id} revoked`);
}
