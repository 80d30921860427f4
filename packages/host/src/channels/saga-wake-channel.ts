import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { listen, type Listener } from './listen.ts';

/** Postgres NOTIFY channel: an operator action queued saga commands (saga worker, send them now). */
export const SAGA_WAKE_CHANNEL = 'orderflow_saga_wake';

/**
 * Wakes the saga worker wherever it runs: NOTIFY {@link SAGA_WAKE_CHANNEL}. Best effort — the
 * worker's sweep (every second) sends the queued commands anyway.
 */
export function notifySagaWake(db: Knex, logger: Logger): void {
  db.raw('SELECT pg_notify(?, ?)', [SAGA_WAKE_CHANNEL, '']).catch((err: unknown) =>
    logger.warn({ err }, 'saga wake-up not notified'),
  );
}

/** Calls `wake` on each {@link SAGA_WAKE_CHANNEL} notification. */
export function listenSagaWake(db: Knex, wake: () => void, logger: Logger): Listener {
  return listen(db, SAGA_WAKE_CHANNEL, () => wake(), logger);
}
