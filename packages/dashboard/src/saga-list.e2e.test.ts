/**
 * The saga list toward the Temporal UI, in a real headless Chromium against a real Orderflow:
 * search by order or customer id, the page in the URL (page 2 survives a reload), and a batch
 * retry of every parked saga after a dry run. Screenshots go to artifacts/dashboard/.
 */
import * as assert from 'node:assert/strict';
import { OrderflowError } from '@orderflow/core';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
// A relative import, not a dependency (see dashboard.e2e.test.ts).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

interface Context {
  h: Harness;
  browser: HeadlessChromium;
  base: string;
  refuse: { on: boolean };
  confirmed: string[];
  parked: string[];
}

const test = suite<Context>('saga list: search, page in the URL, batch actions');

const place = async (h: Harness, customer: string) =>
  (
    await h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
      input: { customerId: customer, lines: [{ sku: 'LIST-1', quantity: 2, unitPrice: 250 }] },
      key: customer,
    })
  ).placeOrder.orderId;

const sagaStatus = async (h: Harness, id: string) =>
  (await h.ok<{ saga: { status: string } | null }>(`query($id: ID!) { saga(id: $id) { status } }`, { id }))
    .saga?.status;

async function waitForSaga(h: Harness, id: string, status: string) {
  const deadline = Date.now() + 15_000;
  while ((await sagaStatus(h, id)) !== status) {
    if (Date.now() > deadline) throw new Error(`saga ${id} did not become ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A new tab logged in with the admin key, on the list. */
async function logIn(ctx: Context): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/`);
  await page.waitForURL(/\/dashboard\/login$/);
  await page.getByLabel('Admin key').fill(ctx.h.adminKey);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/dashboard\/?$/);
  return page;
}

