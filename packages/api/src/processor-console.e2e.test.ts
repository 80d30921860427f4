import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { orderDetailsProjection, projections, verifyProjection } from '@orderflow/projections';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { PLACE, REGISTER, startHarness, type Harness } from './test/harness.ts';
import { placeParkedOrder, poisonOrdersOf } from './test/poison.ts';
import { subscribe } from './test/ws-client.ts';

/**
 * The operator's console of the subscription runtime through GraphQL on a real server: every
 * processor with its lag; an event order-details really fails on (a trigger raises) is parked,
 * then retried or skipped; a rebuild runs in the background to DONE with an identical model.
 */
const test = suite<{ h: Harness }>('processors, parked events and rebuilds through GraphQL');

test.before.each(async (ctx) => {
  ctx.h = await startHarness();
});
test.after.each(async ({ h }) => h.close());

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

interface ProcessorRow {
  name: string;
  kind: string;
  state: string;
  checkpoint: string;
  lagPositions: string;
  lagEvents: number;
  lagSeconds: number;
  eventsPerSecond: number;
  parked: number;
  lastError: string | null;
  rebuildable: boolean;
  rebuild: { id: string; state: string } | null;
}
const PROCESSORS = `{ processors { name kind state checkpoint lagPositions lagEvents lagSeconds eventsPerSecond parked lastError rebuildable rebuild { id state } } }`;
const processors = async (h: Harness) => (await h.ok<{ processors: ProcessorRow[] }>(PROCESSORS)).processors;
const PARKED = `query($p: String) { parkedEvents(projection: $p) { eventId attempts error } }`;
const RETRY = `mutation($p: String!, $e: ID!) { retryParkedEvent(projection: $p, eventId: $e) { eventId applied error } }`;
const SKIP = `mutation($p: String!, $e: ID!, $r: String!) {
  skipParkedEvent(projection: $p, eventId: $e, reason: $r) { projection eventId eventType actor reason skippedAt }
}`;
const REBUILD = `mutation($p: String!) { rebuildProjection(projection: $p) { id projection state percent events head } }`;
const JOB = `query($id: ID!) { rebuild(id: $id) { id state events position head percent error errorCode finishedAt } }`;

async function placeOrders(h: Harness, n: number, sku = 'CON-1'): Promise<void> {
  await h.ok(REGISTER, { sku, stock: 100 });
  for (let i = 0; i < n; i++) {
    const { placeOrder } = await h.ok(PLACE, {
      input: { customerId: `c-${i}`, lines: [{ sku, quantity: 1, unitPrice: 250 }] },
      key: `${sku}-${i}`,
    });
    await h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  }
}

test('every processor is listed with its kind, and caught up with zero lag', async ({ h }) => {
  await placeOrders(h, 3);
  const rows = await eventually('every processor caught up', async () => {
    const all = await processors(h);
    return all.every((p) => p.lagPositions === '0') ? all : undefined;
  });
  const kinds = Object.fromEntries(rows.map((r) => [r.name, r.kind]));
  for (const p of projections) assert.equal(kinds[p.name], 'POSTGRES_READ_MODEL', p.name);
  assert.equal(kinds['order-fulfillment'], 'PROCESS_MANAGER');
  assert.equal(kinds['returns'], 'PROCESS_MANAGER');
  assert.equal(kinds['webhooks'], 'WEBHOOKS');
  assert.equal(kinds['payment-simulator'], 'PAYMENT_SIMULATOR');
  const head = BigInt((await h.orderflow.store.headPosition()).toString());
  for (const r of rows) {
    assert.equal(r.state, 'running', r.name);
    assert.equal(r.lagSeconds, 0, r.name);
    assert.equal(r.lagEvents, 0, r.name);
    assert.ok(r.eventsPerSecond >= 0, r.name);
    assert.ok(BigInt(r.checkpoint) <= head, r.name);
    assert.equal(r.parked, 0, r.name);
    assert.equal(r.rebuildable, r.kind.endsWith('READ_MODEL'), r.name);
  }
  const details = rows.find((r) => r.name === 'order-details')!;
  assert.ok(BigInt(details.checkpoint) > 0n);

  // daily-sales held back (its checkpoint row locked): it lags by the events of a new order.
  const trx = await h.orderflow.db.transaction();
  try {
    await trx.raw(`SELECT position FROM processor_checkpoints WHERE name = 'daily-sales' FOR UPDATE`);
    await placeOrders(h, 1, 'CON-2');
    const behind = await eventually('daily-sales behind', async () => {
      const row = (await processors(h)).find((p) => p.name === 'daily-sales')!;
      return row.lagEvents > 0 && row.lagSeconds > 0 ? row : undefined;
    });
    assert.ok(behind.lagEvents <= 5, `one order's events, not positions: ${behind.lagEvents}`);
    assert.ok(behind.lagSeconds < 30);
    assert.ok(BigInt(behind.lagPositions) > 0n);
  } finally {
    await trx.rollback();
  }
  await eventually('daily-sales caught up again', async () => {
    const row = (await processors(h)).find((p) => p.name === 'daily-sales')!;
    return row.lagEvents === 0 || undefined;
  });
});

