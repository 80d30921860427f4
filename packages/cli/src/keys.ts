/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { createApiKey, listApiKeys, revokeApiKey, type Role } from '@orderflow/api';
import type { Knex } from 'knex';
import { colourStatus, renderTable, styleFor } from './human-output.ts';
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

/** `orderflow keys list`: a table of every key's id, role, customer, creation, revocation and label. */
export async function listKeysCommand(
  db: Knex,
  print: Print = console.log,
  options: { json?: boolean } = {},
): Promise<void> {
  const keys = await listApiKeys(db);
  // Only what listApiKeys returns: never a secret (keys are stored as hashes).
  if (options.json) return print(JSON.stringify({ keys }, null, 2));
  const style = styleFor(print);
  renderTable(
    ['id', 'role', 'customer', 'created', 'state', 'label'],
    keys.map((k) => [
      k.id,
      k.role,
      k.customerId ?? '-',
      k.createdAt.toISOString(),
      k.revokedAt
        ? colourStatus('revoked', style, `revoked ${k.revokedAt.toISOString()}`)
        : colourStatus('active', style),
      k.label ?? '',
    ]),
    style,
  ).forEach((line) => print(line));
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
