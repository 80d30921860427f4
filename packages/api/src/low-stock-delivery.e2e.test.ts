/**
 * Acceptance (issue 15, low-stock alerts): an alert reaches the `stockAlerts` subscription, the
 * Kafka topic inventory.alerts and a webhook receiver once per crossing, and again after a
 * restock and a new crossing.
 */
import * as assert from 'node:assert/strict';
import { readTopics } from '@orderflow/kafka/testing';
import { eventually } from '@orderflow/testing';
import { suite } from 'uvu';
import { startAlertChannels, type AlertChannels } from './test/alert-channels.ts';

const test = suite<{ c?: AlertChannels }>('low-stock alerts: subscription, Kafka and webhooks');
test.after.each(async (ctx) => ctx.c?.close());

test('once per crossing on all three, and again after a restock and a new crossing', async (ctx) => {
  const c = (ctx.c = await startAlertChannels('MUG', 10, 5, { retry: { baseDelayMs: 50, maxDelayMs: 500 } }));
  const reserved = (n: number) =>
    eventually(`${n} reservations`, async () => (await c.h.eventCount('StockReserved')) === n, {
      timeoutMs: 20_000,
    });
  await c.place('MUG', 6, 'k-1'); // 10 → 4: below 5, raised
  await reserved(1);
  await c.place('MUG', 1, 'k-2'); // 4 → 3: still below, nothing
  await eventually('both reservations', async () => (await c.h.eventCount('StockReserved')) === 2, {
    timeoutMs: 20_000,
  });
  await c.restock('MUG', 20); // 3 → 23: cleared
  await c.place('MUG', 19, 'k-3'); // 23 → 4: raised again
  const pushed = await c.sub.next(3, 20_000);
  assert.deepEqual(
    pushed.map((p) => [p.data.stockAlerts.low, p.data.stockAlerts.available]),
    [
      [true, 4],
      [false, 23],
      [true, 4],
    ],
  );
  await eventually('three webhooks', () => c.receiver.processed().length === 3, { timeoutMs: 20_000 });
  const messages = await readTopics(c.topics.kafka, [c.topics.topics.inventoryAlerts], (m) => m.length >= 3);
  // Anything sent twice would have arrived by now.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(c.sub.received.length, 3, 'the subscription heard each alert once');

  const alerts = await c.h.orderflow.store.readAll({
    filter: { eventTypes: ['LowStockAlertRaised', 'LowStockAlertCleared'] },
  });
  assert.deepEqual(
    alerts.map((e) => e.type),
    ['LowStockAlertRaised', 'LowStockAlertCleared', 'LowStockAlertRaised'],
  );
  const ids = alerts.map((e) => e.id);
  assert.deepEqual(
    messages.map((m) => [JSON.parse(m.value!).eventId, JSON.parse(m.value!).schema]),
    [
      [ids[0], 'orderflow.inventory.stock.low'],
      [ids[1], 'orderflow.inventory.stock.replenished'],
      [ids[2], 'orderflow.inventory.stock.low'],
    ],
    'Kafka: each alert once, in order',
  );
  assert.deepEqual(
    c.receiver.requests.map((r) => [r.idempotencyKey, r.rejection, r.duplicate]),
    ids.map((id) => [id, null, false]),
    'webhooks: each alert once, signed with the endpoint secret',
  );
  assert.deepEqual(
    c.receiver.requests.map((r) => JSON.parse(r.body).data),
    [
      { sku: 'MUG', available: 4, threshold: 5 },
      { sku: 'MUG', available: 23, threshold: 5 },
      { sku: 'MUG', available: 4, threshold: 5 },
    ],
  );
});

test.run();
