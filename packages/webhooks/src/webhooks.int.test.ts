import * as assert from 'node:assert/strict';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { listDeliveries, replayDelivery, replayFrom } from './deliveries.ts';
import { listEndpoints, registerEndpoint } from './endpoints.ts';
import { WEBHOOK_HEADERS } from './signature.ts';
import { startWebhookReceiver, type WebhookReceiver } from './testing/receiver.ts';
import { appendAlert, webhooksTestDb, type WebhooksTestDb } from './testing/support.ts';
import { startWebhooks, type Webhooks } from './webhooks.ts';
import { msUntilDue } from './worker.ts';

interface Ctx {
  t: WebhooksTestDb;
  webhooks?: Webhooks;
  receivers: WebhookReceiver[];
}
const test = suite<Ctx>('webhooks: delivery', { receivers: [] } as unknown as Ctx);
test.before.each(async (ctx) => {
  ctx.t = await webhooksTestDb();
  ctx.receivers = [];
  ctx.webhooks = undefined;
});
test.after.each(async (ctx) => {
  await ctx.webhooks?.stop();
  await Promise.all(ctx.receivers.map((r) => r.close()));
  await ctx.t.close();
});

const FAST = { retry: { baseDelayMs: 50, maxDelayMs: 200 }, timeoutMs: 1000, pollMs: 200 };

async function receiverFor(ctx: Ctx, eventTypes?: string[]) {
  const receiver = await startWebhookReceiver();
  ctx.receivers.push(receiver);
  const endpoint = await registerEndpoint(ctx.t.knex, { url: receiver.url, eventTypes });
  receiver.secret = endpoint.secret;
  return { receiver, endpoint };
}

test('each alert reaches each endpoint that takes its type once, signed, with the event id as idempotency key', async (ctx) => {
  const all = await receiverFor(ctx);
  const raisedOnly = await receiverFor(ctx, ['LowStockAlertRaised']);
  ctx.webhooks = await startWebhooks(ctx.t.knex, ctx.t.store, { policy: FAST });
  const raised = await appendAlert(ctx.t.store, 'MUG', true, 3);
  const cleared = await appendAlert(ctx.t.store, 'MUG', false, 9);
  await eventually('both alerts at the first receiver', () => all.receiver.processed().length === 2);
  await eventually('the raised alert at the second', () => raisedOnly.receiver.processed().length === 1);
  assert.deepEqual(
    all.receiver.requests.map((r) => [r.idempotencyKey, r.rejection, r.headers[WEBHOOK_HEADERS.event]]),
    [
      [raised, null, 'orderflow.inventory.stock.low'],
      [cleared, null, 'orderflow.inventory.stock.replenished'],
    ],
  );
  const body = JSON.parse(all.receiver.requests[0]!.body);
  assert.deepEqual(
    { schema: body.schema, v: body.schemaVersion, eventId: body.eventId, data: body.data },
    {
      schema: 'orderflow.inventory.stock.low',
      v: 1,
      eventId: raised,
      data: { sku: 'MUG', available: 3, threshold: 5 },
    },
  );
  assert.equal(all.receiver.requests[0]!.headers['content-type'], 'application/json');
  assert.equal(raisedOnly.receiver.requests[0]!.idempotencyKey, raised);
  // The receivers answer before the worker records the answers: wait for the delivery log.
  const log = await eventually('three deliveries recorded', async () => {
    const rows = await listDeliveries(ctx.t.knex);
    return rows.length === 3 && rows.every((d) => d.status === 'delivered') ? rows : undefined;
  });
  assert.ok(log.every((d) => d.attempts === 1 && d.lastStatusCode === 200 && d.deliveredAt));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(all.receiver.requests.length, 2, 'nothing is sent twice');
});

test('a failing endpoint is retried with the same idempotency key, and does not hold up a healthy one', async (ctx) => {
  const flaky = await receiverFor(ctx);
  const healthy = await receiverFor(ctx);
  flaky.receiver.answer = (n) => (n <= 2 ? 503 : 200);
  ctx.webhooks = await startWebhooks(ctx.t.knex, ctx.t.store, { policy: FAST });
  const id = await appendAlert(ctx.t.store, 'MUG', true, 3);
  await eventually('at the healthy endpoint', () => healthy.receiver.processed().length === 1);
  await eventually('at the flaky one after two 503s', () => flaky.receiver.processed().length === 1, {
    timeoutMs: 15_000,
  });
  assert.deepEqual(
    flaky.receiver.requests.map((r) => [r.status, r.idempotencyKey, r.rejection]),
    [
      [503, id, null],
      [503, id, null],
      [200, id, null],
    ],
  );
  // The receiver answers before the worker records the answer: wait for the delivery log.
  const delivery = await eventually('the delivery recorded as delivered', async () => {
    const [row] = await listDeliveries(ctx.t.knex, { endpointId: flaky.endpoint.id });
    return row?.status === 'delivered' ? row : undefined;
  });
  assert.deepEqual(
    [delivery.status, delivery.attempts, delivery.lastStatusCode, delivery.lastError],
    ['delivered', 3, 200, null],
  );
});

