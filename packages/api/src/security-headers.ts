import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** A Content-Security-Policy as directive → sources. */
type Policy = Readonly<Record<string, readonly string[]>>;

/**
 * The Content-Security-Policy of every response (dashboard, API): the server's own origin and
 * nothing else, no inline script or style, no eval. `'self'` covers the dashboard's WebSocket
 * to /graphql too (CSP Level 3 §6.7.2.8: 'self' matches ws:/wss: of the same host).
 * `upgrade-insecure-requests` is left out: the server is also reached over plain http on
 * 127.0.0.1, where it would send the page's requests to an https that does not exist.
 */
export const CONTENT_SECURITY_POLICY: Policy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * GraphiQL's page (/graphiql, outside production only): the same, but styles also
 * `'unsafe-inline'` and fonts also `data:`. Monaco, GraphiQL's editor, writes `<style>`
 * elements and `style` attributes at run time, and its styles embed a font as a data: URL (seen
 * as style-src-elem, style-src-attr and font-src violations in the browser test without them);
 * no nonce or hash can cover styles made at run time, and a data: URL is the bundle's own
 * bytes, not a request. Scripts stay 'self' only.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY: Policy = {
  ...CONTENT_SECURITY_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
};

/** The header value of `policy`. */
export const cspHeader = (policy: Policy): string =>
  Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';');

/**
 * Security headers on every route (@fastify/helmet, helmet 8's defaults otherwise: nosniff,
 * `Referrer-Policy: no-referrer`, `Cross-Origin-Opener-Policy`/`-Resource-Policy: same-origin`,
 * HSTS for when the server sits behind TLS, …) with {@link CONTENT_SECURITY_POLICY}, and
 * `X-Frame-Options: DENY`, older browsers' frame-ancestors 'none': the dashboard keeps the
 * admin key in sessionStorage and must not be framed or run another origin's script.
 * `graphiqlPath` gets {@link GRAPHIQL_CONTENT_SECURITY_POLICY}.
 */
export async function registerSecurityHeaders(app: FastifyInstance, graphiqlPath: string): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => [k, [...v]])),
    },
    frameguard: { action: 'deny' },
  });
  const graphiql = cspHeader(GRAPHIQL_CONTENT_SECURITY_POLICY);
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url === graphiqlPath) reply.header('content-security-policy', graphiql);
    return payload;
  });
}
