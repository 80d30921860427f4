/**
 * The dashboard's Reports page in a real headless Chromium against a real Orderflow: orders
 * placed this hour show in the day's totals, the two hourly charts and the best sellers.
 * Screenshot: artifacts/dashboard/reports.png.
 */
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { screenshot, waitForText } from './browser/page-helpers.ts';
import { dashboardBuildState } from './build-state.ts';

const test = suite<{ h: Harness; browser: HeadlessChromium; base: string }>(
  'reports page in headless chromium',
);

test.before(async (ctx) => {
  const build = dashboardBuildState();
  if (build !== 'fresh') {
    const message = `the dashboard's build is ${build}: run pnpm --filter @orderflow/dashboard build`;
    // uvu does not print an error thrown by a before hook; say it here.
    console.error(`\n${message}\n`);
    throw new Error(message);
  }
  ctx.h = await startHarness({ approvalRate: 1 });
  await ctx.h.orderflow.app.listen({ port: 0, host: '127.0.0.1' });
  ctx.base = `http://127.0.0.1:${(ctx.h.orderflow.app.server.address() as AddressInfo).port}`;
  ctx.browser = await launchChromium();
  await ctx.h.ok(REGISTER, { sku: 'REP-1', stock: 100 });
  await ctx.h.ok(REGISTER, { sku: 'REP-2', stock: 100 });
  for (const [key, sku, quantity] of [
    ['r-1', 'REP-1', 3],
    ['r-2', 'REP-2', 1],
  ] as const) {
    const { placeOrder } = await ctx.h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
      input: { customerId: 'c-1', shippingCountry: 'France', lines: [{ sku, quantity, unitPrice: 250 }] },
      key,
    });
    await ctx.h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  }
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

test('the Reports page shows the day: totals, orders and revenue per hour, best sellers', async (ctx) => {
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  const page = await ctx.browser.context.newPage();
  const day = new Date().toISOString().slice(0, 10);
  // The hourly read models may trail the order status by a batch: reload until they show both.
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.goto(`${ctx.base}/dashboard/reports?day=${day}`);
    const totals = await waitForText(page.getByTestId('report-totals'), /orders placed/);
    if (/^2 orders placed · 2 confirmed, £10\.00/.test(totals) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await waitForText(page.getByTestId('report-totals'), /^2 orders placed · 2 confirmed, £10\.00/);
  await page.locator('[data-testid="report-charts"] canvas').first().waitFor();
  assert.equal(await page.locator('[data-testid="report-charts"] canvas').count(), 2);
  await waitForText(page.locator('[data-testid="top-sellers"] tbody tr').first(), /REP-1\s*3/);
  assert.equal(await page.locator('[data-testid="top-sellers"] tbody tr').count(), 2);
  assert.equal(await page.locator('[data-testid="fulfilment"] tbody tr').count(), 1);
  await screenshot(page, 'reports');
  await page.close();
});

test.run();
