import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DASHBOARD_DIST, isDashboardBuilt } from './build-state.ts';
import { GRAPHIQL_HTML, GRAPHIQL_PATH, serveGraphiql } from './graphiql-plugin.ts';

/** The URL path the dashboard lives under (Vite's `base`). */
export const DASHBOARD_PREFIX = '/dashboard/';

/** Options of {@link dashboardPlugin}. */
export interface DashboardPluginOptions {
  /** The built dashboard; default {@link DASHBOARD_DIST}. */
  readonly distDir?: string;
  /** Also serve GraphiQL at /graphiql (see graphiql-plugin.ts); default false. */
  readonly graphiql?: boolean;
}

/** Hashed build outputs never change under their name; everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serves the saga dashboard, a single-page app, under /dashboard/: the files of `distDir`
 * (@fastify/static; `assets/*` cached for a year, they are content-hashed), index.html for every
 * other path under /dashboard/ so client routes like /dashboard/sagas/<id> deep-link, and a
 * redirect from /dashboard to /dashboard/. The shell holds no data (GraphQL asks for the admin
 * key), so it is served without one. When the dashboard is not built, /dashboard/* answers 503
 * with how to build it instead of failing the server's start (and /graphiql, when asked, too).
 */
export async function dashboardPlugin(
  app: FastifyInstance,
  options: DashboardPluginOptions = {},
): Promise<void> {
  const root = options.distDir ?? DASHBOARD_DIST;
  // The query string goes along: the list keeps its filters and page there (react-router writes
  // `/dashboard?…` for the list), so a reload must land on the same page.
  app.get('/dashboard', (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`${DASHBOARD_PREFIX}${query < 0 ? '' : request.url.slice(query)}`, 301);
  });

  if (!isDashboardBuilt(root)) {
    if (options.graphiql) serveGraphiql(app, root);
    app.get(`${DASHBOARD_PREFIX}*`, (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          `The dashboard is not built (no ${join(root, 'index.html')}): run pnpm --filter @orderflow/dashboard build`,
        ),
    );
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: DASHBOARD_PREFIX,
    // Routes for the files that exist; the catch-all below is the SPA fallback.
    wildcard: false,
    // GraphiQL's page is in the same build, but served only at /graphiql (outside production).
    allowedPath: (path, _root, request) =>
      path !== `/${GRAPHIQL_HTML}` || request.routeOptions.url === GRAPHIQL_PATH,
    cacheControl: false,
    setHeaders: (reply, path) =>
      void reply.header('cache-control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : REVALIDATE),
  });
  if (options.graphiql) serveGraphiql(app, root);
  const shell = (reply: FastifyReply) =>
    reply.header('cache-control', REVALIDATE).sendFile('index.html', root, { cacheControl: false });

  app.get(`${DASHBOARD_PREFIX}*`, (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    // A missing file (an old asset, a typo) is a 404, not the app: only client routes get the shell.
    if (path.startsWith('assets/') || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return shell(reply);
  });
}