const rowIds = (page: Page) =>
  page
    .locator('[data-testid="saga-table"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-saga-id')));

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.refuse = { on: false };
  ctx.h = await startHarness({
    server: {
      processManager: {
        timerIntervalMs: 50,
        sweepIntervalMs: 100,
        retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
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
  await ctx.h.ok(REGISTER, { sku: 'LIST-1', stock: 100 });
  ctx.confirmed = [];
  for (const customer of ['c-ok-1', 'c-ok-2']) {
    const id = await place(ctx.h, customer);
    await ctx.h.waitForStatus(id, ['CONFIRMED']);
    ctx.confirmed.push(id);
  }
  ctx.refuse.on = true;
  ctx.parked = [];
  for (const customer of ['c-parked-1', 'c-parked-2', 'c-parked-3'])
    ctx.parked.push(await place(ctx.h, customer));
  for (const id of ctx.parked) await waitForSaga(ctx.h, id, 'PARKED');
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

test('search by order id finds its saga', async (ctx) => {
  const page = await logIn(ctx);
  await waitForText(page.getByTestId('total-count'), /^5 saga\(s\)/);
  const orderId = ctx.parked[1]!;
  await page.locator('form.filters input[name="search"]').fill(orderId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(new RegExp(`q=${orderId}`));
  await waitForText(page.getByTestId('total-count'), /^1 saga\(s\)/);
  assert.deepEqual(await rowIds(page), [`order-fulfillment:${orderId}`]);
  const row = page.locator(`tr[data-saga-id="order-fulfillment:${orderId}"]`);
  assert.equal(await row.getByTestId('customer-cell').textContent(), 'c-parked-2');
  assert.match((await row.textContent()) ?? '', /£5\.00.*awaiting payment/);
  await screenshot(page, 'saga-list-search');

  // By customer id: the confirmed order, with its outcome.
  await page.locator('form.filters input[name="search"]').fill('c-ok-2');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/q=c-ok-2/);
  // The count read "1 saga(s)" for the previous search too: wait for the new row itself.
  await page.locator(`tr[data-saga-id="order-fulfillment:${ctx.confirmed[1]}"]`).waitFor();
  await waitForText(page.getByTestId('total-count'), /^1 saga\(s\)/);
  assert.deepEqual(await rowIds(page), [`order-fulfillment:${ctx.confirmed[1]}`]);
  assert.equal(await page.getByTestId('outcome-cell').textContent(), 'CONFIRMED');
  await page.close();
});

test('page 2 survives a reload', async (ctx) => {
  const page = await logIn(ctx);
  await page.goto(`${ctx.base}/dashboard/?size=2&sort=created-asc`);
  await waitForText(page.getByTestId('page-number'), /page 1/);
  await waitForText(page.getByTestId('total-count'), /^5 saga\(s\)/);
  assert.deepEqual(
    await rowIds(page),
    ctx.confirmed.map((id) => `order-fulfillment:${id}`),
  );
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.waitForURL(/page=/);
  await waitForText(page.getByTestId('page-number'), /page 2/);
  const expected = ctx.parked.slice(0, 2).map((id) => `order-fulfillment:${id}`);
  await waitForText(page.locator('[data-testid="saga-table"] tbody'), new RegExp(ctx.parked[0]!.slice(0, 8)));
  assert.deepEqual(await rowIds(page), expected);

  await page.reload();
  assert.match(page.url(), /size=2&sort=created-asc&page=/, 'the reload keeps the page in the URL');
  await waitForText(page.getByTestId('page-number'), /page 2/);
  await waitForText(page.locator('[data-testid="saga-table"] tbody'), new RegExp(ctx.parked[0]!.slice(0, 8)));
  assert.deepEqual(await rowIds(page), expected, 'the same page after the reload');
  await page.getByRole('button', { name: 'Next →' }).click();
  await waitForText(page.getByTestId('page-number'), /page 3/);
  await page.getByRole('button', { name: '← Previous' }).click();
  await waitForText(page.getByTestId('page-number'), /page 2/);
  await page.close();
});

test('a batch retry of every parked saga after a dry run shows the count and ends with each retried and the actor recorded', async (ctx) => {
  const page = await logIn(ctx);
  await page.goto(`${ctx.base}/dashboard/?status=PARKED`);
  await waitForText(page.getByTestId('total-count'), /^3 saga\(s\)/);
  await page.getByRole('button', { name: 'Batch action…' }).click();
  await page.locator('select[name="batch-action"]').selectOption('RETRY');
  await waitForText(page.getByTestId('batch-count'), /Dry run: 3 saga\(s\) match this filter/);
  const run = page.getByRole('button', { name: 'RETRY 3 saga(s)' });
  assert.equal(await run.isDisabled(), true, 'nothing runs before the count is typed');
  await page.locator('input[name="batch-confirm"]').fill('4');
  assert.equal(await run.isDisabled(), true, 'a wrong count does not confirm');
  await page.locator('input[name="batch-confirm"]').fill('3');
  await page.locator('textarea[name="batch-reason"]').fill('provider account restored');
  for (const id of ctx.parked)
    assert.equal(await sagaStatus(ctx.h, id), 'PARKED', 'the dry run changed nothing');
  ctx.refuse.on = false;
  await run.click();
  await waitForText(
    page.getByTestId('batch-summary'),
    /Done as graphql:admin: 3 succeeded, 0 failed/,
    15_000,
  );
  await waitForText(page.getByTestId('batch-progress'), /3 \/ 3/);
  const items = await page.getByTestId('batch-results').locator('li').allTextContents();
  assert.equal(items.length, 3);
  for (const id of ctx.parked)
    assert.ok(
      items.some((text) => text.includes(id) && /— (RUNNING|COMPLETED)/.test(text)),
      items.join('\n'),
    );
  await screenshot(page, 'saga-batch');

  for (const id of ctx.parked) {
    await waitForSaga(ctx.h, id, 'COMPLETED');
    const { saga } = await ctx.h.ok<{
      saga: {
        steps: {
          edges: Array<{
            node: { kind: string; actor: string | null; detail: { action?: string; reason?: string } };
          }>;
        };
      };
    }>(`query($id: ID!) { saga(id: $id) { steps(first: 500) { edges { node { kind actor detail } } } } }`, {
      id,
    });
    const operator = saga.steps.edges.map((e) => e.node).find((n) => n.kind === 'operator')!;
    assert.deepEqual(
      [operator.actor, operator.detail.action, operator.detail.reason],
      ['graphql:admin', 'retry', 'provider account restored'],
    );
  }
  await waitForText(page.getByTestId('total-count'), /^0 saga\(s\)/, 15_000);
  await page.close();
});

test.run();
