/**
 * The dashboard's Reports page in a real headless Chromium against a real Orderflow: orders
 * placed this hour show in the day's totals, the hourly charts and the best sellers; after one
 * is shipped and the other refunded, the refunds and the confirmed → shipped times show too.
 * Screenshot: artifacts/dashboard/reports.png.
 */
import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

const REFUND = `mutation($id: ID!) { refundOrder(orderId: $id, reason: "broken") { refundId } }`;
const SHIP = `mutation($id: ID!) { shipOrder(orderId: $id, carrier: "RM", trackingNumber: "T1") { position } }`;
const CHARTS = '[data-testid="report-charts"] canvas';

const test = suite<{ h: Harness; browser: HeadlessChromium; base: string; orders: string[] }>(
  'reports page in headless chromium',
);

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.h = await startHarness({ approvalRate: 1 });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  ctx.orders = [];
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
    ctx.orders.push(placeOrder.orderId);
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
  await page.locator(CHARTS).first().waitFor();
  assert.equal(await page.locator(CHARTS).count(), 4, 'orders, revenue, refunds, shipping times');
  await waitForText(page.locator('[data-testid="top-sellers"] tbody tr').first(), /REP-1\s*3/);
  assert.equal(await page.locator('[data-testid="top-sellers"] tbody tr').count(), 2);
  assert.equal(await page.locator('[data-testid="fulfilment"] tbody tr').count(), 1);
  await page.close();
});

test('a shipment and a refund show in the totals, the refunds chart and the shipping times', async (ctx) => {
  await ctx.h.ok(SHIP, { id: ctx.orders[0] });
  await ctx.h.ok(REFUND, { id: ctx.orders[1] });
  await ctx.h.waitForStatus(ctx.orders[1]!, ['REFUNDED'], 20_000);
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  const page = await ctx.browser.context.newPage();
  const day = new Date().toISOString().slice(0, 10);
  const hour = page.locator('[data-testid="fulfilment"] tbody tr').first();
  // The hourly read models trail the order status by a batch: reload until they show both.
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto(`${ctx.base}/dashboard/reports?day=${day}`);
    const totals = await waitForText(page.getByTestId('report-totals'), /orders placed/);
    await hour.waitFor();
    const shipped = (await hour.locator('td').nth(4).textContent()) ?? '';
    if ((/1 refund\(s\), £2\.50/.test(totals) && shipped === '1') || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await waitForText(page.getByTestId('report-totals'), / · 1 refund\(s\), £2\.50$/);
  // Shipped 1, and its confirmed → shipped P50 and P95 (ms or s: it shipped just now).
  await waitForText(hour, /\d+ ms.*\d+ ms\s*1\s*[\d.]+ m?s\s*[\d.]+ m?s/);
  for (const label of ['Refunds per hour and currency', 'Shipping time percentiles per hour'])
    await page.getByRole('img', { name: label }).locator('canvas').waitFor();
  // The legends name the series: GBP refunded; p50 and p95 of the shipping times.
  assert.match(
    (await page.getByRole('img', { name: 'Refunds per hour and currency' }).innerText()) ?? '',
    /GBP/,
  );
  assert.match(
    (await page.getByRole('img', { name: 'Shipping time percentiles per hour' }).innerText()) ?? '',
    /p50[\s\S]*p95/,
  );
  await screenshot(page, 'reports');
  await page.close();
});

test.run();
