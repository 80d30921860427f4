/**
 * Every dashboard page (browser/pages.ts) in a real headless Chromium against a real Orderflow,
 * in light, dark (the system's `prefers-color-scheme`, and the header's toggle) and at 420 px:
 * dark renders dark, light renders light, and at 420 px nothing widens the page beyond the
 * screen. Screenshots: artifacts/dashboard/<page>-<light|dark|420>.png.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { DASHBOARD_PAGES, type DashboardPage, type SeededData } from './browser/pages.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

interface Context {
  h: Harness;
  browser: HeadlessChromium;
  base: string;
  data: SeededData;
}

// page.evaluate takes expressions as strings here: this file is typed for Node, without the DOM.
const test = suite<Context>('dashboard pages: light, dark and 420 px');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 420, height: 900 };

/** Relative luminance (0 black … 1 white) of a CSS `rgb()`/`rgba()` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number);
  assert.ok(r !== undefined && g !== undefined && b !== undefined, `not an rgb colour: ${css}`);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const bodyBackground = (page: Page) =>
  page.evaluate<string>('getComputedStyle(document.body).backgroundColor');

async function assertTheme(page: Page, theme: 'light' | 'dark', where: string): Promise<void> {
  const background = await bodyBackground(page);
  const l = luminance(background);
  assert.ok(theme === 'dark' ? l < 0.2 : l > 0.8, `${where}: body background ${background} is not ${theme}`);
  assert.equal(
    await page.evaluate<string | undefined>('document.documentElement.dataset.theme'),
    theme,
    where,
  );
}

/** Opens `route` and waits for its data (and its charts' canvases). */
async function open(ctx: Context, page: Page, route: DashboardPage): Promise<void> {
  await page.goto(`${ctx.base}/dashboard${route.path(ctx.data)}`);
  await waitForText(page.getByTestId(route.readyTestId), route.readyText);
  if (route.charts) await page.locator('.chart canvas').first().waitFor();
}

test.before(async (ctx) => {
  try {
    await seed(ctx);
  } catch (error) {
    // uvu does not print an error thrown by a before hook; say it here.
    console.error(error);
    throw error;
  }
});

/** Starts Orderflow and Chromium and puts one confirmed order (a SKU below threshold) in. */
async function seed(ctx: Context): Promise<void> {
  requireFreshDashboardBuild();
  ctx.h = await startHarness({ approvalRate: 1 });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  await ctx.h.ok(REGISTER, { sku: 'SHOT-1', stock: 12 });
  await ctx.h.ok(`mutation { setStockThreshold(sku: "SHOT-1", threshold: 20) { position } }`);
  const { placeOrder } = await ctx.h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
    input: {
      customerId: 'c-shot',
      shippingCountry: 'France',
      lines: [{ sku: 'SHOT-1', quantity: 2, unitPrice: 250 }],
    },
    key: 'shot-1',
  });
  await ctx.h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  ctx.data = { orderId: placeOrder.orderId, sagaId: `order-fulfillment:${placeOrder.orderId}` };
  // The screenshots should show the order everywhere: wait for the saga and the hourly report.
  const deadline = Date.now() + 15_000;
  const ready = async () => {
    const { saga } = await ctx.h.ok<{ saga: { status: string } | null }>(
      `query($id: ID!) { saga(id: $id) { status } }`,
      { id: ctx.data.sagaId },
    );
    const day = new Date().toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString();
    const { hourlySales } = await ctx.h.ok<{ hourlySales: { placed: number }[] }>(
      `query($from: String!, $to: String!) { hourlySales(from: $from, to: $to) { placed } }`,
      { from: `${day}T00:00:00Z`, to: next },
    );
    return saga?.status === 'COMPLETED' && hourlySales.length > 0;
  };
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('the saga or the hourly report did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

test('the theme toggle overrides the system, is remembered, and "system" follows it again', async (ctx) => {
  const page = await ctx.browser.context.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await open(ctx, page, DASHBOARD_PAGES[0]!);
  await assertTheme(page, 'light', 'system light');
  await page.getByTestId('theme-toggle').selectOption('dark');
  await assertTheme(page, 'dark', 'toggle dark');
  assert.equal(await page.evaluate<string | null>("localStorage.getItem('orderflow.theme')"), 'dark');
  await page.reload();
  await waitForText(page.getByTestId('total-count'), /saga\(s\)/);
  await assertTheme(page, 'dark', 'toggle dark after a reload');
  // Light overrides a dark system, and back to the system's choice.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('theme-toggle').selectOption('light');
  await assertTheme(page, 'light', 'toggle light on a dark system');
  await page.getByTestId('theme-toggle').selectOption('system');
  await assertTheme(page, 'dark', 'system dark again');
  assert.equal(await page.evaluate<string | null>("localStorage.getItem('orderflow.theme')"), null);
  await page.close();
});

for (const route of DASHBOARD_PAGES) {
  test(`${route.name}: light, dark (system and toggle), and 420 px without horizontal overflow`, async (ctx) => {
    const page = await ctx.browser.context.newPage();
    await page.setViewportSize(WIDE);
    await page.emulateMedia({ colorScheme: 'light' });
    await open(ctx, page, route);
    await assertTheme(page, 'light', `${route.name} light`);
    await screenshot(page, `${route.name}-light`);

    await page.getByTestId('theme-toggle').selectOption('dark');
    await assertTheme(page, 'dark', `${route.name} dark by the toggle`);
    if (route.charts)
      await page.locator('.chart[data-theme-drawn="dark"] canvas').first().waitFor({ timeout: 5_000 });
    await page.getByTestId('theme-toggle').selectOption('system');

    await page.emulateMedia({ colorScheme: 'dark' });
    await open(ctx, page, route);
    await assertTheme(page, 'dark', `${route.name} dark by prefers-color-scheme`);
    await screenshot(page, `${route.name}-dark`);

    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(NARROW);
    await open(ctx, page, route);
    // Let the charts' ResizeObserver settle at the new width before measuring.
    await page.waitForTimeout(200);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(width <= NARROW.width, `${route.name} at 420 px is ${width} px wide`);
    await screenshot(page, `${route.name}-420`);
    await page.close();
  });
}

test.run();
