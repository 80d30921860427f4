import * as assert from 'node:assert/strict';
import { projections, verifyProjection } from '@orderflow/projections';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { startHost, type Host } from './host.ts';
import { migrate } from './migrations.ts';
import { ROLE_NAMES } from './roles/role-name.ts';
import { orderInput, PLACE, REGISTER } from './testing/graphql.ts';
import { ordersNotEndedOnce, settledOrders } from './testing/settled.ts';

const ADMIN_KEY = 'two-hosts-admin-key-0123456789';
const ORDERS = 240;
const SKUS = ['A', 'B', 'C', 'D', 'E'];

const test = suite<{ database: TestDatabase; hosts: Host[] }>('two hosts on one database');
test.before.each(async (ctx) => {
  ctx.database = await createTestDatabase('host');
  const pool = new pg.Pool({ connectionString: ctx.database.url, max: 2 });
  const db = knexFactory({ client: 'pg', connection: ctx.database.url });
  await migrate(pool, db);
  await Promise.all([pool.end(), db.destroy()]);
  ctx.hosts = [];
  for (let i = 0; i < 2; i++)
    ctx.hosts.push(
      await startHost({
        roles: ROLE_NAMES,
        databaseUrl: ctx.database.url,
        simulator: { approvalRate: 0.8, latencyMs: 5 },
        api: { adminKey: ADMIN_KEY, minPositionTimeoutMs: 5000 },
      }),
    );
});
test.after.each(async (ctx) => {
  for (const host of ctx.hosts) await host.stop().catch(() => undefined);
  await ctx.database.drop();
});

const gql = async (host: Host, query: string, variables: Record<string, unknown>) => {
  const response = await host.app!.inject({
    method: 'POST',
    url: '/graphql',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    payload: { query, variables },
  });
  const body = response.json() as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data;
};

/** Processors each host applies now (neither standby nor stopped), by processor name. */
const appliers = (hosts: readonly Host[]) => {
  const byProcessor = new Map<string, number>();
  for (const host of hosts)
    for (const role of host.status())
      for (const p of role.processors)
        if (p.state !== 'standby' && p.state !== 'stopped' && p.state !== 'starting')
          byProcessor.set(p.name, (byProcessor.get(p.name) ?? 0) + 1);
  return byProcessor;
};

test('every processor is applied by one host at a time; every event once; the survivor takes over within 5 s', async ({
  hosts,
}) => {
  const [a, b] = hosts as [Host, Host];
  for (const sku of SKUS) await gql(a, REGISTER, { sku, stock: 1000 });
  // Both hosts serve; at any moment each processor has at most one applier.
  const overlaps: string[] = [];
  const sampler = setInterval(() => {
    for (const [name, n] of appliers(hosts)) if (n > 1) overlaps.push(name);
  }, 20);
  try {
    let next = 0;
    const place = async (worker: number) => {
      for (let i = next++; i < ORDERS; i = next++) {
        // The first half through both hosts; the second half after a's stop, through b.
        const host = i < ORDERS / 2 && worker % 2 === 0 ? a : b;
        await gql(host, PLACE, { input: orderInput(i, SKUS), key: `order-${i}` });
        if (i === ORDERS / 2) {
          // a started first and took every lock; b stands by.
          const standby = b.status().flatMap((r) => r.processors.filter((p) => p.state !== 'standby'));
          assert.deepEqual(standby, [], 'b stands by while a holds the locks');
          await a.stop();
          const stoppedAt = Date.now();
          await eventually(
            'b applies every processor',
            async () => {
              const states = b.status().flatMap((r) => r.processors.map((p) => p.state));
              return states.length > 0 && states.every((s) => s === 'running' || s === 'catching-up')
                ? true
                : undefined;
            },
            { timeoutMs: 5000 },
          );
          assert.ok(Date.now() - stoppedAt < 5000, 'taken over within 5 s');
        }
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(place));
    const db = b.infra.db('api');
    await eventually(
      'every order settled',
      async () => ((await settledOrders(db)) === ORDERS ? true : undefined),
      { timeoutMs: 60_000 },
    );
  } finally {
    clearInterval(sampler);
  }
  assert.deepEqual([...new Set(overlaps)], [], 'no processor applied by two hosts at once');
  const db = b.infra.db('projector');
  assert.deepEqual(await ordersNotEndedOnce(db), [], 'every order ended exactly once');
  for (const projection of projections) {
    const { differences } = await verifyProjection(db, b.infra.store, projection);
    assert.deepEqual(differences, [], `${projection.name} equals a rebuild from the log`);
  }
});

test.run();