test('an event the read model fails on is parked; retry fails while broken, applies once fixed', async ({
  h,
}) => {
  const poison = await poisonOrdersOf(h, 'c-poison');
  const eventId = await placeParkedOrder(h, 'c-poison', 'CON-P');
  const details = (await processors(h)).find((p) => p.name === 'order-details')!;
  assert.equal(details.parked, 1);
  assert.match(details.lastError ?? '', /cannot take orders of c-poison/);

  const again = (await h.ok(RETRY, { p: 'order-details', e: eventId })).retryParkedEvent;
  assert.deepEqual([again.applied, /cannot take orders/.test(again.error)], [false, true]);
  const [still] = (await h.ok(PARKED, { p: 'order-details' })).parkedEvents;
  assert.equal(still.eventId, eventId);
  assert.equal(still.attempts, 4);

  await poison.heal();
  const applied = (await h.ok(RETRY, { p: 'order-details', e: eventId })).retryParkedEvent;
  assert.deepEqual(applied, { eventId, applied: true, error: null });
  assert.deepEqual((await h.ok(PARKED, { p: 'order-details' })).parkedEvents, []);
  const { orders } = await h.ok(`{ orders(customerId: "c-poison") { edges { node { id } } } }`);
  assert.equal(orders.edges.length, 1);
  assert.equal((await processors(h)).find((p) => p.name === 'order-details')!.parked, 0);
  // Retrying it again: it is no longer parked.
  assert.equal(code(await h.gql(RETRY, { p: 'order-details', e: eventId })), 'NOT_FOUND');
});

test('a parked event is skipped with the actor and reason recorded; the projection goes on', async ({
  h,
}) => {
  await poisonOrdersOf(h, 'c-skip');
  const eventId = await placeParkedOrder(h, 'c-skip', 'CON-S');
  const blank = await h.gql(SKIP, { p: 'order-details', e: eventId, r: '  ' });
  assert.equal(code(blank), 'VALIDATION_FAILED');
  assert.equal((await h.ok(PARKED, { p: 'order-details' })).parkedEvents.length, 1, 'nothing changed');

  const { skipParkedEvent } = await h.ok(SKIP, {
    p: 'order-details',
    e: eventId,
    r: 'test order, never valid',
  });
  assert.equal(skipParkedEvent.eventId, eventId);
  assert.equal(skipParkedEvent.eventType, 'OrderCreated');
  assert.match(skipParkedEvent.actor, /^graphql:/);
  assert.equal(skipParkedEvent.reason, 'test order, never valid');
  assert.deepEqual((await h.ok(PARKED, { p: 'order-details' })).parkedEvents, []);
  const { skippedEvents } = await h.ok(
    `{ skippedEvents(projection: "order-details") { eventId actor reason } }`,
  );
  assert.deepEqual(skippedEvents, [
    { eventId, actor: skipParkedEvent.actor, reason: 'test order, never valid' },
  ]);
  assert.equal(code(await h.gql(SKIP, { p: 'order-details', e: eventId, r: 'again' })), 'NOT_FOUND');

  // The projection goes on: a later order of another customer is projected.
  await placeOrders(h, 1);
  const details = (await processors(h)).find((p) => p.name === 'order-details')!;
  assert.equal(details.parked, 0);
});

