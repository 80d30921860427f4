import * as assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';
import { openInfrastructure, type Infrastructure } from './infrastructure.ts';

const test = suite<{ database: TestDatabase; infra: Infrastructure }>('shared infrastructure');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('infra');
  ctx.infra = await openInfrastructure({ databaseUrl: ctx.database.url, apiStatementTimeoutMs: 300 });
});
test.after.each(async (ctx) => {
  await ctx.infra.close();
  await ctx.database.drop();
});

test("the API's pool has the statement timeout; the roles' pools have none and are other pools", async ({
  infra,
}) => {
  const timeout = async (role: 'api' | 'projector' | 'saga') =>
    ((await infra.db(role).raw('SHOW statement_timeout')) as { rows: [{ statement_timeout: string }] })
      .rows[0].statement_timeout;
  assert.equal(await timeout('api'), '300ms');
  assert.equal(await timeout('projector'), '0');
  assert.notEqual(infra.db('api'), infra.db('saga'));
  assert.equal(infra.db('api'), infra.db('api'), 'one knex per role');
  await assert.rejects(infra.db('api').raw('SELECT pg_sleep(1)'), /statement timeout/);
  await infra.db('saga').raw('SELECT pg_sleep(0.5)');
});

test.run();
