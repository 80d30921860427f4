import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** Where the browser tests save their screenshots: artifacts/dashboard/ at the repository root. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../../artifacts/dashboard/', import.meta.url));

/** Saves a full-page screenshot as artifacts/dashboard/<step>.png; returns its path. */
export async function screenshot(page: Page, step: string): Promise<string> {
  const path = join(SCREENSHOTS, `${step}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Waits until `locator`'s text matches `pattern` (polling every 50 ms, up to `timeoutMs`) and
 * returns the text.
 * @throws Error with the last text seen when it does not match in time.
 */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = (await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => '')) ?? '';
    if (pattern.test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`expected text ${pattern} within ${timeoutMs} ms; last: "${last}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `app` listening on a free port of 127.0.0.1 and returns its base URL (`http://127.0.0.1:<port>`). */
export async function listenLocally(app: {
  listen(options: { port: number; host: string }): Promise<unknown>;
  server: { address(): AddressInfo | string | null };
}): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
