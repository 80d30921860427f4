/** `orderflow keys …` through the real CLI in a child process, against a migrated database. */
import * as assert from 'node:assert/strict';
import { startOrderflow } from '@orderflow/host';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const test = suite<{ database: TestDatabase }>('orderflow keys');
test.before(async (ctx) => {
  ctx.database = await createTestDatabase('cli_keys');
  // Migrates the database (api_keys included), then stops.
  await (await startOrderflow({ databaseUrl: ctx.database.url, paymentSimulator: false })).stop();
});
test.after(async ({ database }) => database.drop());

const orderflow = (databaseUrl: string, ...args: string[]) => runCli({ DATABASE_URL: databaseUrl }, ...args);

test('create prints a key once; list shows it; revoke ends it; bad input exits non-zero', async ({
  database,
}) => {
  const created = await orderflow(
    database.url,
    'keys',
    'create',
    '--role',
    'customer',
    '--customer',
    'c-9',
    '--label',
    'shop',
  );
  assert.equal(created.code, 0, created.stderr);
  const key = /^(of_\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(key, created.stdout);
  const id = /^key (\S+) \(customer of customer c-9\):/m.exec(created.stdout)?.[1];
  assert.ok(id, created.stdout);

  const listed = await orderflow(database.url, 'keys', 'list');
  assert.match(listed.stdout, new RegExp(`${id}\\s+customer\\s+c-9\\s+\\S+\\s+active\\s+shop`));
  assert.ok(!listed.stdout.includes(key!), 'list never prints a key');

  assert.equal((await orderflow(database.url, 'keys', 'revoke', id!)).code, 0);
  assert.match((await orderflow(database.url, 'keys', 'list')).stdout, /revoked/);

  const bad = await orderflow(database.url, 'keys', 'create', '--role', 'customer');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /customerId/);
  assert.match((await orderflow(database.url, 'keys', 'list')).stdout, /^1 keys$/m, 'nothing written');
});

test.run();
