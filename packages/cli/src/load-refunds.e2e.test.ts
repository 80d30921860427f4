import * as assert from 'node:assert/strict';
import { loadOnlineRetail } from '@orderflow/fixtures';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import {
  checkConsistency,
  hourlyFulfilment,
  hourlySales,
  projections,
  verifyProjection,
} from '@orderflow/projections';
import { createTestDatabase, eventually, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';

const ADMIN_KEY = 'test-admin-key-refunds-0123456789';
const test = suite<{ db?: TestDatabase; orderflow?: Orderflow }>('load online-retail: shipping and refunds');
test.after.each(async (ctx) => {
  await ctx.orderflow?.stop();
  await ctx.db?.drop();
});

test('a replay ships, delivers and refunds the dataset cancellations of confirmed orders; read models verify clean', async (ctx) => {
  const db = (ctx.db = await createTestDatabase('e2e_refunds'));
  const orderflow = (ctx.orderflow = await startOrderflow({
    databaseUrl: db.url,
    adminKey: ADMIN_KEY,
    paymentSimulator: { approvalRate: 0.95, latencyMs: 5 },
  }));
  const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const lines: string[] = [];
  const summary = await loadOnlineRetail({
    endpoint: `${address}/graphql`,
    apiKey: ADMIN_KEY,
    limit: 400,
    stockFactor: 1,
    concurrency: 8,
    settleTimeoutMs: 60_000,
    afterSale: { shipShare: 0.5, deliverShare: 0.8, maxDelayMs: 20 },
    log: (line) => lines.push(line),
  });
  const text = lines.join('\n');
  assert.ok(summary.settled, text);
  const after = summary.afterSale!;
  assert.ok(after.shipped > 0 && after.delivered > 0 && after.delivered <= after.shipped, text);
  assert.ok(
    (summary.cancellationRequests.REFUNDED ?? 0) > 0,
    `cancellations of confirmed orders refunded\n${text}`,
  );
  assert.equal(
    summary.cancellationRequests.INVALID_STATE ?? 0,
    0,
    'no cancellation of a confirmed order is refused',
  );
  assert.equal(after.refundsCompleted, summary.cancellationRequests.REFUNDED, text);
  assert.ok(after.refundedOrders + after.partlyRefundedOrders > 0, text);
  assert.match(text, /orders shipped: \d+, delivered: \d+/);
  assert.match(text, /orders refunded: \d+ fully, \d+ partly; refunds completed: \d+, failed: 0/);

  // Orders are placed at their invoices' dates (the first 400 invoices: early December 2010), and
  // refunds and shipments count in their order's hour; the projector may be a batch behind the
  // last mutation: wait for it.
  const range = { from: '2010-12-01T00:00:00Z', to: '2010-12-31T00:00:00Z' };
  const sales = await eventually('refunds in hourly-sales', async () => {
    const rows = await hourlySales(orderflow.db, range);
    return rows.reduce((n, r) => n + r.refundCount, 0) === after.refundsCompleted ? rows : undefined;
  });
  assert.ok(sales.reduce((n, r) => n + r.refunds, 0) > 0);
  const fulfilment = await eventually('shipments in hourly-fulfilment', async () => {
    const rows = await hourlyFulfilment(orderflow.db, range);
    return rows.reduce((n, r) => n + r.shipped, 0) === after.shipped ? rows : undefined;
  });
  assert.ok(fulfilment.some((r) => r.shippingP95Ms !== null));

  const consistency = await checkConsistency(orderflow.db, orderflow.store);
  assert.ok(consistency.ok, consistency.lines.join('\n'));
  for (const projection of projections) {
    const result = await verifyProjection(orderflow.db, orderflow.store, projection);
    assert.deepEqual(result.differences, [], `${projection.name} differs from a rebuild`);
  }
});

test.run();
