/**
 * The dashboard's Low stock page in a real headless Chromium against a real Orderflow: a SKU
 * shows up while the page is open when an order takes it below its threshold, and goes away when
 * it is restocked — without a reload. Screenshot: artifacts/dashboard/low-stock.png.
 */
import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

const test = suite<{ h: Harness; browser: HeadlessChromium; base: string }>(
  'low stock page in headless chromium',
);
const THRESHOLD = `mutation($sku: String!, $t: Int!) { setStockThreshold(sku: $sku, threshold: $t) { position } }`;

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.h = await startHarness({ approvalRate: 1 });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  for (const sku of ['LOW-1', 'LOW-2']) {
    await ctx.h.ok(REGISTER, { sku, stock: 10 });
    await ctx.h.ok(THRESHOLD, { sku, t: 5 });
  }
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

test('a SKU below its threshold appears live, and leaves when restocked', async (ctx) => {
  await ctx.h.ok(PLACE, { input: { customerId: 'c-1', lines: [{ sku: 'LOW-1', quantity: 7 }] }, key: 'l-1' });
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/low-stock`);
  // LOW-1 from the lowStock query (or its push, if the page was faster than the reservation).
  await waitForText(page.getByTestId('low-stock-count'), /^1 SKU below threshold/);
  await waitForText(page.locator('[data-testid="low-stock"] tbody tr').first(), /LOW-1\s*3\s*5\s*2/);
  await ctx.h.ok(PLACE, { input: { customerId: 'c-1', lines: [{ sku: 'LOW-2', quantity: 9 }] }, key: 'l-2' });
  await waitForText(page.getByTestId('low-stock-count'), /^2 SKUs below threshold/);
  await waitForText(page.locator('[data-testid="low-stock"] tbody tr').nth(1), /LOW-2\s*1\s*5\s*4/);
  await screenshot(page, 'low-stock');
  await ctx.h.ok(`mutation { restock(sku: "LOW-1", quantity: 10) { position } }`);
  await waitForText(page.getByTestId('low-stock-count'), /^1 SKU below threshold/);
  assert.match(await page.locator('[data-testid="low-stock"] tbody').innerText(), /^LOW-2/);
  await page.close();
});

test.run();
