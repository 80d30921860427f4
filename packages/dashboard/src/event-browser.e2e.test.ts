/**
 * The event browser and the expandable saga timeline in a real headless Chromium against a real
 * Orderflow: a timeline entry expands to its event's JSON, repeated failed attempts fold into
 * one entry, kinds can be hidden, the history downloads as JSON, and a timeline entry opens the
 * order's events in the Streams page, whose "All events" view filters and pages $all.
 * Screenshots: artifacts/dashboard/saga-timeline-expanded.png, streams.png, streams-420.png,
 * streams-all.png.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

interface Context {
  h: Harness;
  browser: HeadlessChromium;
  base: string;
  /** An order whose payment request failed twice (transiently) before it went through. */
  orderId: string;
  other: string;
}

const test = suite<Context>('event browser and saga timeline in headless chromium');

/** RequestPayment sends that fail before the provider accepts (each one logs an error step). */
const FAILED_SENDS = 2;

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  let failures = 0;
  ctx.h = await startHarness({
    server: {
      processManager: {
        timerIntervalMs: 50,
        sweepIntervalMs: 100,
        retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 },
        wrapSender: (send) => async (command) => {
          if (command.type === 'RequestPayment' && failures < FAILED_SENDS) {
            failures++;
            throw Object.assign(new Error('payment gateway busy'), { code: 'GATEWAY_BUSY' });
          }
          await send(command);
        },
      },
    },
  });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  await ctx.h.ok(REGISTER, { sku: 'EVB-1', stock: 50 });
  const ids: string[] = [];
  for (const key of ['evb-1', 'evb-2']) {
    const { placeOrder } = await ctx.h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
      input: { customerId: `c-${key}`, lines: [{ sku: 'EVB-1', quantity: 1, unitPrice: 250 }] },
      key,
    });
    ids.push(placeOrder.orderId);
    await ctx.h.waitForStatus(placeOrder.orderId, ['CONFIRMED'], 15_000);
  }
  [ctx.orderId, ctx.other] = ids as [string, string];
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