test('a rebuild runs in the background to DONE, one at a time, and the model is identical', async ({ h }) => {
  await placeOrders(h, 4);
  const address = await h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  // Hold the live checkpoint's row lock: the rebuild builds its shadow, then waits at the swap.
  const trx = await h.orderflow.db.transaction();
  await trx.raw(`SELECT position FROM processor_checkpoints WHERE name = 'order-details' FOR UPDATE`);
  const { rebuildProjection: job } = await h.ok(REBUILD, { p: 'order-details' });
  assert.equal(job.projection, 'order-details');
  assert.equal(job.state, 'RUNNING');
  const progress = await subscribe<{ rebuildProgress: { state: string; percent: number } }>(
    `${address.replace('http', 'ws')}/graphql`,
    `subscription($id: ID!) { rebuildProgress(id: $id) { state percent } }`,
    { id: job.id },
    h.adminAuth,
  );
  try {
    const second = await h.gql(REBUILD, { p: 'order-details' });
    assert.equal(code(second), 'INVALID_STATE');
    const listed = (await processors(h)).find((p) => p.name === 'order-details')!;
    assert.deepEqual([listed.state, listed.rebuild?.id], ['rebuilding', job.id]);
    await eventually('the shadow built up to the swap', async () => {
      const { rebuild } = await h.ok(JOB, { id: job.id });
      return rebuild.events > 0 || undefined;
    });
    await trx.rollback();
    const done = await eventually('the rebuild done', async () => {
      const { rebuild } = await h.ok(JOB, { id: job.id });
      return rebuild.state === 'DONE' ? rebuild : undefined;
    });
    assert.ok(done.events > 0);
    assert.equal(done.error, null);
    assert.ok(done.finishedAt);
    const pushes = await progress.next(2);
    assert.equal(pushes.at(-1)!.data.rebuildProgress.state, 'DONE');
    assert.equal(pushes.at(-1)!.data.rebuildProgress.percent, 100);
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
    await progress.close();
  }
  const verify = await verifyProjection(h.orderflow.db, h.orderflow.store, orderDetailsProjection);
  assert.deepEqual(verify.differences, []);
  // The next rebuild may start again.
  const { rebuildProjection: next } = await h.ok(REBUILD, { p: 'order-details' });
  await eventually('the second rebuild done', async () => {
    const { rebuild } = await h.ok(JOB, { id: next.id });
    return rebuild.state === 'DONE' || undefined;
  });
});

test('a rebuild held by another process is INVALID_STATE', async ({ h }) => {
  const conn = await h.orderflow.db.client.acquireConnection();
  try {
    await h.orderflow.db
      .raw(`SELECT pg_advisory_lock(hashtext('orderflow:rebuild:daily-sales'))`)
      .connection(conn);
    const refused = await h.gql(REBUILD, { p: 'daily-sales' });
    assert.equal(code(refused), 'INVALID_STATE');
    assert.deepEqual((await h.ok(`{ rebuilds { id } }`)).rebuilds, []);
  } finally {
    await h.orderflow.db.raw(`SELECT pg_advisory_unlock_all()`).connection(conn);
    await h.orderflow.db.client.releaseConnection(conn);
  }
});

test('non-admin keys are refused and bad names are typed errors', async ({ h }) => {
  const customer = await h.customerAuth('c-1');
  const id = randomUUID();
  for (const [query, variables] of [
    [PROCESSORS, {}],
    [RETRY, { p: 'order-details', e: id }],
    [SKIP, { p: 'order-details', e: id, r: 'x' }],
    [REBUILD, { p: 'order-details' }],
    [JOB, { id }],
  ] as const) {
    assert.equal(code(await h.gqlAs(customer, query, variables)), 'FORBIDDEN', query);
    assert.equal(code(await h.gqlAs(null, query, variables)), 'UNAUTHENTICATED', query);
  }
  assert.equal(code(await h.gql(REBUILD, { p: 'no-such-model' })), 'NOT_FOUND');
  assert.equal(code(await h.gql(REBUILD, { p: 'order-fulfillment' })), 'NOT_FOUND');
  assert.equal(code(await h.gql(RETRY, { p: 'no-such-model', e: id })), 'NOT_FOUND');
  assert.equal(code(await h.gql(RETRY, { p: 'order-details', e: id })), 'NOT_FOUND');
  assert.equal(code(await h.gql(RETRY, { p: 'order-fulfillment', e: id })), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(SKIP, { p: 'no-such-model', e: id, r: 'x' })), 'NOT_FOUND');
  assert.equal(code(await h.gql(RETRY, { p: 'order-details', e: 'not-an-id' })), 'VALIDATION_FAILED');
  assert.equal(code(await h.gql(SKIP, { p: 'order-details', e: 'not-an-id', r: 'x' })), 'VALIDATION_FAILED');
  assert.equal((await h.ok(JOB, { id })).rebuild, null);
  assert.equal((await h.ok(JOB, { id: 'not-an-id' })).rebuild, null);
  assert.deepEqual((await h.ok(`{ rebuilds { id } }`)).rebuilds, []);
});

test.run();