test('a delivery out of attempts is failed with its last error; replaying it delivers it', async (ctx) => {
  const dead = await receiverFor(ctx);
  dead.receiver.answer = () => 500;
  ctx.webhooks = await startWebhooks(ctx.t.knex, ctx.t.store, { policy: { ...FAST, maxAttempts: 3 } });
  await appendAlert(ctx.t.store, 'MUG', true, 3);
  const [failed] = await eventually(
    'failed',
    async () => {
      const rows = await listDeliveries(ctx.t.knex, { status: 'failed' });
      return rows.length === 1 ? rows : undefined;
    },
    { timeoutMs: 15_000 },
  );
  assert.deepEqual([failed!.attempts, failed!.lastStatusCode, failed!.lastError], [3, 500, 'HTTP 500']);
  assert.equal(dead.receiver.requests.length, 3);
  dead.receiver.answer = () => 200;
  await replayDelivery(ctx.t.knex, failed!.id);
  await eventually('delivered on replay', () => dead.receiver.processed().length === 1);
  await assert.rejects(replayDelivery(ctx.t.knex, '00000000-0000-4000-8000-000000000000'), {
    code: 'NOT_FOUND',
  });
  await assert.rejects(replayDelivery(ctx.t.knex, 'nope'), { code: 'NOT_FOUND' });
});

test('replayFrom gives an endpoint registered later the alerts after a position', async (ctx) => {
  ctx.webhooks = await startWebhooks(ctx.t.knex, ctx.t.store, { policy: FAST });
  await appendAlert(ctx.t.store, 'MUG', true, 3);
  const second = await appendAlert(ctx.t.store, 'MUG', false, 9);
  const [, at] = await ctx.t.store.readAll({
    filter: { eventTypes: ['LowStockAlertRaised', 'LowStockAlertCleared'] },
  });
  await eventually('both alerts processed', () => ctx.webhooks!.status().checkpoint >= at!.position);
  const late = await receiverFor(ctx);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(late.receiver.requests.length, 0, 'alerts before registration are not sent by themselves');
  const queued = await replayFrom(ctx.t.knex, ctx.t.store, at!.position - 1n, late.endpoint.id);
  assert.equal(queued, 1);
  await eventually('the replayed alert', () => late.receiver.processed().length === 1);
  assert.equal(late.receiver.requests[0]!.idempotencyKey, second);
});

test('registration refuses bad input and changes nothing', async (ctx) => {
  const code = { code: 'VALIDATION_FAILED' };
  await assert.rejects(registerEndpoint(ctx.t.knex, { url: 'not a url' }), code);
  await assert.rejects(registerEndpoint(ctx.t.knex, { url: 'ftp://x.test/hook' }), code);
  await assert.rejects(
    registerEndpoint(ctx.t.knex, { url: 'http://x.test/', eventTypes: ['OrderPlaced'] }),
    code,
  );
  await assert.rejects(registerEndpoint(ctx.t.knex, { url: 'http://x.test/', secret: 'short' }), code);
  assert.deepEqual(await listEndpoints(ctx.t.knex), []);
  await assert.rejects(listDeliveries(ctx.t.knex, { status: 'lost' }), code);
});

test('an idle worker sleeps: nothing pending is "nothing due", not "due now"', async (ctx) => {
  assert.equal(await msUntilDue(ctx.t.knex), null);
  const commitsOf = async () =>
    Number(
      (
        (await ctx.t.knex.raw(
          'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
        )) as {
          rows: [{ xact_commit: string }];
        }
      ).rows[0].xact_commit,
    );
  ctx.webhooks = await startWebhooks(ctx.t.knex, ctx.t.store, { policy: FAST });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = await commitsOf();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Statistics are flushed lazily: wait for them, then compare (was ~1,000 per second).
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const during = (await commitsOf()) - before;
  assert.ok(during < 100, `${during} transactions in about 2 s of idling`);
});

test.run();
