/** `orderflow webhooks …` through the real CLI in a child process, against a running Orderflow. */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { startWebhookReceiver, type WebhookReceiver } from '@orderflow/webhooks/testing';
import { suite } from 'uvu';
import { runCli } from './testing/index.ts';

const test = suite<{ database: TestDatabase; orderflow: Orderflow; receiver: WebhookReceiver }>(
  'orderflow webhooks',
);
test.before(async (ctx) => {
  ctx.database = await createTestDatabase('cli_webhooks');
  ctx.receiver = await startWebhookReceiver();
  ctx.orderflow = await startOrderflow({
    databaseUrl: ctx.database.url,
    paymentSimulator: false,
    webhooks: { retry: { baseDelayMs: 50, maxDelayMs: 200 }, pollMs: 200 },
  });
});
test.after(async ({ database, orderflow, receiver }) => {
  await orderflow.stop();
  await receiver.close();
  await database.drop();
});

const orderflow = (databaseUrl: string, ...args: string[]) => runCli({ DATABASE_URL: databaseUrl }, ...args);

test('register prints the secret once; an alert is delivered; deliveries lists it; replay sends it again', async ({
  database,
  orderflow: server,
  receiver,
}) => {
  const registered = await orderflow(database.url, 'webhooks', 'register', '--url', receiver.url);
  assert.equal(registered.code, 0, registered.stderr);
  const id = /^endpoint (\S+):/m.exec(registered.stdout)?.[1];
  const secret = /^secret: (whsec_\S+)$/m.exec(registered.stdout)?.[1];
  assert.ok(id && secret, registered.stdout);
  receiver.secret = secret;
  const listed = await orderflow(database.url, 'webhooks', 'list');
  assert.match(
    listed.stdout,
    new RegExp(`^${id}  \\S+  LowStockAlertRaised,LowStockAlertCleared  ${receiver.url}$`, 'm'),
  );
  assert.doesNotMatch(listed.stdout, /whsec_/, 'list never shows a secret');

  const eventId = randomUUID();
  const { position } = await server.store.appendToStream('inventory-MUG', [
    { id: eventId, type: 'LowStockAlertRaised', data: { sku: 'MUG', available: 2, threshold: 5 } },
  ]);
  await eventually('delivered', () => receiver.processed().length === 1, { timeoutMs: 30_000 });
  assert.equal(receiver.requests[0]!.idempotencyKey, eventId);

  const log = await orderflow(database.url, 'webhooks', 'deliveries', '--status', 'delivered');
  assert.equal(log.code, 0, log.stderr);
  const deliveryId = new RegExp(
    `^(\\S+)\\s+delivered\\s+1\\s+200\\s+delivered \\S+\\s+${position}\\s+LowStockAlertRaised`,
    'm',
  ).exec(log.stdout)?.[1];
  assert.ok(deliveryId, log.stdout);

  const replayed = await orderflow(database.url, 'webhooks', 'replay', '--delivery', deliveryId);
  assert.equal(replayed.code, 0, replayed.stderr);
  await eventually('sent again', () => receiver.requests.length === 2, { timeoutMs: 30_000 });
  assert.deepEqual(
    receiver.requests.map((r) => [r.idempotencyKey, r.duplicate, r.rejection]),
    [
      [eventId, false, null],
      [eventId, true, null],
    ],
    'the replay carries the same idempotency key: the receiver drops it',
  );
  const fromPosition = await orderflow(
    database.url,
    'webhooks',
    'replay',
    '--from',
    (position - 1n).toString(),
  );
  assert.match(fromPosition.stdout, /^1 deliveries queued/m);
  await eventually('sent a third time', () => receiver.requests.length === 3, { timeoutMs: 30_000 });
});

test('bad input exits non-zero with the reason and changes nothing', async ({ database }) => {
  const cases: Array<[string[], RegExp]> = [
    [['register', '--url', 'ftp://x.test/'], /http:\/\/ or https:\/\//],
    [['register', '--url', 'http://x.test/', '--events', 'OrderPlaced'], /unknown event types OrderPlaced/],
    [['replay'], /exactly one of --from POSITION and --delivery ID/],
    [['replay', '--from', '-3'], /must be a position/],
    [['replay', '--delivery', randomUUID()], /no webhook delivery/],
    [['deliveries', '--status', 'lost'], /status must be one of/],
  ];
  for (const [args, message] of cases) {
    const result = await orderflow(database.url, 'webhooks', ...args);
    assert.notEqual(result.code, 0, args.join(' '));
    assert.match(result.stderr, message);
  }
  const listed = await orderflow(database.url, 'webhooks', 'list');
  assert.match(listed.stdout, /^1 endpoints$/m);
});

test.run();
