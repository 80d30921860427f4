/**
 * Acceptance (issue 15): a webhook receiver that is down for 30 s gets every alert after it
 * returns, none twice — the retries carry the alert's event id as idempotency key, and the
 * backlog goes out as soon as one delivery to the endpoint succeeds again.
 */
import * as assert from 'node:assert/strict';
import { listDeliveries } from '@orderflow/webhooks';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { startAlertChannels, type AlertChannels } from './test/alert-channels.ts';

const DOWN_MS = 30_000;
const test = suite<{ c?: AlertChannels }>('low-stock alerts: a webhook receiver down for 30 s');
test.after.each(async (ctx) => ctx.c?.close());

test('gets every alert after it returns, each once', async (ctx) => {
  // Retries every ≤ 5 s (full jitter), and enough attempts for 30 s of refusals.
  const c = (ctx.c = await startAlertChannels('MUG', 10, 5, {
    retry: { baseDelayMs: 200, maxDelayMs: 5000 },
    maxAttempts: 1000,
  }));
  await c.receiver.down();
  const downSince = Date.now();
  await c.place('MUG', 6, 'k-1');
  await eventually('the reservation', async () => (await c.h.eventCount('StockReserved')) === 1, {
    timeoutMs: 20_000,
  });
  await c.restock('MUG', 20);
  await c.place('MUG', 20, 'k-2'); // 24 → 4: raised again
  await c.sub.next(3, 20_000); // the subscription does not wait for the webhook receiver
  await eventually(
    'retries while the receiver is down',
    async () => (await listDeliveries(c.h.orderflow.db)).every((d) => d.attempts >= 2 && d.lastError),
    { timeoutMs: 20_000 },
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, DOWN_MS - (Date.now() - downSince))));
  assert.equal(c.receiver.requests.length, 0, 'nothing got through while down');
  await c.receiver.up();
  const upAt = Date.now();
  await eventually('every alert after the receiver returned', () => c.receiver.processed().length === 3, {
    timeoutMs: 30_000,
  });
  const caughtUpMs = Date.now() - upAt;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const alerts = await c.h.orderflow.store.readAll({
    filter: { eventTypes: ['LowStockAlertRaised', 'LowStockAlertCleared'] },
  });
  assert.deepEqual(
    [...c.receiver.requests.map((r) => r.idempotencyKey)].sort(),
    alerts.map((e) => e.id).sort(),
    'each alert arrived exactly once',
  );
  assert.ok(c.receiver.requests.every((r) => r.rejection === null && !r.duplicate));
  const log = await listDeliveries(c.h.orderflow.db);
  assert.ok(
    log.every((d) => d.status === 'delivered' && d.attempts > 2 && d.lastStatusCode === 200),
    JSON.stringify(log.map((d) => [d.status, d.attempts, d.lastStatusCode])),
  );
  assert.ok(caughtUpMs < 30_000, `caught up ${caughtUpMs} ms after the receiver returned`);
});

test.run();
