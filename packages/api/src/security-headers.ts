import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response (dashboard, GraphiQL, API): the server's own
 * origin and nothing else. `'self'` covers the page's WebSocket to /graphql too (CSP Level 3
 * §6.7.2.8: 'self' matches ws:/wss: of the same host). `data:` images and fonts are inline
 * resources of the bundles (Monaco's and uPlot's), not requests to another host. Styles allow
 * `'unsafe-inline'`: Monaco (GraphiQL's editor) and React set style elements and attributes at
 * run time, which a nonce cannot cover; scripts stay 'self' only (no inline script, no eval).
 * `upgrade-insecure-requests` is left out: the server is also reached over plain http on
 * 127.0.0.1, where it would send the page's requests to an https that does not exist.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * Security headers on every route (@fastify/helmet, helmet 8's defaults otherwise: nosniff,
 * `Referrer-Policy: no-referrer`, `Cross-Origin-Opener-Policy`/`-Resource-Policy: same-origin`,
 * HSTS for when the server sits behind TLS, …) with {@link CONTENT_SECURITY_POLICY} and
 * `X-Frame-Options: DENY`, the older browsers' frame-ancestors 'none': the dashboard keeps the
 * admin key in sessionStorage and must not be framed or load another origin's script.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => [k, [...v]])),
    },
    frameguard: { action: 'deny' },
  });
}
