/**
 * GraphiQL and the dashboard in headless Chromium with every request to another host blocked
 * and counted (as on a machine without internet, or behind a strict proxy): /graphiql renders,
 * runs a query with the key typed into its Headers editor and receives a subscription event
 * over the WebSocket; /dashboard loads; neither asks another host for anything, and neither
 * trips the server's Content-Security-Policy. Screenshots go to artifacts/dashboard/.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
// A relative import, not a dependency: @orderflow/api depends on this package (see dashboard.e2e.test.ts).
import { PLACE, REGISTER, startHarness, type Harness } from '../../api/src/test/harness.ts';
import { launchChromium, presetAdminKey, type HeadlessChromium } from './browser/chromium.ts';
import { listenLocally, screenshot, waitForText } from './browser/page-helpers.ts';
import { requireFreshDashboardBuild } from './build-state.ts';

interface Context {
  h: Harness;
  browser: HeadlessChromium;
  base: string;
  /** Every URL the pages asked for that is not on 127.0.0.1 (aborted). */
  external: string[];
  /** Every URL the pages asked for on 127.0.0.1 (WebSockets included). */
  local: string[];
}

const test = suite<Context>('GraphiQL and the dashboard offline');

const isLocal = (url: string) => {
  const { protocol, hostname } = new URL(url);
  // data: and blob: URLs are the page's own bytes, not requests to a host.
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
};

/** Collects the page's CSP violations (reported by the browser as `securitypolicyviolation`). */
const CSP_PROBE = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
`;
const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);

test.before(async (ctx) => {
  requireFreshDashboardBuild();
  ctx.external = [];
  ctx.local = [];
  ctx.h = await startHarness({ server: { graphiql: true } });
  ctx.base = await listenLocally(ctx.h.orderflow.app);
  ctx.browser = await launchChromium();
  const { context } = ctx.browser;
  await context.addInitScript({ content: CSP_PROBE });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    ctx.external.push(url);
    return route.abort('blockedbyclient');
  });
  // page.route does not see WebSockets: record them apart (the server's is the only one allowed).
  await context.routeWebSocket(/.*/, (ws) => {
    if (isLocal(ws.url())) {
      ctx.local.push(ws.url());
      ws.connectToServer();
    } else {
      ctx.external.push(ws.url());
      void ws.close();
    }
  });
  context.on('request', (request) => {
    if (isLocal(request.url())) ctx.local.push(request.url());
  });
  await ctx.h.ok(REGISTER, { sku: 'GIQL-1', stock: 100 });
});

test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.h?.close();
});

/**
 * The text of GraphiQL's response pane without whitespace (Monaco renders it as lines of spans
 * and wraps long values, so a space can land anywhere).
 */
const responseText = (page: Page) => page.locator('.graphiql-response').innerText();

async function waitForResponse(page: Page, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await responseText(page).catch(() => '')).replace(/\s+/g, '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`GraphiQL response never matched ${pattern}; last: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens /graphiql with `query` in the editor and waits for the editors to be ready. */
async function openGraphiql(ctx: Context, query: string): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  await page.goto(`${ctx.base}/graphiql?query=${encodeURIComponent(query)}`);
  await page.locator('.graphiql-container').waitFor();
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
  return page;
}

/** Replaces the Headers editor's text with `json` (Monaco: select all, then insert as typed text). */
async function setHeaders(page: Page, json: string): Promise<void> {
  const tab = page.getByRole('button', { name: 'Headers', exact: true });
  if (!/\bactive\b/.test((await tab.getAttribute('class')) ?? '')) await tab.click();
  const editor = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor');
  await editor.click();
  // Keys go to whichever editor has the focus: wait until it is this one (Monaco marks it).
  await page.waitForFunction((el) => el?.classList.contains('focused'), await editor.elementHandle());
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(json);
  await waitForText(editor, new RegExp(json.slice(-12).replace(/[^\w]/g, '.')));
}

test('/graphiql renders from local assets and runs a query with the key typed into Headers', async (ctx) => {
  const page = await openGraphiql(ctx, '{ products(first: 5) { totalCount edges { node { sku } } } }');
  // Without a key (no dashboard login on this tab) the API refuses: the placeholder is no key.
  await page.getByRole('button', { name: /Execute query/ }).click();
  await waitForResponse(page, /"code":"UNAUTHENTICATED"/);
  await setHeaders(page, `{"authorization": "Bearer ${ctx.h.adminKey}"}`);
  await page.getByRole('button', { name: /Execute query/ }).click();
  const text = await waitForResponse(page, /"totalCount":1/);
  assert.match(text, /"sku":"GIQL-1"/);
  // The schema came through introspection: the documentation explorer lists the root types.
  await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
  await waitForText(page.locator('.graphiql-doc-explorer'), /Query/);
  await screenshot(page, 'graphiql-query');
  assert.deepEqual(await violations(page), [], 'no CSP violation');
  await page.close();
});

test('/graphiql receives a subscription event over the WebSocket, the key in connection_init', async (ctx) => {
  const page = await openGraphiql(ctx, 'subscription { sagaUpdated { id type status } }');
  await setHeaders(page, `{"Authorization": "Bearer ${ctx.h.adminKey}"}`);
  await page.getByRole('button', { name: /Execute query/ }).click();
  // The subscription is open once the socket is: then an order starts a saga.
  const deadline = Date.now() + 10_000;
  while (!ctx.local.some((url) => url.startsWith('ws://127.0.0.1'))) {
    if (Date.now() > deadline) throw new Error('GraphiQL opened no WebSocket');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { placeOrder } = await ctx.h.ok<{ placeOrder: { orderId: string } }>(PLACE, {
    input: { customerId: 'c-giql', lines: [{ sku: 'GIQL-1', quantity: 1, unitPrice: 250 }] },
    key: 'giql-1',
  });
  const text = await waitForResponse(page, new RegExp(`"id":"order-fulfillment:${placeOrder.orderId}"`));
  assert.match(text, /"type":"order-fulfillment"/);
  await screenshot(page, 'graphiql-subscription');
  assert.deepEqual(await violations(page), [], 'no CSP violation');
  await page.close();
});

test('/dashboard loads with no request to another host and no CSP violation', async (ctx) => {
  const page = await ctx.browser.context.newPage();
  await presetAdminKey(ctx.browser.context, ctx.h.adminKey);
  await page.goto(`${ctx.base}/dashboard/`);
  await waitForText(page.getByTestId('total-count'), /^\d+ saga\(s\)/);
  await page.locator('.chart canvas').first().waitFor();
  await waitForText(page.getByTestId('live'), /live/);
  assert.deepEqual(await violations(page), [], 'no CSP violation');
  await page.close();
});

test('no page asked another host for anything', (ctx) => {
  assert.deepEqual(ctx.external, []);
  assert.ok(
    ctx.local.some((url) => url.includes('/dashboard/assets/')),
    'the assets came from the server',
  );
});

test.run();