const openSaga = async (ctx: Context): Promise<Page> => {
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/sagas/${encodeURIComponent(`order-fulfillment:${ctx.orderId}`)}`);
  await waitForText(page.getByTestId('saga-status'), /^COMPLETED$/, 15_000);
  return page;
};

const entries = (page: Page, kind: string) =>
  page.locator(`[data-testid="timeline"] li[data-kind="${kind}"]`);

test('a timeline entry expands to its event JSON', async (ctx) => {
  const page = await openSaga(ctx);
  const created = entries(page, 'event').first();
  await waitForText(created, /event OrderCreated/);
  await created.getByRole('button', { name: /Show the JSON/ }).click();
  const json = created.getByTestId('json-event');
  const text = await waitForText(json, new RegExp(`"orderId": "${ctx.orderId}"`));
  assert.match(text, /"type": "OrderCreated"/);
  assert.match(text, /"sku": "EVB-1"/);
  assert.match(
    (await created.getByTestId('json-metadata').textContent()) ?? '',
    new RegExp(`"correlationId": "${ctx.orderId}"`),
  );

  // A command entry expands to the command sent and its result.
  const command = entries(page, 'command').first();
  await command.getByRole('button', { name: /Show the JSON/ }).click();
  await waitForText(command.getByTestId('json-command'), /"commandId"/);
  await waitForText(command.getByTestId('json-result'), /"outcome"/);

  // The failed attempts of RequestPayment fold into one entry, unfolded on demand.
  const failed = entries(page, 'error');
  assert.equal(await failed.count(), 1);
  await waitForText(failed.getByTestId('step-repeats'), new RegExp(`×${FAILED_SENDS}`));
  await failed.getByRole('button', { name: /Show the JSON/ }).click();
  const attempts = JSON.parse((await failed.getByTestId('json-attempts').textContent()) ?? '[]');
  assert.equal(attempts.length, FAILED_SENDS);
  assert.ok(attempts.every((a: { error: string }) => /payment gateway busy/.test(a.error)));
  await screenshot(page, 'saga-timeline-expanded');
  await page.getByLabel('Collapse retries').uncheck();
  assert.equal(await failed.count(), FAILED_SENDS);

  // Filter by kind: hide the decisions.
  assert.ok((await entries(page, 'decision').count()) > 0);
  await page
    .getByTestId('timeline-tools')
    .getByLabel(/^decision/)
    .uncheck();
  assert.equal(await entries(page, 'decision').count(), 0);
  assert.ok((await entries(page, 'event').count()) > 0, 'the other kinds stay');

  // The history download: the saga and its whole step log as JSON.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download history (JSON)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `saga-order-fulfillment-${ctx.orderId}.json`);
  const history = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const { saga } = await ctx.h.ok<{ saga: { steps: { totalCount: number } } }>(
    `query($id: ID!) { saga(id: $id) { steps(first: 1) { totalCount } } }`,
    { id: `order-fulfillment:${ctx.orderId}` },
  );
  assert.equal(history.saga.id, `order-fulfillment:${ctx.orderId}`);
  assert.equal(history.saga.status, 'COMPLETED');
  assert.equal(history.steps.length, saga.steps.totalCount);
  assert.ok(history.saga.commands.length > 0);
  await page.close();
});

test("opens an order's events in the Streams page from its saga's timeline", async (ctx) => {
  const page = await openSaga(ctx);
  const created = entries(page, 'event').first();
  const link = created.getByRole('link', { name: /^@\d+$/ });
  const position = ((await link.textContent()) ?? '').slice(1);
  await link.click();
  await page.waitForURL(new RegExp(`/dashboard/streams/order-${ctx.orderId}\\?position=${position}$`));
  await waitForText(page.getByTestId('stream-revision'), /Current revision \d+/);
  const marked = page.locator(`tr.marked[data-position="${position}"]`);
  await waitForText(marked, /OrderCreated/);
  // The marked event is open: its data and metadata are shown.
  await waitForText(page.getByTestId('event-json').first(), new RegExp(`"orderId": "${ctx.orderId}"`));
  const rows = page.getByTestId('event-row');
  assert.ok((await rows.count()) >= 2);
  assert.match((await rows.last().textContent()) ?? '', /Order(Confirmed|Paid)/);
  await screenshot(page, 'streams');
  // At 420 px the table scrolls inside the page; the page itself does not get wider.
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'streams-420');
  // A string, not a function: this package's Node typings have no DOM.
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  assert.equal(overflow, 0, 'no horizontal scroll of the page at 420 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Another row opens on demand.
  await rows.nth(1).getByRole('button').click();
  assert.equal(await page.getByTestId('event-json').count(), 2);

  // From the saga page, its order's stream; an unknown stream says so.
  await page.goBack();
  await page.getByTestId('order-stream').click();
  await page.waitForURL(new RegExp(`/dashboard/streams/order-${ctx.orderId}$`));
  await waitForText(page.getByTestId('stream-revision'), /Current revision/);
  await page.getByLabel('Stream').fill('order-nobody');
  await page.getByRole('button', { name: 'Open' }).click();
  await waitForText(page.locator('main'), /No stream order-nobody/);
  await page.close();
});

test('All events: filter $all by order id and type, page by position, the page survives a reload', async (ctx) => {
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/dashboard/streams`);
  const all = page.getByTestId('all-events');
  await waitForText(all.getByTestId('all-events-range'), /from the start/);
  await all.getByLabel('Order id').fill(ctx.orderId);
  await all.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(new RegExp(`orderId=${ctx.orderId}`));
  await waitForText(all.getByTestId('all-events-range'), /^\d+ event\(s\)/);
  const streams = await all.locator('[data-testid="event-row"] td:nth-child(5)').allTextContents();
  assert.ok(streams.includes(`order-${ctx.orderId}`) && streams.includes('inventory-EVB-1'), streams.join());
  assert.ok(!(await all.textContent())?.includes(ctx.other), 'nothing of the other order');
  await screenshot(page, 'streams-all');

  // One OrderCreated per page: the cursor goes into the URL.
  await page.goto(`${ctx.base}/dashboard/streams?types=OrderCreated&limit=1`);
  await waitForText(all.getByTestId('all-events-range'), /^1 event\(s\) from the start/);
  const first = await all.getByTestId('event-row').getAttribute('data-position');
  await all.getByRole('button', { name: 'Next page' }).click();
  await page.waitForURL(new RegExp(`after=${first}`));
  await waitForText(
    all.getByTestId('all-events-range'),
    new RegExp(`^1 event\\(s\\) after position ${first}`),
  );
  await page.reload();
  await waitForText(all.getByTestId('all-events-range'), new RegExp(`after position ${first}`));
  const second = all.getByTestId('event-row');
  assert.notEqual(await second.getAttribute('data-position'), first);
  assert.equal(
    await all.getByRole('button', { name: 'Next page' }).isDisabled(),
    true,
    'two orders, two pages',
  );
  await page.close();
});

test.run();
