/**
 * The dashboard's Projections page in a real headless Chromium against a real Orderflow: every
 * processor with its lag; an event order-details really fails on (a trigger on its table raises)
 * shows as parked, and Retry (confirmed) clears it once the cause is gone; a rebuild started
 * from the page shows its progress and completes. Screenshots: artifacts/dashboard/projections*.png.
 */
import * as assert from 'node:assert/strict';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { placeParkedOrder, poisonOrdersOf } from '../../api/src/test/poison.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

const test = suite<{ h: Harness; browser: HeadlessChromium; base: string }>(
  'projections page in headless chromium',
);

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.h = await startHarness({ approvalRate: 1 });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  await ctx.h.ok(REGISTER, { sku: 'PRJ-1', stock: 50 });
  for (const key of ['p-1', 'p-2']) {
    const { placeOrder } = await ctx.h.ok(PLACE, {
      input: { customerId: 'c-ok', lines: [{ sku: 'PRJ-1', quantity: 1 }] },
      key,
    });
    await ctx.h.waitForStatus(placeOrder.orderId, ['CONFIRMED']);
  }
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

async function openPage(ctx: { browser: HeadlessChromium; base: string; h: Harness }) {
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/`);
  await page.getByRole('link', { name: 'Projections' }).click();
  await page.waitForURL(/\/dashboard\/projections$/);
  return page;
}

test('the Projections page shows a parked event and retrying it clears it', async (ctx) => {
  const poison = await poisonOrdersOf(ctx.h, 'c-poison');
  const eventId = await placeParkedOrder(ctx.h, 'c-poison', 'PRJ-P');
  const page = await openPage(ctx);
  await waitForText(page.getByTestId('parked-order-details'), /^1$/);
  for (const name of ['order-details', 'daily-sales', 'order-fulfillment', 'returns', 'webhooks'])
    await page.getByTestId(`processor-${name}`).waitFor();
  await waitForText(page.getByTestId('processor-order-fulfillment'), /process manager\s*running/);
  const row = page.getByTestId(`parked-event-${eventId}`);
  await waitForText(row, /order-details.*OrderCreated.*cannot take orders of c-poison/s);
  await screenshot(page, 'projections');
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'projections-420');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The cause is fixed; Retry asks first, then applies it.
  await poison.heal();
  await row.getByRole('button', { name: 'Retry' }).click();
  const dialog = page.locator('dialog.action-dialog');
  await waitForText(dialog, /Applies event .* again/);
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await waitForText(page.getByTestId('console-result'), /Applied: the event is no longer parked/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('no-parked').waitFor();
  await waitForText(page.getByTestId('parked-order-details'), /^0$/);
  assert.equal(await row.count(), 0);
  await page.close();
});

test('a parked event skipped from the page needs a reason and leaves the list', async (ctx) => {
  await poisonOrdersOf(ctx.h, 'c-skip');
  const eventId = await placeParkedOrder(ctx.h, 'c-skip', 'PRJ-S');
  const page = await openPage(ctx);
  const row = page.getByTestId(`parked-event-${eventId}`);
  await row.getByRole('button', { name: 'Skip' }).click();
  const dialog = page.locator('dialog.action-dialog');
  const confirm = dialog.getByRole('button', { name: 'Skip' });
  assert.equal(await confirm.isDisabled(), true, 'no reason, no skip');
  await dialog.getByLabel('Reason (required)').fill('a test order, never valid');
  await confirm.click();
  await waitForText(page.getByTestId('console-result'), /Skipped/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('no-parked').waitFor();
  const { skippedEvents } = await ctx.h.ok(`{ skippedEvents { eventId reason actor } }`);
  assert.deepEqual(
    skippedEvents.map((s: { eventId: string; reason: string }) => [s.eventId, s.reason]),
    [[eventId, 'a test order, never valid']],
  );
  await ctx.h.orderflow.db.raw('DROP TRIGGER IF EXISTS test_poison_orders ON orders');
  await page.close();
});

test('a rebuild started from the page shows its progress and completes', async (ctx) => {
  const page = await openPage(ctx);
  const db = ctx.h.orderflow.db;
  // Hold the live checkpoint's row lock: the rebuild waits at its swap, so RUNNING can be seen.
  const trx = await db.transaction();
  try {
    await trx.raw(`SELECT position FROM processor_checkpoints WHERE name = 'daily-sales' FOR UPDATE`);
    const row = page.getByTestId('processor-daily-sales');
    await row.getByRole('button', { name: 'Rebuild' }).click();
    const dialog = page.locator('dialog.action-dialog');
    await dialog.getByRole('button', { name: 'Rebuild' }).click();
    await waitForText(page.getByTestId('console-result'), /Started/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const progress = page.getByTestId('rebuild-daily-sales');
    await waitForText(progress, /\d+% · \d+ events/);
    assert.equal(await progress.getAttribute('data-state'), 'RUNNING');
    await waitForText(row, /rebuilding/);
    assert.equal(await row.getByRole('button', { name: 'Rebuild' }).isDisabled(), true);
    await screenshot(page, 'projections-rebuild');
  } finally {
    await trx.rollback();
  }
  const progress = page.getByTestId('rebuild-daily-sales');
  await waitForText(progress, /rebuilt: \d+ events, at \d+/);
  assert.equal(await progress.getAttribute('data-state'), 'DONE');
  assert.equal(Number(await progress.locator('progress').getAttribute('value')), 100);
  await page.close();
});

test.run();
