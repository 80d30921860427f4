import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package: the browser the dashboard's tests and benchmark drive. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium flags for a machine without internet: without them Chromium keeps trying Google's
 * services (sync, component updates, QUIC probes) and floods the log with refused connections.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ENSURE_SCRIPT = fileURLToPath(new URL('../../../../infra/local/ensure-chromium.sh', import.meta.url));

/**
 * Makes sure {@link CHROMIUM} exists, installing Debian's package with
 * infra/local/ensure-chromium.sh when it does not (apt-get; sudo when not root).
 * @throws Error when it is still missing afterwards.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync(ENSURE_SCRIPT, { stdio: 'inherit' });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing after ${ENSURE_SCRIPT}`);
}

/** A headless Chromium with its own fresh profile; `close()` also deletes the profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts {@link CHROMIUM} headless (playwright-core) with {@link CHROMIUM_ARGS} and a fresh
 * temporary `--user-data-dir` (playwright takes it as the persistent context's directory), a
 * 1280×900 viewport. Installs Chromium first when missing (see {@link ensureChromium}).
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'orderflow-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 900 },
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The sessionStorage entry the dashboard keeps the admin key in (web/api/session.ts). */
export const ADMIN_KEY_STORAGE = 'orderflow.adminKey';

/**
 * Makes every page of `context` start logged in with `key` (sessionStorage set before the
 * dashboard's scripts run), for measurements that skip the login page.
 */
export async function presetAdminKey(context: BrowserContext, key: string): Promise<void> {
  await context.addInitScript({
    content: `sessionStorage.setItem(${JSON.stringify(ADMIN_KEY_STORAGE)}, ${JSON.stringify(key)});`,
  });
}
