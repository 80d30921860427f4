import * as assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import { suite } from 'uvu';
import { apiKeysMigration, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { createAuthenticator } from './authenticator.ts';

/** API keys in Postgres and the authenticator that reads them. */
const test = suite<{ database: TestDatabase; db: Knex }>('API keys');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('api_keys');
  ctx.db = knexFactory({ client: 'pg', connection: ctx.database.url, pool: { min: 0, max: 2 } });
  await apiKeysMigration.up(ctx.db);
});
test.after.each(async ({ db, database }) => {
  await db.destroy();
  await database.drop();
});

test('issued keys authenticate with their role; only hashes are stored', async ({ db }) => {
  const admin = await createApiKey(db, { role: 'admin', label: 'alice' });
  const customer = await createApiKey(db, { role: 'customer', customerId: 'c-7' });
  const auth = createAuthenticator(db);
  assert.deepEqual(await auth(`Bearer ${admin.key}`), {
    role: 'admin',
    keyId: admin.id,
    actor: 'graphql:alice',
  });
  assert.deepEqual(await auth(`bearer ${customer.key}`), {
    role: 'customer',
    keyId: customer.id,
    actor: `graphql:${customer.id}`,
    customerId: 'c-7',
  });
  const stored = JSON.stringify(await db('api_keys').select('*'));
  assert.ok(!stored.includes(admin.key) && !stored.includes(customer.key), 'no key in clear');
  assert.equal((await listApiKeys(db)).length, 2);
});

test('the configured admin key needs no row; anything else is null', async ({ db }) => {
  const auth = createAuthenticator(db, { adminKey: 'configured-admin-key-0123456789' });
  assert.equal((await auth('Bearer configured-admin-key-0123456789'))?.role, 'admin');
  for (const header of [undefined, null, '', 'Bearer', 'Token abc', 'Bearer configured-admin-key-012345678'])
    assert.equal(await auth(header), null, String(header));
});

test('revocation: a new authenticator refuses at once; a warm one within its cache TTL', async ({ db }) => {
  const { id, key } = await createApiKey(db, { role: 'admin' });
  const warm = createAuthenticator(db, { cacheTtlMs: 200 });
  assert.ok(await warm(`Bearer ${key}`));
  await revokeApiKey(db, id);
  await revokeApiKey(db, id); // idempotent
  assert.equal(await createAuthenticator(db)(`Bearer ${key}`), null);
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(await warm(`Bearer ${key}`), null, 'refused once the cache entry expired');
  assert.ok((await listApiKeys(db))[0]?.revokedAt);
});

test('bad input is VALIDATION_FAILED or NOT_FOUND and writes nothing', async ({ db }) => {
  const refused = async (input: Parameters<typeof createApiKey>[1], field: string) =>
    assert.rejects(createApiKey(db, input), (e: { code?: string; details?: { field?: string } }) => {
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.equal(e.details?.field, field);
      return true;
    });
  await refused({ role: 'root' as never }, 'role');
  await refused({ role: 'customer' }, 'customerId');
  await refused({ role: 'customer', customerId: '  ' }, 'customerId');
  await refused({ role: 'admin', customerId: 'c-1' }, 'customerId');
  await refused({ role: 'admin', label: 'x'.repeat(201) }, 'label');
  assert.equal((await listApiKeys(db)).length, 0);
  await assert.rejects(revokeApiKey(db, '6f1c9a52-4b8e-4d0c-9f3e-2a7d5c1b8e40'), { code: 'NOT_FOUND' });
  await assert.rejects(revokeApiKey(db, 'nope'), { code: 'VALIDATION_FAILED' });
});

test.run();
