/**
 * The saga dashboard in a real headless Chromium against a real Orderflow listening on a port:
 * login (wrong key, customer key, admin key) → list with counts → filter PARKED → detail with
 * the failure on the timeline → Retry behind a confirmation → the status changes live.
 * Screenshots go to artifacts/dashboard/<step>.png.
 */
import * as assert from 'node:assert/strict';
import { OrderflowError } from '@orderflow/core';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (it serves the
// dashboard), so a dependency back would be a cycle.
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

interface Context {
  h: Harness;
  browser: HeadlessChromium;
  base: string;
  /** While on, the payment provider refuses every RequestPayment for good: sagas park. */
  refuse: { on: boolean };
  parked: string[];
}

const test = suite<Context>('saga dashboard in headless chromium');

const place = async (h: Harness, key: string) =>
  (
    await h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
      input: { customerId: `c-${key}`, lines: [{ sku: 'DASH-1', quantity: 1, unitPrice: 250 }] },
      key,
    })
  ).placeOrder.orderId;

const sagaStatus = async (h: Harness, id: string) =>
  (await h.ok<{ saga: { status: string } | null }>(`query($id: ID!) { saga(id: $id) { status } }`, { id }))
    .saga?.status;

const waitForSaga = async (h: Harness, id: string, status: string) => {
  const deadline = Date.now() + 15_000;
  while ((await sagaStatus(h, id)) !== status) {
    if (Date.now() > deadline) throw new Error(`saga ${id} did not become ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Opens the dashboard in a new tab (its own sessionStorage) and logs in with `key`. */
async function logIn(ctx: Context, key: string): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/`);
  await page.waitForURL(/\/dashboard\/login$/);
  await page.getByLabel('Admin key').fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
  return page;
}

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.refuse = { on: false };
  ctx.parked = [];
  ctx.h = await startHarness({
    server: {
      processManager: {
        timerIntervalMs: 50,
        sweepIntervalMs: 100,
        retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
        wrapSender: (send) => async (command) => {
          if (ctx.refuse.on && command.type === 'RequestPayment')
            throw new OrderflowError('INVALID_STATE', 'provider account suspended');
          await send(command);
        },
      },
    },
  });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();

  await ctx.h.ok(REGISTER, { sku: 'DASH-1', stock: 100 });
  for (const key of ['ok-1', 'ok-2']) await ctx.h.waitForStatus(await place(ctx.h, key), ['CONFIRMED']);
  ctx.refuse.on = true;
  for (const key of ['parked-1', 'parked-2']) ctx.parked.push(await place(ctx.h, key));
  for (const id of ctx.parked) await waitForSaga(ctx.h, id, 'PARKED');
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

test('a wrong key stays on the login page with the reason', async (ctx) => {
  const page = await logIn(ctx, 'of_not-a-key');
  const message = await waitForText(page.getByTestId('login-error'), /Unknown or missing key/);
  assert.match(message, /admin key/);
  assert.match(page.url(), /\/dashboard\/login$/);
  await screenshot(page, '01-login-wrong-key');
  await page.close();
});

test('a customer key is refused: the dashboard needs role admin', async (ctx) => {
  const customerKey = (await ctx.h.customerAuth('c-ok-1')).replace(/^Bearer /, '');
  const page = await logIn(ctx, customerKey);
  await waitForText(page.getByTestId('login-error'), /not an admin key/);
  assert.match(page.url(), /\/dashboard\/login$/);
  await screenshot(page, '02-login-customer-key');
  await page.close();
});

test('list → filter by age and PARKED → detail → Retry with confirmation → status changes live', async (ctx) => {
  const page = await logIn(ctx, ctx.h.adminKey);
  await page.waitForURL(/\/dashboard\/?$/);

  // The list: counts per status from sagaStats, a server-side page, the charts.
  await waitForText(page.getByTestId('count-PARKED'), /^2\s*parked/);
  await waitForText(page.getByTestId('count-COMPLETED'), /^2\s*completed/);
  await waitForText(page.getByTestId('total-count'), /^4 saga\(s\)/);
  assert.equal(await page.locator('[data-testid="saga-table"] tbody tr').count(), 4);
  await page.locator('.chart canvas').first().waitFor();
  assert.equal(await page.locator('.chart canvas').count(), 2, 'throughput and duration charts');
  await waitForText(page.getByTestId('live'), /live/);
  await screenshot(page, '03-list');

  // Filter by age: every saga here is seconds old.
  await page.locator('form.filters select[name="age"]').selectOption('gt1h');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/age=gt1h/);
  await waitForText(page.getByTestId('total-count'), /^0 saga\(s\)/);
  await page.locator('form.filters select[name="age"]').selectOption('lt5m');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/age=lt5m/);
  await waitForText(page.getByTestId('total-count'), /^4 saga\(s\)/);

  // Filter by status PARKED with the filter form.
  await page.locator('form.filters select[name="status"]').selectOption('PARKED');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/status=PARKED/);
  await waitForText(page.getByTestId('total-count'), /^2 saga\(s\)/);
  const rows = page.locator('[data-testid="saga-table"] tbody tr');
  assert.equal(await rows.count(), 2);
  for (const status of await rows.locator('[data-status]').allTextContents()) assert.equal(status, 'PARKED');
  await screenshot(page, '04-list-parked');

  // The detail of the newest parked saga: the failure on the timeline.
  const sagaId = `order-fulfillment:${ctx.parked[1]}`;
  await page.locator(`tr[data-saga-id="${sagaId}"] a`).click();
  await page.waitForURL(/\/dashboard\/sagas\//);
  await waitForText(page.getByTestId('saga-status'), /^PARKED$/);
  assert.match((await page.getByTestId('saga-error').textContent()) ?? '', /provider account suspended/);
  const failure = page.locator('[data-testid="timeline"] li[data-kind="error"]').last();
  assert.match(
    (await failure.textContent()) ?? '',
    /RequestPayment failed → parked.*provider account suspended/,
  );
  await waitForText(page.locator('[data-testid="commands"]'), /RequestPayment\s*failed/);
  await screenshot(page, '05-detail-parked');

  // Retry, behind a confirmation with a reason; the page must not reload meanwhile.
  await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'same page'));
  ctx.refuse.on = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel(/Reason/).fill('provider account restored');
  await screenshot(page, '06-retry-confirm');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await waitForText(dialog.getByTestId('action-result'), /Done: the saga is now (RUNNING|COMPLETED)/);
  await screenshot(page, '07-retry-result');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The saga sends the payment again and completes; the page follows over the WebSocket.
  await waitForText(page.getByTestId('saga-status'), /^COMPLETED$/, 15_000);
  const operator = page.locator('[data-testid="timeline"] li[data-kind="operator"]');
  assert.match((await operator.textContent()) ?? '', /operator retry by .*provider account restored/);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker), 'same page');
  assert.equal(await sagaStatus(ctx.h, sagaId), 'COMPLETED');
  await screenshot(page, '08-detail-completed');

  // The link to its order.
  await page.getByRole('link', { name: ctx.parked[1]! }).click();
  await waitForText(page.getByTestId('order'), /CONFIRMED/);
  await screenshot(page, '09-order');
  await page.close();
});

test('the list follows changes live and deep links open a saga directly', async (ctx) => {
  const page = await logIn(ctx, ctx.h.adminKey);
  await page.waitForURL(/\/dashboard\/?$/);
  await page.getByTestId('count-PARKED').click();
  await page.waitForURL(/status=PARKED/);
  await waitForText(page.getByTestId('total-count'), /^1 saga\(s\)/);
  await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'same page'));

  // A saga parks while the page is open: it appears without a reload.
  ctx.refuse.on = true;
  const orderId = await place(ctx.h, 'parked-live');
  await waitForText(page.getByTestId('total-count'), /^2 saga\(s\)/, 15_000);
  await page.locator(`tr[data-saga-id="order-fulfillment:${orderId}"]`).waitFor();
  await waitForText(page.getByTestId('count-PARKED'), /^2\s*parked/);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker), 'same page');
  await screenshot(page, '10-list-live');

  // A deep link to the saga (the server falls back to index.html; the key is in this tab).
  await page.goto(`${ctx.base}/dashboard/sagas/${encodeURIComponent(`order-fulfillment:${orderId}`)}`);
  await waitForText(page.getByTestId('saga-status'), /^PARKED$/);
  ctx.refuse.on = false;
  await page.close();
});

test.run();
