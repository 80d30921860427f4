import type pg from 'pg';

const guarded = new WeakSet<pg.Pool>();
const ignore = (): void => undefined;

/**
 * Gives every client of `pool` a permanent 'error' listener from its first checkout on.
 * node-postgres emits 'error' on a client whose connection dies (`pg_terminate_backend`, a
 * Postgres restart) even between its statements, and pg-pool listens only while the client is
 * idle: a client held checked out at that moment, by whatever code, would end the process with
 * an unhandled 'error' event. The statement in flight still fails with the error, and pg-pool
 * still discards the client (it is no longer queryable) when it is released. Idempotent.
 */
export function guardPoolClients(pool: pg.Pool): void {
  if (guarded.has(pool)) return;
  guarded.add(pool);
  pool.on('acquire', (client) => {
    if (!client.listeners('error').includes(ignore)) client.on('error', ignore);
  });
}
