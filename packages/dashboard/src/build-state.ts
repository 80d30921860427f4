import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built dashboard is: ORDERFLOW_DASHBOARD_DIR when set; else, in the production build
 * (`pnpm build` bundles this module into packages/cli/dist/main.js and copies the dashboard next
 * to it), `./dashboard` beside the bundle; else where `vite build` writes it,
 * packages/dashboard/dist.
 */
export const DASHBOARD_DIST = dashboardDist();

function dashboardDist(): string {
  if (process.env.ORDERFLOW_DASHBOARD_DIR) return process.env.ORDERFLOW_DASHBOARD_DIR;
  const bundled = fileURLToPath(new URL('./dashboard', import.meta.url));
  if (existsSync(join(bundled, 'index.html'))) return bundled;
  return fileURLToPath(new URL('../dist', import.meta.url));
}

/** The dashboard package's root: index.html, graphiql.html, vite.config.ts and web/ are the build's inputs. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** True when `distDir` holds a build (its index.html). */
export const isDashboardBuilt = (distDir: string = DASHBOARD_DIST): boolean =>
  existsSync(join(distDir, 'index.html'));

/** The newest modification time (ms) of the files under `dir`, recursively. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/ is missing, older than a source of the web app (web/, index.html, graphiql.html,
 * vite.config.ts: someone changed it without rebuilding), or fresh. By modification times.
 */
export function dashboardBuildState(): 'missing' | 'stale' | 'fresh' {
  if (!isDashboardBuilt()) return 'missing';
  const built = statSync(join(DASHBOARD_DIST, 'index.html')).mtimeMs;
  const sources = Math.max(
    newestMtime(join(PACKAGE_ROOT, 'web')),
    statSync(join(PACKAGE_ROOT, 'index.html')).mtimeMs,
    statSync(join(PACKAGE_ROOT, 'graphiql.html')).mtimeMs,
    statSync(join(PACKAGE_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built ? 'stale' : 'fresh';
}

/**
 * For a browser test's `before` hook: returns when the dashboard's build is fresh, else prints
 * what to run (uvu does not print an error thrown by a before hook) and throws it.
 * @throws Error naming the state (`missing` or `stale`) and the build command.
 */
export function requireFreshDashboardBuild(): void {
  const build = dashboardBuildState();
  if (build === 'fresh') return;
  const message =
    `the dashboard's build is ${build} (packages/dashboard/dist ` +
    `${build === 'stale' ? 'is older than web/' : 'has no index.html'}): ` +
    'run pnpm --filter @orderflow/dashboard build (pnpm install also builds it)';
  console.error(`\n${message}\n`);
  throw new Error(message);
}
