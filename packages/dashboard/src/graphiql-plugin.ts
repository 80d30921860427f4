import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Where GraphiQL is served. */
export const GRAPHIQL_PATH = '/graphiql';

/** GraphiQL's page in the dashboard's build (its assets are the dashboard's, under /dashboard/assets/). */
export const GRAPHIQL_HTML = 'graphiql.html';

/**
 * Serves GraphiQL (the `graphiql` package, built with the dashboard: web/graphiql/) at
 * /graphiql: the page is `root/graphiql.html`, revalidated on every load; its scripts, styles,
 * fonts and Monaco workers are the dashboard's hashed assets under /dashboard/assets/, so
 * nothing is fetched from another host. Called by the dashboard plugin (it needs that
 * context's @fastify/static `sendFile`), only when asked (outside production). Without the page
 * in the build, /graphiql answers 503 with how to build it.
 */
export function serveGraphiql(app: FastifyInstance, root: string): void {
  app.get(GRAPHIQL_PATH, (_request, reply) => {
    if (!existsSync(join(root, GRAPHIQL_HTML)))
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          `GraphiQL is not built (no ${join(root, GRAPHIQL_HTML)}): run pnpm --filter @orderflow/dashboard build`,
        );
    return reply.header('cache-control', 'no-cache').sendFile(GRAPHIQL_HTML, root, { cacheControl: false });
  });
}
