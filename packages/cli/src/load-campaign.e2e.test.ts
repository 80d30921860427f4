import * as assert from 'node:assert/strict';
import { loadOnlineRetail } from '@orderflow/fixtures';
import { startOrderflow, type Orderflow } from '@orderflow/host';
import { checkConsistency, projections, verifyProjection } from '@orderflow/projections';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import { suite } from 'uvu';

const ADMIN_KEY = 'test-admin-key-campaign-0123456789';
const test = suite<{ db?: TestDatabase; orderflow?: Orderflow }>('load online-retail --coupon-campaign');
test.after.each(async (ctx) => {
  await ctx.orderflow?.stop();
  await ctx.db?.drop();
});

test('a replay with a coupon campaign: limits hold, coupons released or redeemed, read models verify clean', async (ctx) => {
  const db = (ctx.db = await createTestDatabase('e2e_campaign'));
  const orderflow = (ctx.orderflow = await startOrderflow({
    databaseUrl: db.url,
    adminKey: ADMIN_KEY,
    paymentSimulator: { approvalRate: 0.9, latencyMs: 5 },
  }));
  const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  const lines: string[] = [];
  const summary = await loadOnlineRetail({
    endpoint: `${address}/graphql`,
    apiKey: ADMIN_KEY,
    limit: 200,
    stockFactor: 1,
    concurrency: 8,
    settleTimeoutMs: 60_000,
    couponCampaign: { cap: 10 },
    log: (line) => lines.push(line),
  });
  assert.ok(summary.settled, lines.join('\n'));
  assert.equal(summary.check?.ok, true, lines.join('\n'));
  const text = lines.join('\n');
  assert.match(text, /RETAIL10 redeemed (\d+) of 10/);
  assert.ok(Number(/RETAIL10 redeemed (\d+) of 10/.exec(text)![1]) <= 10);
  assert.match(text, /coupon limits: ok/);
  assert.match(text, /coupon refusals: .*EXHAUSTED/, 'the cap ran out during the replay');
  assert.ok((summary.cancelledByReason.COUPON_REJECTED ?? 0) > 0, text);
  const consistency = await checkConsistency(orderflow.db, orderflow.store);
  assert.ok(consistency.ok, consistency.lines.join('\n'));
  for (const projection of projections) {
    const result = await verifyProjection(orderflow.db, orderflow.store, projection);
    assert.deepEqual(result.differences, [], `${projection.name} differs from a rebuild`);
  }
});

test.run();
